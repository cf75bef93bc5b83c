// Semaphore.limit: the number of permits, settable while the semaphore is in use
// (p-limit's `limit.concurrency = n`, p-queue's `concurrency` setter).
import { describe, expect, it } from "vitest";
import { BoundedSemaphore, Semaphore, createTask, gather, sleep } from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("Semaphore.limit", () => {
  it("raising the limit wakes as many waiters as there are new permits, FIFO", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(1);
      const starts: [number, number][] = [];
      const tasks = [0, 1, 2, 3].map((n) =>
        createTask(() =>
          sem.withLock(async () => {
            starts.push([n, now()]);
            await sleep(100);
          }),
        ),
      );
      await sleep(10);
      expect(sem.limit).toBe(1);
      sem.limit = 3;
      expect(sem.limit).toBe(3);
      // Both new permits are handed to waiters at once (reserved, as asyncio's release()
      // does), so none is left for a newcomer to barge in with.
      expect(sem.value).toBe(0);
      expect(sem.locked()).toBe(true);
      await gather(tasks);
      expect(starts).toEqual([
        [0, 0],
        [1, 10],
        [2, 10],
        [3, 100],
      ]);
      expect(sem.value).toBe(3);
    });
  });

  it("lowering the limit below the permits in use makes new acquirers wait until enough are released", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(3);
      let active = 0;
      let peakAfter = 0;
      let lowered = false;
      const tasks = Array.from({ length: 6 }, (_, n) =>
        createTask(() =>
          sem.withLock(async () => {
            active++;
            if (lowered) peakAfter = Math.max(peakAfter, active);
            await sleep(10 * (n + 1));
            active--;
          }),
        ),
      );
      await sleep(1);
      sem.limit = 1;
      lowered = true;
      expect(sem.value).toBe(-2);
      expect(sem.locked()).toBe(true);
      await gather(tasks);
      expect(peakAfter).toBe(1);
      expect(sem.value).toBe(1);
    });
  });

  it("a BoundedSemaphore's bound follows its limit", async () => {
    await runVirtual(async () => {
      const sem = new BoundedSemaphore(2);
      sem.limit = 3;
      expect(sem.value).toBe(3);
      expect(() => sem.release()).toThrow(RangeError);
    });
    await runVirtual(async () => {
      const sem = new BoundedSemaphore(2);
      await sem.acquire();
      sem.limit = 1; // value 1 - 1 = 0
      expect(sem.value).toBe(0);
      sem.release();
      expect(() => sem.release()).toThrow(RangeError);
    });
  });

  it("rejects a bad limit naming it", () => {
    const sem = new Semaphore(1);
    expect(() => {
      sem.limit = -1;
    }).toThrow(new RangeError("Expected `limit` to be an integer >= 0, got `-1` (number)"));
    expect(() => {
      sem.limit = "2" as never;
    }).toThrow(TypeError);
    expect(sem.limit).toBe(1);
  });
});
