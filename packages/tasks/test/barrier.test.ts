// Mirrors CPython Lib/test/test_asyncio/test_locks.py (BarrierTests).
import { describe, expect, it } from "vitest";
import {
  Barrier,
  BrokenBarrierError,
  CancelledError,
  createTask,
  gather,
  sleep,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("Barrier", () => {
  // test_barrier / test_barrier_parties_and_indices
  it("releases all parties together with distinct indices", async () => {
    await runVirtual(async () => {
      const barrier = new Barrier(3);
      const indices = await gather(
        ...[10, 20, 30].map((ms) =>
          createTask(async () => {
            await sleep(ms);
            const index = await barrier.wait();
            expect(now()).toBe(30);
            return index;
          }),
        ),
      );
      expect([...indices].sort()).toEqual([0, 1, 2]);
      expect(barrier.nWaiting).toBe(0);
      // reusable
      const again = await gather(...[1, 2, 3].map(() => createTask(() => barrier.wait())));
      expect([...again].sort()).toEqual([0, 1, 2]);
    });
  });

  // test_abort_barrier / test_reset_barrier
  it("abort() and reset() break the waiting tasks with BrokenBarrierError", async () => {
    await runVirtual(async () => {
      const barrier = new Barrier(3);
      const waiting = createTask(() => barrier.wait());
      await sleep(1);
      expect(barrier.nWaiting).toBe(1);
      await barrier.reset();
      await expect(waiting).rejects.toThrow(BrokenBarrierError);
      const another = createTask(() => barrier.wait());
      await sleep(1);
      await barrier.abort();
      await expect(another).rejects.toThrow(BrokenBarrierError);
      expect(barrier.broken).toBe(true);
      await expect(barrier.wait()).rejects.toThrow(BrokenBarrierError);
    });
  });

  // test_barrier_cancel-ish: a cancelled waiter leaves the count.
  it("a cancelled waiter leaves the barrier", async () => {
    await runVirtual(async () => {
      const barrier = new Barrier(2);
      const leaver = createTask(() => barrier.wait());
      await sleep(1);
      leaver.cancel();
      await expect(leaver).rejects.toThrow(CancelledError);
      expect(barrier.nWaiting).toBe(0);
      const results = await gather(
        createTask(() => barrier.wait()),
        createTask(() => barrier.wait()),
      );
      expect([...results].sort()).toEqual([0, 1]);
    });
  });

  it("validates parties", () => {
    expect(() => new Barrier(0)).toThrow(RangeError);
  });
});
