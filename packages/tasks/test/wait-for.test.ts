// Mirrors CPython Lib/test/test_asyncio/test_waitfor.py.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  TimeoutError,
  coroutine,
  createTask,
  sleep,
  waitFor,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("waitFor", () => {
  // test_wait_for (result in time)
  it("returns the result when it arrives in time", async () => {
    await runVirtual(async () => {
      expect(await waitFor(sleep(10, "ok"), 100)).toBe("ok");
      expect(now()).toBe(10);
    });
  });

  // test_wait_for_waits_for_task_cancellation: the inner task is cancelled and awaited first.
  it("cancels the inner task and waits for its cleanup before TimeoutError", async () => {
    await runVirtual(async () => {
      const steps: string[] = [];
      const inner = createTask(async () => {
        try {
          await sleep(1000);
        } finally {
          await sleep(50);
          steps.push("inner cleaned up");
        }
      });
      await expect(waitFor(inner, 100)).rejects.toThrow(TimeoutError);
      expect(steps).toEqual(["inner cleaned up"]);
      expect(inner.cancelled()).toBe(true);
      expect(now()).toBe(150);
    });
  });

  // test_wait_for_timeout_less_then_0_or_0
  it("with 0 ms returns a done result or times out at once", async () => {
    const job = coroutine(async () => {
      await sleep(10);
      return 1;
    });
    await runVirtual(async () => {
      const done = createTask(async () => 5);
      await sleep(0);
      await sleep(0);
      expect(await waitFor(done, 0)).toBe(5);
      await expect(waitFor(job(), 0)).rejects.toThrow(TimeoutError);
      expect(now()).toBe(0);
    });
  });

  // test_wait_for_cancellation_propagates / test_cancel_wait_for
  it("cancels the inner awaitable when the waiting task is cancelled", async () => {
    await runVirtual(async () => {
      const inner = createTask(() => sleep(1000));
      const outer = createTask(() => waitFor(inner, 500));
      await sleep(10);
      outer.cancel();
      await expect(outer).rejects.toThrow(CancelledError);
      expect(inner.cancelled()).toBe(true);
    });
  });

  // test_wait_for_self_cancellation-like: an inner task that swallows the cancellation wins.
  it("returns the value of an inner task that swallows the timeout's cancellation", async () => {
    await runVirtual(async () => {
      const inner = createTask(async () => {
        try {
          await sleep(1000);
        } catch {
          return "swallowed";
        }
        return "slept";
      });
      expect(await waitFor(inner, 10)).toBe("swallowed");
    });
  });

  it("accepts a native promise (abandoned on timeout) and null for no limit", async () => {
    await runVirtual(async () => {
      await expect(waitFor(new Promise(() => {}), 10)).rejects.toThrow(TimeoutError);
      expect(await waitFor(sleep(5000, "late"), null)).toBe("late");
    });
  });
});
