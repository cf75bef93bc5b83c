// Mirrors CPython Lib/test/test_asyncio/test_locks.py (EventTests).
import { describe, expect, it } from "vitest";
import { CancelledError, Event, createTask, sleep } from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("Event", () => {
  // test_wait
  it("wakes every waiter on set()", async () => {
    await runVirtual(async () => {
      const event = new Event();
      const woken: number[] = [];
      const tasks = [1, 2, 3].map((n) =>
        createTask(async () => {
          await event.wait();
          woken.push(n);
        }),
      );
      await sleep(1);
      expect(woken).toEqual([]);
      event.set();
      await Promise.all(tasks);
      expect(woken).toEqual([1, 2, 3]);
      expect(await event.wait()).toBe(true);
    });
  });

  // test_wait_cancel
  it("a cancelled waiter leaves; clear() makes wait block again", async () => {
    await runVirtual(async () => {
      const event = new Event();
      const waiter = createTask(() => event.wait());
      await sleep(0);
      waiter.cancel();
      await expect(waiter).rejects.toThrow(CancelledError);
      expect(String(event)).toBe("<Event [unset]>");
      event.set();
      expect(event.isSet()).toBe(true);
      event.clear();
      const again = createTask(() => event.wait());
      await sleep(10);
      expect(again.done()).toBe(false);
      again.cancel();
    });
  });
});
