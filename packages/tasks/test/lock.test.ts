// Mirrors CPython Lib/test/test_asyncio/test_locks.py (LockTests).
import { describe, expect, it } from "vitest";
import { CancelledError, Lock, RuntimeError, createTask, sleep } from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("Lock", () => {
  // test_acquire: FIFO order of waiters.
  it("hands the lock to waiters in FIFO order", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      const order: number[] = [];
      await lock.acquire();
      const tasks = [1, 2, 3].map((n) =>
        createTask(async () => {
          await lock.acquire();
          order.push(n);
          lock.release();
        }),
      );
      await sleep(0);
      lock.release();
      await Promise.all(tasks);
      expect(order).toEqual([1, 2, 3]);
      expect(lock.locked()).toBe(false);
    });
  });

  // test_acquire_cancel: a waiter cancelled while waiting never takes the lock.
  it("a waiter cancelled while waiting never gets the lock", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      const waiter = createTask(() => lock.acquire());
      await sleep(0);
      waiter.cancel();
      await expect(waiter).rejects.toThrow(CancelledError);
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  // test_cancel_race / test_cancel_release_race: handed the lock, then cancelled → passed on.
  it("a waiter handed the lock and cancelled before resuming passes it on (no leak)", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      const order: string[] = [];
      const a = createTask(async () => {
        await lock.withLock(async () => {
          order.push("a");
          await sleep(0);
        });
      });
      const b = createTask(async () => {
        await lock.withLock(() => {
          order.push("b");
        });
      });
      await sleep(0);
      lock.release(); // hands to a
      a.cancel(); // before a resumes
      await Promise.allSettled([a, b]);
      expect(a.cancelled()).toBe(true);
      expect(order).toEqual(["b"]);
      expect(lock.locked()).toBe(false);
    });
  });

  // test_release_not_acquired
  it("throws RuntimeError when releasing an unlocked lock", () => {
    expect(() => new Lock().release()).toThrow(RuntimeError);
  });

  // test_context_manager: withLock / acquireScoped release on every exit path.
  it("withLock and acquireScoped release on return, throw and cancellation", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      expect(await lock.withLock(() => 1)).toBe(1);
      await expect(lock.withLock(() => Promise.reject(new Error("x")))).rejects.toThrow("x");
      expect(lock.locked()).toBe(false);
      const holder = createTask(() => lock.withLock(() => sleep(1000)));
      await sleep(1);
      expect(lock.locked()).toBe(true);
      holder.cancel();
      await expect(holder).rejects.toThrow(CancelledError);
      expect(lock.locked()).toBe(false);
      {
        await using held = await lock.acquireScoped();
        expect(lock.locked()).toBe(true);
        held.release();
        held.release(); // idempotent
      }
      expect(lock.locked()).toBe(false);
      expect(String(lock)).toBe("<Lock [unlocked]>");
    });
  });

  // test_repr / test_release_not_acquired: the exact repr with waiters, and the message.
  it("shows its waiters in String() and names the fault when released unacquired", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      expect(() => lock.release()).toThrow(new RuntimeError("Lock is not acquired"));
      await lock.acquire();
      const waiter = createTask(() => lock.acquire());
      await sleep(0);
      expect(String(lock)).toBe("<Lock [locked, waiters:1]>");
      lock.release();
      await waiter;
      expect(String(lock)).toBe("<Lock [locked]>");
      lock.release();
      expect(String(lock)).toBe("<Lock [unlocked]>");
    });
  });

  // asyncio's acquire fast path: `not self._locked and all(w.cancelled() for w in waiters)`
  it("a lock released to a woken waiter is not taken by a newcomer in the same step (no barging)", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      const order: string[] = [];
      const waiter = createTask(async () => {
        await lock.acquire();
        order.push("waiter");
        lock.release();
      });
      await sleep(0);
      lock.release(); // wakes the waiter; the lock is free until the waiter's step
      const mine = lock.acquire();
      expect(mine.done()).toBe(false);
      await mine;
      order.push("newcomer");
      lock.release();
      await waiter;
      expect(order).toEqual(["waiter", "newcomer"]);
    });
  });
});
