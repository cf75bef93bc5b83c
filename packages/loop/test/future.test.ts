// Mirrors CPython Lib/test/test_asyncio/test_futures.py (BaseFutureTests).
import { afterEach, describe, expect, it } from "vitest";
import {
  CancelledError,
  EventLoop,
  Future,
  InvalidStateError,
  RuntimeError,
  currentContext,
  isFuture,
  runInContext,
  type Awaiter,
} from "../src/index.js";
import { virtualLoop } from "./helpers.js";

let loop: EventLoop;
afterEach(() => {
  if (!loop.isRunning()) loop.close();
});

describe("Future", () => {
  it("starts pending; result() and exception() throw InvalidStateError (test_initial_state)", () => {
    loop = virtualLoop();
    const fut = loop.createFuture();
    expect(fut.done()).toBe(false);
    expect(fut.cancelled()).toBe(false);
    expect(() => fut.result()).toThrow(InvalidStateError);
    expect(() => fut.exception()).toThrow(InvalidStateError);
    expect(fut.getLoop()).toBe(loop);
    expect(String(fut)).toBe("<Future pending>");
  });

  it("needs a running loop when constructed without one (test_constructor_without_loop)", () => {
    loop = virtualLoop();
    expect(() => new Future()).toThrow(RuntimeError);
    expect(() => new Future()).toThrow("no running event loop");
  });

  it("uses the running loop by default (test_constructor_use_running_loop)", async () => {
    loop = virtualLoop();
    const [fut] = await loop.runUntilComplete(() => [new Future()]);
    expect(fut?.getLoop()).toBe(loop);
  });

  it("holds a result (test_result)", () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    fut.setResult(42);
    expect(fut.done()).toBe(true);
    expect(fut.result()).toBe(42);
    expect(fut.exception()).toBeUndefined();
    expect(String(fut)).toBe("<Future finished result=42>");
  });

  it("holds an exception and throws it from result() (test_exception)", () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    const error = new Error("boom");
    fut.setException(error);
    expect(fut.exception()).toBe(error);
    expect(() => fut.result()).toThrow(error);
    expect(String(fut)).toBe("<Future finished exception=Error('boom')>");
  });

  it("throws InvalidStateError when settled twice (test_result / test_exception)", () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    fut.setResult(1);
    expect(() => fut.setResult(2)).toThrow(InvalidStateError);
    expect(() => fut.setException(new Error("x"))).toThrow(InvalidStateError);
    expect(() => fut.setResult(2)).toThrow(/invalid state/);
    expect(fut.cancel()).toBe(false);
    expect(fut.result()).toBe(1);
  });

  it("cancels with a message carried into CancelledError (test_cancel, test_cancel_message_getter)", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    expect(fut.cancel("no longer needed")).toBe(true);
    expect(fut.cancel()).toBe(false);
    expect(fut.cancelled()).toBe(true);
    expect(fut.done()).toBe(true);
    expect(() => fut.result()).toThrow(CancelledError);
    expect(() => fut.exception()).toThrow("no longer needed");
    expect(() => fut.setResult(1)).toThrow(InvalidStateError);
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(CancelledError);
    const error = (() => {
      try {
        fut.result();
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe("no longer needed");
    expect(String(fut)).toBe("<Future cancelled>");
  });

  // A choice of ours (README: "no stack trace"): asyncio's traceback has no counterpart
  // worth 5-8 µs per cancelled future.
  it("makes a cancelled future's CancelledError without a stack trace, except in debug mode", () => {
    loop = virtualLoop();
    const fut = loop.createFuture();
    fut.cancel("stop");
    let caught: unknown;
    try {
      fut.exception();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CancelledError);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as CancelledError).name).toBe("CancelledError");
    expect((caught as CancelledError).code).toBe("ERR_AIOTS_CANCELLED");
    expect((caught as CancelledError).stack).toBe("CancelledError: stop");
    expect(Error.stackTraceLimit).toBeGreaterThan(0); // restored
    expect(new CancelledError("mine").stack).toContain("\n    at "); // user errors keep theirs
    loop.close();

    loop = virtualLoop({ debug: true });
    const debugFut = loop.createFuture();
    debugFut.cancel("stop");
    expect(() => debugFut.result()).toThrow(
      expect.objectContaining({ stack: expect.stringContaining("\n    at ") as unknown }),
    );
  });

  it("runs done callbacks through callSoon, never synchronously (test_callbacks_invoked_on_set_result)", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<string>();
    const calls: string[] = [];
    fut.addDoneCallback((f) => calls.push(`a:${f.result()}`));
    fut.addDoneCallback((f) => calls.push(`b:${f.result()}`));
    fut.setResult("x");
    expect(calls).toEqual([]);
    expect(loop._readyCount).toBe(2);
    await loop.runUntilComplete(fut);
    expect(calls).toEqual(["a:x", "b:x"]);
  });

  it("schedules a callback added after completion at once (test_future_add_done_callback_after_done)", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    fut.setResult(1);
    const seen: Future<number>[] = [];
    fut.addDoneCallback((f) => seen.push(f));
    expect(seen).toEqual([]);
    await loop.runUntilComplete(fut);
    expect(seen).toEqual([fut]);
  });

  it("removes done callbacks and counts them (test_remove_done_callback)", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    const calls: string[] = [];
    const a = (): number => calls.push("a");
    const b = (): number => calls.push("b");
    fut.addDoneCallback(a);
    fut.addDoneCallback(b);
    fut.addDoneCallback(a);
    expect(fut.removeDoneCallback(a)).toBe(2);
    expect(fut.removeDoneCallback(a)).toBe(0);
    fut.setResult(1);
    await loop.runUntilComplete(fut);
    expect(calls).toEqual(["b"]);
  });

  it("is awaitable; the await resumes one iteration after the future settles (test_await)", async () => {
    loop = virtualLoop();
    const order: string[] = [];
    const result = await loop.runUntilComplete(async () => {
      const fut = loop.createFuture<string>();
      loop.callSoon(() => {
        fut.setResult("value");
        order.push("set");
        loop.callSoon(() => order.push("scheduled after set"));
      });
      const value = await fut;
      order.push("resumed");
      return value;
    });
    expect(result).toBe("value");
    // The await's wake-up goes through the ready queue: after what was queued before
    // setResult, before what was queued after it, as a task's __wakeup does in asyncio.
    expect(order).toEqual(["set", "resumed", "scheduled after set"]);
  });

  it("rejects an await with the exception, or CancelledError when cancelled", async () => {
    loop = virtualLoop();
    const failing = loop.createFuture<number>();
    const cancelled = loop.createFuture<number>();
    loop.callSoon(() => failing.setException(new RangeError("bad")));
    loop.callSoon(() => cancelled.cancel("stop"));
    await expect(loop.runUntilComplete(() => failing.then((v) => v))).rejects.toThrow(RangeError);
    await expect(loop.runUntilComplete(async () => await cancelled)).rejects.toThrow("stop");
    // catch/finally work like a promise's
    expect(
      await loop.runUntilComplete(() => failing.catch((e: unknown) => (e as Error).message)),
    ).toBe("bad");
    let ran = false;
    await loop.runUntilComplete(() =>
      cancelled
        .finally(() => {
          ran = true;
        })
        .catch(() => undefined),
    );
    expect(ran).toBe(true);
  });

  it("runs then() handlers in the context then() was called in, with promise semantics", async () => {
    loop = virtualLoop();
    const awaiter: Awaiter = { _onAwait: () => undefined, toString: () => "<Task name='t'>" };
    const fut = loop.createFuture<number>();
    loop.callLater(5, () => fut.setResult(2));
    const [seen, chained, thrown] = await loop.runUntilComplete(() =>
      runInContext({ loop, awaiter }, async () => {
        let seenAwaiter: unknown;
        const chained = fut.then((value) => {
          seenAwaiter = currentContext()?.awaiter;
          return Promise.resolve(value * 10); // adopted, like a promise's then
        });
        const thrown = fut.then(() => {
          throw new Error("from handler");
        });
        return [
          await chained.then(() => seenAwaiter),
          await chained,
          await thrown.catch((e: unknown) => e),
        ];
      }),
    );
    expect(seen).toBe(awaiter);
    expect(chained).toBe(20);
    expect(thrown).toEqual(new Error("from handler"));
  });

  it("resolves at once when awaited after it is done", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    fut.setResult(5);
    expect(await fut).toBe(5);
  });

  it("tells the current awaiter about each await, and rejects with the error it returns", async () => {
    loop = virtualLoop();
    const seen: unknown[] = [];
    const pending = new CancelledError("task cancelled");
    let cancelNext = false;
    const awaiter: Awaiter = {
      _onAwait(future) {
        seen.push(future);
        return cancelNext ? pending : undefined;
      },
      toString: () => "<Task name='t'>",
    };
    const fut = loop.createFuture<number>();
    loop.callLater(10, () => fut.setResult(3));
    const value = await loop.runUntilComplete(() =>
      runInContext({ loop, awaiter }, async () => await fut),
    );
    expect(value).toBe(3);
    expect(seen).toEqual([fut]);
    cancelNext = true;
    const other = loop.createFuture<number>();
    await expect(
      loop.runUntilComplete(() => runInContext({ loop, awaiter }, async () => await other)),
    ).rejects.toBe(pending);
    expect(other.done()).toBe(false);
  });

  it("is recognised by isFuture (test_isfuture)", () => {
    loop = virtualLoop();
    expect(isFuture(loop.createFuture())).toBe(true);
    expect(isFuture(Promise.resolve())).toBe(false);
    expect(isFuture({ then() {} })).toBe(false);
    expect(isFuture(null)).toBe(false);
  });

  it("marks an exception retrieved by result(), exception() or await (_log_traceback)", async () => {
    loop = virtualLoop();
    const a = loop.createFuture();
    a.setException(new Error("a"));
    expect(a._logTraceback).toBe(true);
    a.exception();
    expect(a._logTraceback).toBe(false);
    const b = loop.createFuture();
    b.setException(new Error("b"));
    await expect(b).rejects.toThrow("b");
    expect(b._logTraceback).toBe(false);
    const c = loop.createFuture();
    c.setException(new Error("c"));
    c._logTraceback = false;
    expect(c._logTraceback).toBe(false);
    expect(() => {
      c._logTraceback = true;
    }).toThrow(TypeError);
    const d = loop.createFuture();
    d.setResult(1);
    expect(d._logTraceback).toBe(false);
  });

  it("lets subclasses extend the repr", () => {
    loop = virtualLoop();
    class Named<T> extends Future<T> {
      override _reprInfo(): string[] {
        return [...super._reprInfo(), "name='n'"];
      }
    }
    expect(String(new Named({ loop }))).toBe("<Named pending name='n'>");
  });

  it("throws RuntimeError when it settles on a closed loop with callbacks to schedule", () => {
    loop = virtualLoop();
    const fut = loop.createFuture();
    fut.addDoneCallback(() => {});
    loop.close();
    expect(() => fut.setResult(1)).toThrow(RuntimeError);
  });
});
