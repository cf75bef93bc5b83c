// moveOnAfter/moveOnAt follow trio's move_on_after/move_on_at (trio/_timeouts.py;
// `cancelled_caught` in trio/_core/_tests/test_run.py::test_cancel_scope_basics).
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  TimeoutError,
  createTask,
  currentTask,
  getRunningLoop,
  moveOnAfter,
  moveOnAt,
  sleep,
  timeout,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("moveOnAfter / moveOnAt", () => {
  it("returns { value, cancelled: false } when the body finishes in time", async () => {
    const result = await runVirtual(() => moveOnAfter(100, () => sleep(50, "done")));
    expect(result).toEqual({ value: "done", cancelled: false });
  });

  it("returns { value: undefined, cancelled: true } at the deadline instead of raising", async () => {
    await runVirtual(async () => {
      const result = await moveOnAfter(100, () => sleep(1000, "late"));
      expect(result).toEqual({ value: undefined, cancelled: true });
      expect(now()).toBe(100);
      // The task is not left cancelled: it carries on.
      expect(currentTask()!.cancelling()).toBe(0);
      await sleep(10);
    });
  });

  it("moveOnAt takes an absolute loop time", async () => {
    await runVirtual(async () => {
      const deadline = getRunningLoop().time() + 300;
      expect(await moveOnAt(deadline, () => sleep(200, 1))).toEqual({ value: 1, cancelled: false });
      expect(await moveOnAt(deadline, () => sleep(200, 2))).toEqual({
        value: undefined,
        cancelled: true,
      });
      expect(now()).toBe(300);
    });
  });

  it("a body that swallows the cancellation returns its value with cancelled: false (trio cancelled_caught)", async () => {
    const result = await runVirtual(() =>
      moveOnAfter(10, async () => {
        try {
          await sleep(1000);
        } catch {
          return "swallowed";
        }
        return "finished";
      }),
    );
    expect(result).toEqual({ value: "swallowed", cancelled: false });
  });

  it("an outer timeout still raises TimeoutError through an inner moveOnAfter", async () => {
    await runVirtual(async () => {
      await expect(timeout(50, () => moveOnAfter(1000, () => sleep(5000)))).rejects.toThrow(
        TimeoutError,
      );
      expect(now()).toBe(50);
    });
  });

  it("an inner timeout's TimeoutError is not swallowed by the outer scope", async () => {
    await runVirtual(async () => {
      await expect(moveOnAfter(1000, () => timeout(10, () => sleep(5000)))).rejects.toThrow(
        TimeoutError,
      );
    });
  });

  it("an explicit task.cancel() propagates as CancelledError", async () => {
    await runVirtual(async () => {
      const task = createTask(() => moveOnAfter(1000, () => sleep(5000)));
      await sleep(10);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
    });
  });

  it("errors of the body propagate", async () => {
    await runVirtual(async () => {
      await expect(
        moveOnAfter(100, () => {
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
    });
  });

  it("Infinity or null mean no deadline; fn gets the Timeout handle to move it", async () => {
    await runVirtual(async () => {
      expect(await moveOnAfter(Infinity, () => sleep(10, "x"))).toEqual({
        value: "x",
        cancelled: false,
      });
      const result = await moveOnAfter(null, async (cm) => {
        cm.reschedule(getRunningLoop().time() + 20);
        await sleep(100);
      });
      expect(result.cancelled).toBe(true);
    });
  });

  it("rejects bad arguments naming them", async () => {
    await runVirtual(async () => {
      await expect(moveOnAfter(-1, () => 1)).rejects.toThrow(
        new RangeError("Expected `ms` to be a number >= 0, null or undefined, got `-1` (number)"),
      );
      await expect(moveOnAfter(10, "x" as never)).rejects.toThrow(TypeError);
      await expect(moveOnAt(NaN, () => 1)).rejects.toThrow(RangeError);
    });
  });
});
