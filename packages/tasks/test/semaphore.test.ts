// Mirrors CPython Lib/test/test_asyncio/test_locks.py (SemaphoreTests).
import { describe, expect, it } from "vitest";
import {
  BoundedSemaphore,
  CancelledError,
  Semaphore,
  createTask,
  currentTask,
  gather,
  sleep,
} from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("Semaphore", () => {
  // test_acquire / test_acquire_fifo_order
  it("limits concurrency and admits waiters FIFO", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(2);
      let active = 0;
      let peak = 0;
      const order: number[] = [];
      await gather(
        ...[1, 2, 3, 4, 5].map((n) =>
          createTask(() =>
            sem.withLock(async () => {
              order.push(n);
              peak = Math.max(peak, ++active);
              await sleep(10);
              active--;
            }),
          ),
        ),
      );
      expect(peak).toBe(2);
      expect(order).toEqual([1, 2, 3, 4, 5]);
      expect(sem.value).toBe(2);
    });
  });

  // test_acquire_cancel: a cancelled waiter never takes a permit.
  it("a waiter cancelled while waiting never takes a permit", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(0);
      const waiter = createTask(() => sem.acquire());
      await sleep(0);
      waiter.cancel();
      await expect(waiter).rejects.toThrow(CancelledError);
      sem.release();
      expect(sem.value).toBe(1);
      expect(sem.locked()).toBe(false);
    });
  });

  // test_acquire_cancel_before_awoken / test_acquire_hang: woken then cancelled → permit given back.
  it("a waiter woken and cancelled before resuming gives the permit to the next", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(0);
      const a = createTask(() => sem.acquire());
      const b = createTask(() => sem.acquire());
      await sleep(0);
      sem.release(); // wakes a
      a.cancel(); // ... which is cancelled before it resumes
      await expect(a).rejects.toThrow(CancelledError);
      expect(await b).toBe(true); // the permit went on to b
      expect(sem.value).toBe(0);
      sem.release();
      expect(sem.value).toBe(1);
    });
  });

  // test_context_manager with the body a Future (withLock's no-promise path): the permit is
  // held until the future is done, given back on cancellation while holding, never taken by
  // a task cancelled while waiting; after a wait the body runs in the caller's task.
  it("withLock with a Future body: releases on done and on cancel, runs in the caller's task", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(1);
      expect(await sem.withLock(() => sleep(5, "a"))).toBe("a");
      expect(sem.value).toBe(1);
      const holder = createTask(() => sem.withLock(() => sleep(1000)));
      let seen: unknown;
      const waiter = createTask(
        () =>
          sem.withLock(() => {
            seen = currentTask();
            return sleep(10, "w");
          }),
        { name: "waiter" },
      );
      const cancelledWaiter = createTask(() => sem.withLock(() => sleep(10)));
      await sleep(1);
      expect(sem.value).toBe(0);
      cancelledWaiter.cancel();
      await expect(cancelledWaiter).rejects.toThrow(CancelledError);
      holder.cancel();
      await expect(holder).rejects.toThrow(CancelledError);
      expect(await waiter).toBe("w");
      expect(seen).toBe(waiter);
      expect(sem.value).toBe(1);
      await expect(sem.withLock(() => Promise.reject(new Error("x")))).rejects.toThrow("x");
      await expect(
        sem.withLock(() => {
          throw new Error("sync");
        }),
      ).rejects.toThrow("sync");
      expect(sem.value).toBe(1);
    });
  });

  // test_initial_value_zero / ValueError on negative → RangeError
  it("validates the initial value", () => {
    expect(() => new Semaphore(-1)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
    expect(() => new Semaphore("2" as never)).toThrow(TypeError);
    expect(new Semaphore(0).locked()).toBe(true);
  });

  // BoundedSemaphore test_release_not_acquired (ValueError → RangeError)
  it("BoundedSemaphore refuses to be released above its bound", async () => {
    await runVirtual(async () => {
      const sem = new BoundedSemaphore(1);
      expect(() => sem.release()).toThrow(
        new RangeError("BoundedSemaphore released too many times (value 1, bound 1)"),
      );
      await sem.acquire();
      sem.release();
      expect(sem.value).toBe(1);
      {
        await using _permit = await sem.acquireScoped();
        expect(sem.value).toBe(0);
      }
      expect(sem.value).toBe(1);
    });
  });

  // test_repr: asyncio's `[locked]` / `[unlocked, value:N]`, then `, waiters:N`
  it("shows its state, value and waiters in String(), as asyncio's repr does", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(2);
      expect(String(sem)).toBe("<Semaphore [unlocked, value:2]>");
      await sem.acquire();
      await sem.acquire();
      expect(String(sem)).toBe("<Semaphore [locked]>");
      const waiters = [createTask(() => sem.acquire()), createTask(() => sem.acquire())];
      await sleep(0);
      expect(String(sem)).toBe("<Semaphore [locked, waiters:2]>");
      sem.release();
      sem.release();
      await gather(waiters);
      expect(String(new BoundedSemaphore(3))).toBe("<BoundedSemaphore [unlocked, value:3]>");
    });
  });
});
