// A Timeout's states and its handle's contract (CPython Lib/test/test_asyncio/
// test_timeouts.py: test_repr_active/expired/finished, test_reschedule, test_timeout_expired,
// test_timeout_exception_cause, test_timeout_without_task; asyncio 3.13 timeouts.py).
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  RuntimeError,
  TimeoutError,
  getRunningLoop,
  sleep,
  timeout,
  timeoutAt,
  type Timeout,
} from "../src/index.js";
import { now, rejection, runVirtual } from "./helpers.js";

describe("Timeout states", () => {
  it("shows its state in String(): [active] with when=, then [expired] or [finished]", async () => {
    await runVirtual(async () => {
      await sleep(10);
      let expiring: Timeout | undefined;
      await expect(
        timeout(5, async (cm) => {
          expiring = cm;
          expect(String(cm)).toBe("<Timeout [active] when=15>");
          await sleep(100);
        }),
      ).rejects.toThrow(TimeoutError);
      expect(String(expiring)).toBe("<Timeout [expired]>");
      let finished: Timeout | undefined;
      await timeout(null, (cm) => {
        finished = cm;
        expect(String(cm)).toBe("<Timeout [active] when=null>");
      });
      expect(String(finished)).toBe("<Timeout [finished]>");
    });
  });

  it("expired() is already true inside the body once the deadline cancelled it", async () => {
    await runVirtual(async () => {
      const seen: boolean[] = [];
      await expect(
        timeout(5, async (cm) => {
          seen.push(cm.expired());
          try {
            await sleep(100);
          } finally {
            seen.push(cm.expired());
          }
        }),
      ).rejects.toThrow(TimeoutError);
      expect(seen).toEqual([false, true]);
    });
  });

  it("reschedule() after the block names the state it ended in", async () => {
    await runVirtual(async () => {
      let finished: Timeout | undefined;
      await timeout(10, (cm) => {
        finished = cm;
      });
      expect(() => finished!.reschedule(5)).toThrow(
        new RuntimeError("Cannot change state of finished Timeout"),
      );
      let expired: Timeout | undefined;
      await expect(
        timeout(1, async (cm) => {
          expired = cm;
          await sleep(5);
        }),
      ).rejects.toThrow(TimeoutError);
      expect(() => expired!.reschedule(5)).toThrow(
        new RuntimeError("Cannot change state of expired Timeout"),
      );
    });
  });

  it("reschedule(Infinity) means no deadline; a bad `when` is refused by name", async () => {
    await runVirtual(async () => {
      await timeout(10, async (cm) => {
        cm.reschedule(Infinity);
        expect(cm.when()).toBe(Infinity);
        await sleep(50);
        expect(() => cm.reschedule("20" as never)).toThrow(
          new TypeError(
            "Expected `when` to be a number (loop time in ms) or null, got `'20'` (string)",
          ),
        );
        expect(() => cm.reschedule(Number.NaN)).toThrow(RangeError);
      });
      expect(now()).toBe(50);
    });
  });

  // asyncio 3.13 __aexit__: only a CancelledError becomes TimeoutError
  it("an error the body raises after the deadline propagates as itself, not as TimeoutError", async () => {
    await runVirtual(async () => {
      const error = await rejection(
        timeout(5, async () => {
          try {
            await sleep(100);
          } catch {
            throw new Error("cleanup failed");
          }
        }),
      );
      expect(error).toEqual(new Error("cleanup failed"));
      expect(error).not.toBeInstanceOf(TimeoutError);
    });
  });

  // test_timeout_exception_cause: `raise TimeoutError from exc_val`
  it("the TimeoutError's cause is the deadline's CancelledError", async () => {
    await runVirtual(async () => {
      const error = await rejection(timeout(5, () => sleep(100)));
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).cause).toBeInstanceOf(CancelledError);
    });
  });

  it("cancels a Future the body returns at the deadline (the cancellation reaches it)", async () => {
    await runVirtual(async () => {
      const slow = sleep(100);
      await expect(timeout(5, () => slow)).rejects.toThrow(TimeoutError);
      expect(slow.cancelled()).toBe(true);
      expect(now()).toBe(5);
    });
  });

  it("undefined, null and Infinity all mean no deadline; timeoutAt takes null and Infinity", async () => {
    await runVirtual(async () => {
      expect(await timeout(undefined, (cm) => cm.when())).toBe(null);
      expect(await timeout(Infinity, (cm) => cm.when())).toBe(null);
      expect(await timeoutAt(null, (cm) => cm.when())).toBe(null);
      expect(await timeoutAt(Infinity, (cm) => cm.when())).toBe(Infinity);
      await timeoutAt(Infinity, () => sleep(1000));
      expect(now()).toBe(1000);
    });
  });

  it("names the bad argument: `fn`, `when`", async () => {
    await runVirtual(async () => {
      await expect(timeout(5, "go" as never)).rejects.toThrow(
        new TypeError("Expected `fn` to be a function, got `'go'` (string)"),
      );
      await expect(timeoutAt(5, "go" as never)).rejects.toThrow(
        new TypeError("Expected `fn` to be a function, got `'go'` (string)"),
      );
      await expect(timeoutAt("5" as never, () => 1)).rejects.toThrow(
        new TypeError("Expected `when` to be a finite number, got `'5'` (string)"),
      );
      await expect(timeoutAt(-Infinity, () => 1)).rejects.toThrow(
        new RangeError("Expected `when` to be a finite number, got `-Infinity` (number)"),
      );
    });
  });

  it("outside a task: RuntimeError with asyncio's message", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const outcome = loop.createFuture<unknown>();
      loop.callSoon(() => {
        timeout(10, () => 1).then(
          (value) => outcome.setResult(value),
          (error: unknown) => outcome.setResult(error),
        );
      });
      expect(await outcome).toEqual(new RuntimeError("Timeout should be used inside a task"));
    });
  });
});
