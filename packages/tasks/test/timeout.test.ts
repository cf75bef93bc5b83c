// Mirrors CPython Lib/test/test_asyncio/test_timeouts.py.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  RuntimeError,
  TimeoutError,
  createTask,
  currentTask,
  getRunningLoop,
  sleep,
  timeout,
  timeoutAt,
  type Timeout,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("timeout", () => {
  // test_timeout_basic
  it("turns the deadline's cancellation into TimeoutError", async () => {
    await runVirtual(async () => {
      let cm: Timeout | undefined;
      await expect(
        timeout(10, async (handle) => {
          cm = handle;
          await sleep(1000);
        }),
      ).rejects.toThrow(TimeoutError);
      expect(cm!.expired()).toBe(true);
      expect(now()).toBe(10);
      expect(currentTask()!.cancelling()).toBe(0);
    });
  });

  // test_timeout_at_basic
  it("timeoutAt takes an absolute loop time", async () => {
    await runVirtual(async () => {
      const deadline = getRunningLoop().time() + 20;
      await expect(timeoutAt(deadline, () => sleep(100))).rejects.toThrow(TimeoutError);
      expect(now()).toBe(20);
    });
  });

  // test_timeout_not_called / test_timeout_disabled
  it("returns the body's value when in time, and null means no deadline", async () => {
    await runVirtual(async () => {
      expect(
        await timeout(100, async (cm) => {
          await sleep(10);
          expect(cm.expired()).toBe(false);
          return "in time";
        }),
      ).toBe("in time");
      expect(await timeout(null, () => sleep(5000, "no limit"))).toBe("no limit");
    });
  });

  // test_timeout_zero / test_timeout_in_the_past_sleep_0
  it("a deadline in the past expires at the next await", async () => {
    await runVirtual(async () => {
      await expect(timeoutAt(getRunningLoop().time() - 100, () => sleep(0))).rejects.toThrow(
        TimeoutError,
      );
      await expect(timeout(0, () => sleep(1))).rejects.toThrow(TimeoutError);
    });
  });

  // test_nested_timeouts: the inner one fires; the outer sees a normal exception.
  it("nests: the inner timeout converts only its own cancellation", async () => {
    await runVirtual(async () => {
      let innerCaught = false;
      const outcome = await timeout(100, async (outer) => {
        try {
          await timeout(10, () => sleep(1000));
        } catch (error) {
          innerCaught = error instanceof TimeoutError;
        }
        expect(outer.expired()).toBe(false);
        await sleep(5);
        return "outer ok";
      });
      expect(innerCaught).toBe(true);
      expect(outcome).toBe("outer ok");
      expect(now()).toBe(15);
    });
  });

  // test_nested_timeouts_concurrent: the outer expires first: the inner does not swallow it.
  it("nests: an outer expiry passes through the inner timeout as CancelledError → outer TimeoutError", async () => {
    await runVirtual(async () => {
      let innerSaw: unknown;
      await expect(
        timeout(10, async () => {
          try {
            await timeout(100, () => sleep(1000));
          } catch (error) {
            innerSaw = error;
            throw error;
          }
        }),
      ).rejects.toThrow(TimeoutError);
      expect(innerSaw).toBeInstanceOf(CancelledError);
      expect(currentTask()!.cancelling()).toBe(0);
    });
  });

  // test_outer_task_is_not_cancelled / test_foreign_cancel_doesnt_timeout_if_not_expired
  it("lets an explicit cancel() through as CancelledError, not TimeoutError", async () => {
    await runVirtual(async () => {
      const task = createTask(() => timeout(1000, () => sleep(5000)));
      await sleep(10);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });

  // test_cancel_in_timeout_after_cancellation-ish: timeout and cancel at once → CancelledError wins.
  it("does not swallow an outer cancel() that arrives with the expiry (uncancel bookkeeping)", async () => {
    await runVirtual(async () => {
      const task = createTask(async () => {
        await timeout(10, async () => {
          try {
            await sleep(1000);
          } finally {
            currentTask()!.cancel(); // a second, foreign request during the expiry
          }
        });
      });
      await expect(task).rejects.toThrow(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });

  // test_reschedule
  it("reschedules: later, earlier, or never", async () => {
    await runVirtual(async () => {
      await timeout(10, async (cm) => {
        cm.reschedule(getRunningLoop().time() + 50);
        expect(cm.when()).toBe(50);
        await sleep(30);
        cm.reschedule(null);
        await sleep(100);
      });
      expect(now()).toBe(130);
      await expect(
        timeout(1000, async (cm) => {
          cm.reschedule(getRunningLoop().time() + 5);
          await sleep(100);
        }),
      ).rejects.toThrow(TimeoutError);
      expect(now()).toBe(135);
    });
  });

  // test_timeout_without_task / test_repr_...: RuntimeError outside a task; reschedule after exit.
  it("needs a task, and a finished handle cannot be rescheduled", async () => {
    await runVirtual(async () => {
      let saved: Timeout | undefined;
      await timeout(10, (cm) => {
        saved = cm;
      });
      expect(() => saved!.reschedule(5)).toThrow(RuntimeError);
      const loop = getRunningLoop();
      const fut = loop.createFuture<unknown>();
      loop.callSoon(() => {
        timeout(10, () => 1).then(
          (v) => fut.setResult(v),
          (e: unknown) => fut.setResult(e),
        );
      });
      expect(await fut).toBeInstanceOf(RuntimeError);
    });
  });

  it("validates its arguments", async () => {
    await runVirtual(async () => {
      await expect(timeout(Number.NaN, () => 1)).rejects.toThrow(RangeError);
      await expect(timeout(-5, () => 1)).rejects.toThrow(RangeError);
      await expect(timeout("5" as never, () => 1)).rejects.toThrow(TypeError);
      await expect(timeoutAt(Number.NaN, () => 1)).rejects.toThrow(RangeError);
    });
  });
});
