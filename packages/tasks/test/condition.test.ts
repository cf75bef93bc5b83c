// Mirrors CPython Lib/test/test_asyncio/test_locks.py (ConditionTests).
import { describe, expect, it } from "vitest";
import { CancelledError, Condition, Lock, RuntimeError, createTask, sleep } from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("Condition", () => {
  // test_wait / test_notify: notify(n) wakes n waiters in FIFO order.
  it("notify(n) wakes n waiters in FIFO order", async () => {
    await runVirtual(async () => {
      const cond = new Condition();
      const woken: number[] = [];
      const tasks = [1, 2, 3].map((n) =>
        createTask(() =>
          cond.withLock(async () => {
            await cond.wait();
            woken.push(n);
          }),
        ),
      );
      await sleep(1);
      await cond.withLock(() => cond.notify(2));
      await sleep(1);
      expect(woken).toEqual([1, 2]);
      await cond.withLock(() => cond.notifyAll());
      await Promise.all(tasks);
      expect(woken).toEqual([1, 2, 3]);
    });
  });

  // test_wait_for
  it("waitFor re-checks the predicate on each notification", async () => {
    await runVirtual(async () => {
      const cond = new Condition();
      let value = 0;
      const waiter = createTask(() =>
        cond.withLock(() => cond.waitFor(() => (value >= 2 ? value : 0))),
      );
      for (let i = 0; i < 2; i++) {
        await sleep(1);
        await cond.withLock(() => {
          value++;
          cond.notify();
        });
      }
      expect(await waiter).toBe(2);
    });
  });

  // test_wait_cancel / test_wait_cancel_contested: the lock is re-acquired even when cancelled.
  it("re-acquires the lock when the waiting task is cancelled", async () => {
    await runVirtual(async () => {
      const cond = new Condition();
      let heldInFinally: boolean | undefined;
      const waiter = createTask(async () => {
        await cond.acquire();
        try {
          await cond.wait();
        } finally {
          heldInFinally = cond.locked();
          cond.release();
        }
      });
      await sleep(1);
      await cond.acquire(); // contested: the cancelled waiter must wait for us
      waiter.cancel();
      await sleep(1);
      expect(waiter.done()).toBe(false);
      cond.release();
      await expect(waiter).rejects.toThrow(CancelledError);
      expect(heldInFinally).toBe(true);
    });
  });

  // test_cancelled_wakeup / 3.13 gh-112202: notified then cancelled → the notification goes to another waiter.
  it("passes a notification on when the notified waiter is cancelled", async () => {
    await runVirtual(async () => {
      const cond = new Condition();
      const woken: string[] = [];
      const make = (name: string) =>
        createTask(() =>
          cond.withLock(async () => {
            await cond.wait();
            woken.push(name);
          }),
        );
      const a = make("a");
      const b = make("b");
      await sleep(1);
      await cond.acquire();
      cond.notify(1); // notifies a
      a.cancel(); // a is cancelled before it re-acquires the lock
      cond.release();
      await expect(a).rejects.toThrow(CancelledError);
      await sleep(1);
      expect(woken).toEqual(["b"]);
      await b;
    });
  });

  // test_notify_unacquired / test_wait_unacquired
  it("throws RuntimeError for wait/notify without the lock", async () => {
    await runVirtual(async () => {
      const cond = new Condition(new Lock());
      // asyncio's own messages, not the lock's "Lock is not acquired" from release().
      await expect(cond.wait()).rejects.toThrow(
        new RuntimeError("cannot wait on un-acquired lock"),
      );
      expect(() => cond.notify()).toThrow(new RuntimeError("cannot notify on un-acquired lock"));
      expect(() => cond.notifyAll()).toThrow(new RuntimeError("cannot notify on un-acquired lock"));
      expect(() => new Condition({} as never)).toThrow(
        new TypeError("Expected `lock` to be a Lock, got `{}` (object)"),
      );
    });
  });

  it("names the bad argument of notify(n) and waitFor(predicate)", async () => {
    await runVirtual(async () => {
      const cond = new Condition();
      await cond.acquire();
      expect(() => cond.notify(-1)).toThrow(
        new RangeError("Expected `n` to be an integer >= 0, got `-1` (number)"),
      );
      expect(() => cond.waitFor("ready" as never)).toThrow(
        new TypeError("Expected `predicate` to be a function, got `'ready'` (string)"),
      );
      cond.release();
    });
  });

  // test_repr: `[locked]` / `[unlocked]`, then `, waiters:N`
  it("shows the lock's state and its waiters in String(), as asyncio's repr does", async () => {
    await runVirtual(async () => {
      const cond = new Condition();
      expect(String(cond)).toBe("<Condition [unlocked]>");
      await cond.acquire();
      expect(String(cond)).toBe("<Condition [locked]>");
      const waiters = [0, 1].map(() => createTask(() => cond.withLock(() => cond.wait())));
      cond.release();
      await sleep(0);
      await cond.acquire();
      expect(String(cond)).toBe("<Condition [locked, waiters:2]>");
      cond.notifyAll();
      cond.release();
      await Promise.all(waiters);
      expect(String(cond)).toBe("<Condition [unlocked]>");
    });
  });

  it("names wait() and waitFor() in their coroutines' String() (never-awaited warnings)", async () => {
    await runVirtual(() => {
      const cond = new Condition();
      expect(String(cond.wait())).toBe("<coroutine object wait>");
      expect(String(cond.waitFor(() => true))).toBe("<coroutine object waitFor>");
    });
  });

  // test_cancelled_error_re_aquire: cancelled while re-acquiring the lock after a notify, wait
  // still re-acquires it and then raises that CancelledError, unmodified
  it("a waiter cancelled while re-acquiring the lock re-acquires it, then raises that CancelledError", async () => {
    await runVirtual(async () => {
      let wake = false;
      let heldWhenRaised = false;
      let raised: unknown = "not raised";
      const cond = new Condition();
      const task = createTask(() =>
        cond.withLock(async () => {
          try {
            await cond.waitFor(() => wake);
          } catch (error) {
            heldWhenRaised = cond.locked();
            raised = error;
            throw error;
          }
        }),
      );
      await sleep(0);
      await cond.acquire();
      wake = true;
      cond.notify();
      await sleep(0); // the task now waits to re-acquire the lock
      task.cancel("foo");
      cond.release();
      const outcome = await task.then(
        () => "resolved",
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(CancelledError);
      expect((outcome as CancelledError).message).toBe("foo");
      expect(outcome).toBe(raised);
      expect(heldWhenRaised).toBe(true);
    });
  });
});
