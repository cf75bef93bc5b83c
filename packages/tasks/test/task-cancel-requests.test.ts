// The bookkeeping of cancellation requests on a Task: what cancel(), cancelling(),
// uncancel() and `signal` give back, with asyncio 3.13's values (Lib/asyncio/tasks.py,
// Lib/test/test_asyncio/test_tasks.py), and when a request that races the function's return
// wins.
import { describe, expect, it } from "vitest";
import { CancelledError, createTask, currentTask, sleep } from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("Task cancellation requests", () => {
  // tasks.py uncancel(): `if self._num_cancels_requested > 0: ... -= 1`; never below 0.
  it("uncancel() on a task with no request returns 0 and leaves cancelling() at 0", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(10));
      expect(task.uncancel()).toBe(0);
      expect(task.uncancel()).toBe(0);
      expect(task.cancelling()).toBe(0);
      // A later request is counted from 0, and is delivered.
      expect(task.cancel()).toBe(true);
      expect(task.cancelling()).toBe(1);
      await expect(task).rejects.toThrow(CancelledError);
    });
  });

  // The same once the task has cancellation state: a request taken back, or its signal read.
  it("uncancel() never goes below 0 after a request was taken back or the signal was read", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(10));
      expect(task.cancel()).toBe(true);
      expect(task.uncancel()).toBe(0);
      expect(task.uncancel()).toBe(0);
      expect(task.cancelling()).toBe(0);
      const other = createTask(() => sleep(10));
      expect(other.signal.aborted).toBe(false);
      expect(other.uncancel()).toBe(0);
      expect(other.cancelling()).toBe(0);
      expect(await task).toBeUndefined(); // the request taken back is not delivered
      expect(await other).toBeUndefined();
    });
  });

  // tasks.py uncancel(): `_must_cancel` is reset only when the count reaches 0.
  it("uncancel() with requests left keeps a not-yet-delivered cancellation", async () => {
    await runVirtual(async () => {
      const task = createTask(async () => {
        const self = currentTask()!;
        self.cancel("first");
        self.cancel("second");
        expect(self.uncancel()).toBe(1);
        expect(self.signal.aborted).toBe(true);
        await sleep(1);
        return "not cancelled";
      });
      await expect(task).rejects.toThrow(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });

  // Task.cancel(): True unless the task is done, also while a CancelledError is on its way
  // to the function (test_cancel_yield's second cancel, made from the except block).
  it("cancel() returns true while the CancelledError is on its way to the function", async () => {
    await runVirtual(async () => {
      const answers: boolean[] = [];
      const task = createTask(async () => {
        try {
          await sleep(100);
        } catch (error) {
          answers.push(currentTask()!.cancel());
          throw error;
        }
      });
      await sleep(1);
      answers.push(task.cancel());
      await expect(task).rejects.toThrow(CancelledError);
      expect(answers).toEqual([true, true]);
      expect(task.cancelling()).toBe(2);
      expect(task.cancel()).toBe(false);
    });
  });

  it("gives the same signal each time it is read, and aborts it on cancel()", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(100));
      const first = task.signal;
      expect(task.signal).toBe(first);
      const reasons: unknown[] = [];
      first.addEventListener("abort", () => reasons.push(first.reason));
      await sleep(1);
      task.cancel("stop");
      expect(task.signal).toBe(first);
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toBeInstanceOf(CancelledError);
      expect((reasons[0] as Error).message).toBe("stop");
      await expect(task).rejects.toThrow("stop");
    });
  });

  // A task blocked on something foreign takes a request at its next library await or when
  // its function ends (CPython: "Task is cancelled right before coro stops"). A second
  // cancel() after the function returned does not make that first request look late.
  it("a request made before the function returned still cancels it when repeated after", async () => {
    await runVirtual(async () => {
      let release!: () => void;
      const foreign = new Promise<void>((resolve) => (release = resolve));
      const task = createTask(async () => {
        await foreign;
        return "returned";
      });
      await sleep(1);
      task.cancel("first");
      await Promise.resolve(); // the request is now one made while the function ran
      release();
      // The function returns in the next microtask; its outcome reaches the task after this.
      await Promise.resolve();
      task.cancel("second");
      await expect(task).rejects.toThrow(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });

  // The function's outcome arrives through a foreign thenable: a request made before it
  // settles wins, as for any await.
  it("is cancelled when its thenable target settles right after cancel()", async () => {
    await runVirtual(async () => {
      let settle!: (value: string) => void;
      const thenable: PromiseLike<string> = {
        then(onfulfilled) {
          settle = (value) => {
            void onfulfilled?.(value);
          };
          return Promise.resolve() as never;
        },
      };
      const task = createTask(() => thenable);
      await sleep(1);
      task.cancel("late");
      settle("value");
      await expect(task).rejects.toThrow("late");
      expect(task.cancelled()).toBe(true);
    });
  });

  // The function's promise settled before the request (its reaction not yet run): the result
  // stands, as in asyncio, where the task is done in that same step. A request withdrawn with
  // uncancel() and made again after the settling is such a late request.
  it("keeps the result when the only live request came after the function's promise settled", async () => {
    await runVirtual(async () => {
      let resolve!: (value: string) => void;
      const promise = new Promise<string>((r) => (resolve = r));
      const task = createTask(() => promise);
      await sleep(1);
      task.cancel("withdrawn");
      resolve("result");
      expect(task.uncancel()).toBe(0);
      task.cancel("too late");
      expect(await task).toBe("result");
      expect(task.cancelled()).toBe(false);
    });
  });
});
