// Mirrors CPython test_tasks.py test_as_completed*, 3.13 async-iteration form.
import { describe, expect, it } from "vitest";
import { TimeoutError, asCompleted, createTask, sleep, type Future } from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("asCompleted", () => {
  // test_as_completed (3.13 `async for` yields the original tasks)
  it("yields the original tasks in completion order with for-await", async () => {
    await runVirtual(async () => {
      const slow = createTask(() => sleep(30, "slow"));
      const fast = createTask(() => sleep(10, "fast"));
      const mid = createTask(() => sleep(20, "mid"));
      const order: Future<string>[] = [];
      for await (const task of asCompleted([slow, fast, mid])) order.push(task);
      // Identity, not deep equality: tasks keep their state in #private fields.
      expect(order).toHaveLength(3);
      expect(order[0]).toBe(fast);
      expect(order[1]).toBe(mid);
      expect(order[2]).toBe(slow);
      expect(order.map((t) => t.result())).toEqual(["fast", "mid", "slow"]);
    });
  });

  // test_as_completed_with_timeout
  it("throws TimeoutError when the timeout passes first, without cancelling", async () => {
    await runVirtual(async () => {
      const fast = createTask(() => sleep(10, 1));
      const slow = createTask(() => sleep(100, 2));
      const seen: number[] = [];
      await expect(
        (async () => {
          for await (const task of asCompleted([fast, slow], { timeout: 50 }))
            seen.push(task.result());
        })(),
      ).rejects.toThrow(TimeoutError);
      expect(seen).toEqual([1]);
      expect(now()).toBe(50);
      expect(slow.cancelled()).toBe(false);
      slow.cancel();
    });
  });

  // test_as_completed (classic form): plain iteration yields awaitables in completion order.
  it("supports plain iteration over awaitables, incl. promises and errors", async () => {
    await runVirtual(async () => {
      const results: unknown[] = [];
      for (const next of asCompleted([
        sleep(20, "b"),
        sleep(10, "a"),
        Promise.reject(new Error("e")),
      ])) {
        try {
          results.push(await next);
        } catch (error) {
          results.push((error as Error).message);
        }
      }
      expect(results).toEqual(["e", "a", "b"]);
    });
  });

  it("rejects non-awaitables and bad timeouts", async () => {
    await runVirtual(async () => {
      expect(() => asCompleted([1 as never])).toThrow(TypeError);
      expect(() => asCompleted([], { timeout: Number.NaN })).toThrow(RangeError);
      expect(() => asCompleted(5 as never)).toThrow(TypeError);
    });
  });
});
