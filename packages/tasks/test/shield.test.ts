// Mirrors CPython test_tasks.py test_shield_* .
import { describe, expect, it } from "vitest";
import { CancelledError, coroutine, createTask, shield, sleep } from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("shield", () => {
  // test_shield_result / test_shield_exception
  it("mirrors the inner result or error", async () => {
    await runVirtual(async () => {
      expect(await shield(sleep(10, "r"))).toBe("r");
      const failing = createTask(async () => {
        await sleep(1);
        throw new Error("inner");
      });
      await expect(shield(failing)).rejects.toThrow("inner");
    });
  });

  // test_shield_cancel_outer: cancelling the awaiting task does not cancel the inner work.
  it("keeps the inner task running when the awaiting task is cancelled", async () => {
    await runVirtual(async () => {
      const inner = createTask(() => sleep(100, "saved"));
      const outer = createTask(() => shield(inner));
      await sleep(10);
      outer.cancel();
      await expect(outer).rejects.toThrow(CancelledError);
      expect(inner.cancelled()).toBe(false);
      expect(await inner).toBe("saved");
    });
  });

  // test_shield_cancel_inner: the inner one cancelled by someone else cancels the outer.
  it("is cancelled when the inner task is cancelled", async () => {
    await runVirtual(async () => {
      const inner = createTask(() => sleep(100));
      const outer = shield(inner);
      await sleep(1);
      inner.cancel();
      await expect(outer).rejects.toThrow(CancelledError);
      expect(outer.cancelled()).toBe(true);
    });
  });

  // test_shield_coroutine: a coroutine is wrapped into a task; done inners returned as is.
  it("wraps a coroutine into a task and returns a done future unchanged", async () => {
    const job = coroutine(async () => {
      await sleep(5);
      return 7;
    });
    await runVirtual(async () => {
      expect(await shield(job())).toBe(7);
      const done = sleep(0, 1);
      await done;
      expect(shield(done)).toBe(done);
    });
  });
});
