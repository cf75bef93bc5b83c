// Mirrors CPython test_tasks.py FutureGatherTests / CoroutineGatherTests / test_cancel_gather_*.
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  CancelledError,
  Future,
  GatheringFuture,
  coroutine,
  createTask,
  gather,
  sleep,
  getRunningLoop,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("gather", () => {
  // test_result / exact tuple types
  it("resolves with results in argument order, with an exact tuple type", async () => {
    await runVirtual(async () => {
      const result = await gather(sleep(30, "a"), sleep(10, 2), Promise.resolve(true));
      expectTypeOf(result).toEqualTypeOf<[string, number, boolean]>();
      expect(result).toEqual(["a", 2, true]);
      expect(now()).toBe(30);
      const list = await gather([sleep(5, 1), sleep(1, "x")] as const);
      expectTypeOf(list).toEqualTypeOf<[number, string]>();
      expect(list).toEqual([1, "x"]);
    });
  });

  // test_constructor_empty_sequence
  it("resolves an empty gather with []", async () => {
    await runVirtual(async () => {
      expect(await gather()).toEqual([]);
    });
  });

  // test_one_exception: the first error propagates, siblings keep running.
  it("rejects with the first error and lets the siblings run on", async () => {
    await runVirtual(async () => {
      const sibling = createTask(() => sleep(100, "late"));
      const failing = createTask(async () => {
        await sleep(10);
        throw new Error("first");
      });
      await expect(gather(sibling, failing)).rejects.toThrow("first");
      expect(sibling.done()).toBe(false);
      expect(await sibling).toBe("late");
    });
  });

  // test_return_exceptions
  it("returns errors in place with returnExceptions", async () => {
    await runVirtual(async () => {
      const error = new Error("x");
      const result = await gather([sleep(5, 1), Promise.reject(error)], { returnExceptions: true });
      expectTypeOf(result[0]).toEqualTypeOf<number | Error>();
      expect(result).toEqual([1, error]);
    });
  });

  // test_one_cancellation: a cancelled child is an error (CancelledError), the gather is not cancelled.
  it("treats a cancelled child as an error", async () => {
    await runVirtual(async () => {
      const a = sleep(100, 1);
      const b = sleep(100, 2);
      const all = gather(a, b);
      b.cancel();
      await expect(all).rejects.toThrow(CancelledError);
      expect(all.cancelled()).toBe(false);
      expect(all.exception()).toBeInstanceOf(CancelledError);
      a.cancel();
    });
  });

  // test_result_exception_one_cancellation: with returnExceptions a CancelledError is returned.
  it("returns a cancelled child's CancelledError with returnExceptions", async () => {
    await runVirtual(async () => {
      const b = sleep(100, 2);
      const all = gather([sleep(10, 1), b], { returnExceptions: true });
      b.cancel("nope");
      const [first, second] = await all;
      expect(first).toBe(1);
      expect(second).toBeInstanceOf(CancelledError);
      expect((second as Error).message).toBe("nope");
    });
  });

  // test_cancel_gather_1/2, bpo-32684: cancelling the gather cancels the children and propagates.
  it("cancels every child when the gather is cancelled, even with returnExceptions", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(100));
      const b = createTask(() => sleep(200));
      const all = gather([a, b], { returnExceptions: true });
      await sleep(1);
      expect(all.cancel("stop")).toBe(true);
      await expect(all).rejects.toThrow(CancelledError);
      expect(a.cancelled() && b.cancelled()).toBe(true);
      expect(now()).toBe(1);
    });
  });

  // Cancelling a task awaiting gather cancels the children (gather is its awaited future).
  it("cancels the children when the task awaiting the gather is cancelled", async () => {
    await runVirtual(async () => {
      const children: Future<unknown>[] = [];
      const task = createTask(async () => {
        const a = sleep(100);
        const b = sleep(100);
        children.push(a, b);
        await gather(a, b);
      });
      await sleep(1);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(children.every((c) => c.cancelled())).toBe(true);
    });
  });

  // test_duplicate_coroutines / homogenous futures: the same future twice counts once.
  it("accepts the same future twice", async () => {
    await runVirtual(async () => {
      const fut = sleep(5, "same");
      expect(await gather(fut, fut)).toEqual(["same", "same"]);
    });
  });

  it("uses done callbacks, not one giant Promise.all (100k children)", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const futures = Array.from({ length: 100_000 }, (_, i) => {
        const f = loop.createFuture<number>();
        f.setResult(i);
        return f;
      });
      const combinators = (["all", "allSettled", "race", "any"] as const).map((name) =>
        vi.spyOn(Promise, name),
      );
      // Awaiting the children (Promise.all or a loop of awaits) would call their then().
      const thens = vi.spyOn(Future.prototype, "then");
      try {
        const all = gather(futures);
        expect(all.done()).toBe(false); // the children report through loop callbacks
        for (const spy of combinators) expect(spy).not.toHaveBeenCalled();
        const result = await all;
        expect(thens.mock.contexts.filter((self) => futures.includes(self as never))).toEqual([]);
        expect(result.length).toBe(100_000);
        expect(result[99_999]).toBe(99_999);
        expect(now()).toBe(0);
      } finally {
        vi.restoreAllMocks();
      }
    });
  });

  // test_duplicate_coroutines: the same coroutine twice is one task, its result in both places
  it("runs the same coroutine passed twice once, next to futures passed twice and a slower child", async () => {
    await runVirtual(async () => {
      let runs = 0;
      const job = coroutine(async () => {
        runs++;
        await sleep(5);
        return "job";
      });
      const coro = job();
      const fut = sleep(1, "fut");
      const result = await gather(coro, fut, coro, fut, sleep(20, "slow"));
      expect(result).toEqual(["job", "fut", "job", "fut", "slow"]);
      expect(runs).toBe(1);
      expect(now()).toBe(20);
    });
  });

  // _GatheringFuture.cancel: `if self.done(): return False`
  it("cancel() after the gather failed returns false and leaves the running siblings alone", async () => {
    await runVirtual(async () => {
      const sibling = sleep(10, "late");
      const all = gather(
        createTask(async () => {
          throw new Error("boom");
        }),
        sibling,
      );
      await expect(all).rejects.toThrow("boom");
      expect(all.cancel()).toBe(false);
      expect(sibling.cancelled()).toBe(false);
      expect(await sibling).toBe("late"); // CPython 3.13: False False late
    });
  });

  it("cancel() when every child is already done returns false, and the gather resolves", async () => {
    await runVirtual(async () => {
      const done = getRunningLoop().createFuture<number>();
      done.setResult(1);
      const all = gather(done); // the children report in a later step
      expect(all.cancel()).toBe(false);
      expect(await all).toEqual([1]); // CPython 3.13: False [1]
    });
  });

  // bpo-32684: a cancelled gather rejects even if its children swallow the cancellation
  it("a cancelled gather rejects with CancelledError though a child swallowed it, with a cancelled child's message", async () => {
    await runVirtual(async () => {
      const stubborn = () =>
        createTask(async () => {
          try {
            await sleep(100);
          } catch {
            await sleep(1);
            return "ok";
          }
          return "not cancelled";
        });
      const alone = gather(stubborn());
      await sleep(0);
      expect(alone.cancel("stop")).toBe(true);
      const aloneError = await alone.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(aloneError).toBeInstanceOf(CancelledError);
      expect((aloneError as CancelledError).message).toBe(""); // CPython 3.13: args ()

      const both = gather(sleep(50), stubborn()); // the stubborn task ends last
      await sleep(0);
      expect(both.cancel("bye")).toBe(true);
      const bothError = await both.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(bothError).toBeInstanceOf(CancelledError);
      expect((bothError as CancelledError).message).toBe("bye"); // CPython 3.13: ('bye',)
    });
  });

  // CPython 3.13 tasks.py `_done_callback`: with return_exceptions, a cancelled gather whose
  // children are all done raises `fut._make_cancelled_error()`, where `fut` is the *last child
  // in argument order* (the results loop rebinds it), not the last one to finish.
  it("a cancelled gather with returnExceptions raises its last argument's CancelledError, as asyncio 3.13", async () => {
    const stubborn = () =>
      createTask(async () => {
        try {
          await sleep(10_000);
        } catch {
          return "swallowed";
        }
        return "not cancelled";
      });
    const messageOf = async (all: PromiseLike<unknown>): Promise<string> => {
      const error = await Promise.resolve(all).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CancelledError);
      return (error as CancelledError).message;
    };
    await runVirtual(async () => {
      // The swallowing child last: CPython 3.13 prints CancelledError() (args ()).
      let all: GatheringFuture<unknown[]> = gather([sleep(10_000), stubborn()], {
        returnExceptions: true,
      });
      await sleep(0);
      expect(all.cancel("bye")).toBe(true);
      expect(await messageOf(all)).toBe("");
      // The cancelled child last: CancelledError('bye').
      all = gather([stubborn(), sleep(10_000)], { returnExceptions: true });
      await sleep(0);
      expect(all.cancel("bye")).toBe(true);
      expect(await messageOf(all)).toBe("bye");
      // A child done before the cancel last: CancelledError(), though the sleep was cancelled.
      const done = getRunningLoop().createFuture<number>();
      done.setResult(1);
      all = gather([sleep(10_000), done], { returnExceptions: true });
      await sleep(0);
      expect(all.cancel("bye")).toBe(true);
      expect(await messageOf(all)).toBe("");
      // A last child that cancels the gather itself (running, so not waiting on a future),
      // then swallows the cancellation at its next await: the task's cancel message
      // (asyncio's `_cancel_message`), CancelledError('bye').
      const canceller = createTask(async () => {
        await sleep(0);
        all.cancel("bye");
        try {
          await sleep(1);
        } catch {
          return "swallowed";
        }
        return "not cancelled";
      });
      all = gather([sleep(10_000), canceller], { returnExceptions: true });
      expect(await messageOf(all)).toBe("bye");
      expect(canceller.result()).toBe("swallowed");
    });
  });

  it("reports nothing for children that fail or are cancelled after the gather settled", async () => {
    const reports: string[] = [];
    await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => reports.push(context.message));
      const fail = (ms: number, message: string) =>
        createTask(async () => {
          await sleep(ms);
          throw new Error(message);
        });
      const running = createTask(() => sleep(100));
      const all = gather(fail(1, "first"), fail(2, "second"), running);
      await expect(all).rejects.toThrow("first");
      await sleep(5); // "second" fails after the gather settled: its error counts as retrieved
      running.cancel();
      await sleep(1);
      expect(running.cancelled()).toBe(true);
    });
    // No "Task exception was never retrieved", no failing done callback.
    expect(reports).toEqual([]);
  });

  it("validates its options, naming the argument", async () => {
    await runVirtual(async () => {
      expect(() => gather([sleep(1)], "fast" as never)).toThrow(
        new TypeError("Expected `options` to be an object, got `'fast'` (string)"),
      );
      expect(() => gather([sleep(1)], null as never)).toThrow(
        new TypeError("Expected `options` to be an object, got `null` (null)"),
      );
      expect(() => gather([sleep(1)], { returnExceptions: "yes" as never })).toThrow(
        new TypeError("Expected `returnExceptions` to be a boolean, got `'yes'` (string)"),
      );
      // An array followed by more awaitables is the variadic form: the array is no awaitable.
      expect(() => gather([sleep(1)] as never, sleep(2), sleep(3))).toThrow(TypeError);
      expect(await gather([sleep(1, "a")], {})).toEqual(["a"]);
      const failing = createTask(async () => {
        throw new Error("not returned");
      });
      await expect(gather([failing], { returnExceptions: false })).rejects.toThrow("not returned");
    });
  });
});
