// Mirrors CPython test_tasks.py test_wait*, test_wait_first_completed, test_wait_first_exception,
// test_wait_with_timeout, test_wait_errors.
import { describe, expect, it } from "vitest";
import {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  coroutine,
  createTask,
  sleep,
  wait,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("wait", () => {
  // test_wait
  it("waits for all by default and splits done/pending", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(10, "a"));
      const b = createTask(() => sleep(20, "b"));
      const { done, pending } = await wait([a, b], { returnWhen: ALL_COMPLETED });
      expect(done).toEqual(new Set([a, b]));
      expect(pending.size).toBe(0);
      expect(now()).toBe(20);
    });
  });

  // test_wait_first_completed
  it("FIRST_COMPLETED returns at the first completion", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(10));
      const b = createTask(() => sleep(20));
      const { done, pending } = await wait([a, b], { returnWhen: FIRST_COMPLETED });
      expect(done).toEqual(new Set([a]));
      expect(pending).toEqual(new Set([b]));
      expect(now()).toBe(10);
      b.cancel();
    });
  });

  // test_wait_first_exception
  it("FIRST_EXCEPTION returns at the first failure, without raising it", async () => {
    await runVirtual(async () => {
      const ok = createTask(() => sleep(5));
      const bad = createTask(async () => {
        await sleep(10);
        throw new Error("x");
      });
      const slow = createTask(() => sleep(100));
      const { done, pending } = await wait([ok, bad, slow], { returnWhen: FIRST_EXCEPTION });
      expect(done).toEqual(new Set([ok, bad]));
      expect(pending).toEqual(new Set([slow]));
      expect(now()).toBe(10);
      slow.cancel();
    });
  });

  // test_wait_with_timeout: returns after the timeout, nothing cancelled.
  it("returns after timeout ms without cancelling anything", async () => {
    await runVirtual(async () => {
      const slow = createTask(() => sleep(100));
      const { done, pending } = await wait([slow], { timeout: 30 });
      expect(done.size).toBe(0);
      expect(pending).toEqual(new Set([slow]));
      expect(now()).toBe(30);
      expect(slow.cancelled()).toBe(false);
      slow.cancel();
    });
  });

  // test_wait_errors / 3.11: "Passing coroutines is forbidden"
  it("rejects an empty set, coroutines, promises and bad options", async () => {
    const job = coroutine(async () => 1);
    await runVirtual(async () => {
      await expect(wait([])).rejects.toThrow(RangeError);
      await expect(wait([job()] as never)).rejects.toThrow(/coroutines .*forbidden/);
      await expect(wait([Promise.resolve(1)] as never)).rejects.toThrow(TypeError);
      const t = createTask(() => sleep(1));
      await expect(wait([t], { timeout: -1 })).rejects.toThrow(RangeError);
      await expect(wait([t], { returnWhen: "SOMETIMES" as never })).rejects.toThrow(RangeError);
      await t;
    });
  });
});
