// Mirrors CPython test_tasks.py sleep tests (test_sleep, test_sleep_cancel, test_sleep_zero).
import { describe, expect, it } from "vitest";
import { CancelledError, checkpoint, createTask, getRunningLoop, sleep } from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("sleep", () => {
  // test_sleep: resolves after the delay with the given value.
  it("resolves after ms of loop time with the given value", async () => {
    await runVirtual(async () => {
      expect(await sleep(1000, "v")).toBe("v");
      expect(now()).toBe(1000);
      await sleep(500);
      expect(now()).toBe(1500);
    });
  });

  // asyncio docs: sleep(0) yields to let other tasks run.
  it("sleep(0) yields to other ready tasks", async () => {
    await runVirtual(async () => {
      const order: string[] = [];
      createTask(async () => {
        order.push("other");
      });
      order.push("before");
      await sleep(0);
      order.push("after");
      expect(order).toEqual(["before", "other", "after"]);
    });
  });

  // test_sleep_cancel: cancelling the sleep clears its timer.
  it("clears its timer when cancelled", async () => {
    await runVirtual(async () => {
      const fut = sleep(10_000);
      expect(fut.cancel()).toBe(true);
      await expect(fut).rejects.toThrow(CancelledError);
      // Nothing is scheduled any more: a short sleep does not jump to 10 s.
      await sleep(1);
      expect(now()).toBe(1);
    });
  });

  it("checkpoint() delivers a pending cancellation to a busy task", async () => {
    await runVirtual(async () => {
      let loops = 0;
      const task = createTask(async () => {
        for (;;) {
          loops++;
          await checkpoint();
        }
      });
      await sleep(0);
      await sleep(0);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(loops).toBeGreaterThan(0);
    });
  });

  it("sleep(Infinity) waits until cancelled", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(Infinity));
      await sleep(100);
      expect(task.done()).toBe(false);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(getRunningLoop().time()).toBe(100);
    });
  });
});
