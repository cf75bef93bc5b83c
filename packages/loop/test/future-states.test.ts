// Future's state machine in the details a caller reads: the errors' messages, the cancel
// message, an await that was waiting when the future failed or was cancelled, then() on a
// done future. Mirrors CPython Lib/test/test_asyncio/test_futures.py where asyncio has the
// case (messages from Lib/asyncio/futures.py, 3.13).
import { describe, expect, it } from "vitest";
import { CancelledError, Future, InvalidStateError, isFuture } from "../src/index.js";
import { trackLoops, virtualLoop } from "./helpers.js";

const track = trackLoops();

describe("Future errors", () => {
  it("names what is not ready, as asyncio does (test_initial_state)", () => {
    const fut = track(virtualLoop()).createFuture();
    expect(() => fut.result()).toThrow(new InvalidStateError("Result is not ready."));
    expect(() => fut.exception()).toThrow(new InvalidStateError("Exception is not set."));
  });

  it("names the state when settled twice", () => {
    const loop = track(virtualLoop());
    const fut = loop.createFuture<number>();
    fut.setException(new Error("boom"));
    fut.exception();
    const message = "invalid state: <Future finished exception=Error('boom')>";
    expect(() => fut.setException(new Error("again"))).toThrow(new InvalidStateError(message));
    expect(() => fut.setResult(1)).toThrow(new InvalidStateError(message));
  });

  it("rejects a done callback that is not a function, naming the argument", () => {
    const fut = track(virtualLoop()).createFuture();
    expect(() => fut.addDoneCallback(42 as never)).toThrow(
      new TypeError("Expected `callback` to be a function, got `42` (number)"),
    );
  });

  it("accepts _logTraceback = false only, with a message saying so", () => {
    const fut = track(virtualLoop()).createFuture();
    expect(() => {
      fut._logTraceback = true;
    }).toThrow(
      new TypeError("Expected `_logTraceback` to be set to false only, got `true` (boolean)"),
    );
  });
});

describe("Future.cancel message", () => {
  it("carries the message given, none, or a non-string made a string (test_cancel_message_getter)", async () => {
    const loop = track(virtualLoop());
    const none = loop.createFuture();
    none.cancel();
    expect(none._cancelMessage).toBeUndefined();
    await expect(none).rejects.toThrow(new CancelledError(""));

    const text = loop.createFuture();
    text.cancel("shutting down");
    expect(text._cancelMessage).toBe("shutting down");
    // Once the CancelledError is made, the message is read from it.
    await expect(text).rejects.toThrow(new CancelledError("shutting down"));
    expect(text._cancelMessage).toBe("shutting down");

    const number = loop.createFuture();
    number.cancel(42 as unknown as string);
    expect(number._cancelMessage).toBe("42");
    expect(() => number.result()).toThrow(new CancelledError("42"));
  });

  it("has no cancel message unless cancelled", () => {
    const loop = track(virtualLoop());
    expect(loop.createFuture()._cancelMessage).toBeUndefined();
    const done = loop.createFuture<string>();
    done.setResult("result");
    expect(done._cancelMessage).toBeUndefined();
  });

  it("makes a fresh CancelledError for a future that was not cancelled, leaving its result", () => {
    const loop = track(virtualLoop());
    const fut = loop.createFuture<number>();
    fut.setResult(5);
    const error = fut._makeCancelledError();
    expect(error).toBeInstanceOf(CancelledError);
    expect(error.message).toBe("");
    expect(fut.result()).toBe(5);
    expect(fut._makeCancelledError()).not.toBe(error);
  });

  it("does not mark a cancelled future as holding an unretrieved exception (test_cancel)", () => {
    const fut = track(virtualLoop()).createFuture();
    expect(fut.cancel()).toBe(true);
    expect(fut._logTraceback).toBe(false);
  });
});

describe("an await pending when the future settles", () => {
  it("rejects with the exception set later, which counts as retrieving it", async () => {
    const loop = track(virtualLoop());
    const fut = loop.createFuture<number>();
    const error = new Error("late failure");
    const awaited = fut.then();
    fut.setException(error);
    // Handed to the await: not reported as "exception was never retrieved".
    expect(fut._logTraceback).toBe(false);
    await loop.runUntilComplete(async () => {
      await expect(awaited).rejects.toBe(error);
    });
  });

  it("rejects with the future's CancelledError when it is cancelled later", async () => {
    const loop = track(virtualLoop());
    const fut = loop.createFuture<number>();
    const awaited = fut.then();
    fut.cancel("stop");
    await loop.runUntilComplete(async () => {
      const error: unknown = await awaited.then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(CancelledError);
      expect(error).toBe(fut._makeCancelledError());
      expect((error as CancelledError).message).toBe("stop");
    });
  });
});

describe("Future.then on a done future", () => {
  it("calls the handlers as a promise does", async () => {
    const loop = track(virtualLoop());
    const fut = loop.createFuture<number>();
    fut.setResult(21);
    await expect(fut.then((value) => value * 2)).resolves.toBe(42);
    const failed = loop.createFuture<number>();
    failed.setException(new Error("boom"));
    await expect(failed.then(undefined, () => "handled")).resolves.toBe("handled");
    await expect(failed.catch((error: unknown) => (error as Error).message)).resolves.toBe("boom");
    const order: string[] = [];
    await fut.finally(() => order.push("finally"));
    expect(order).toEqual(["finally"]);
  });
});

describe("Future.removeDoneCallback with one callback", () => {
  it("removes only that callback (test_remove_done_callback)", async () => {
    const loop = track(virtualLoop());
    const fut = loop.createFuture<void>();
    const calls: string[] = [];
    const a = (): number => calls.push("a");
    const b = (): number => calls.push("b");
    fut.addDoneCallback(a);
    expect(fut.removeDoneCallback(b)).toBe(0);
    expect(fut.removeDoneCallback(a)).toBe(1);
    expect(fut.removeDoneCallback(a)).toBe(0);
    fut.addDoneCallback(b);
    fut.setResult();
    await loop.runUntilComplete(fut);
    expect(calls).toEqual(["b"]);
  });
});

describe("instanceof", () => {
  it("keeps subclass checks to the subclass's instances", () => {
    const loop = track(virtualLoop());
    class Sub<T> extends Future<T> {}
    const plain = loop.createFuture();
    const sub = new Sub({ loop });
    expect(plain instanceof Future).toBe(true);
    expect(sub instanceof Future).toBe(true);
    expect(sub instanceof Sub).toBe(true);
    expect(plain instanceof Sub).toBe(false);
    expect(isFuture(sub)).toBe(true);
  });
});
