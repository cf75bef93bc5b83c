// fulfilledOutcome / outcomeOf / copyOutcome: the one reading of a done future's outcome
// (asyncio's Future.__await__ and futures._copy_future_state), used by every library
// awaitable of @aiots/tasks.
import { afterEach, describe, expect, it } from "vitest";
import {
  CancelledError,
  EventLoop,
  InvalidStateError,
  copyOutcome,
  fulfilledOutcome,
  outcomeOf,
  resolvedFuture,
} from "../src/index.js";
import { virtualLoop } from "./helpers.js";

let loop: EventLoop;
afterEach(() => {
  if (!loop.isRunning()) loop.close();
});

describe("fulfilledOutcome and outcomeOf", () => {
  it("read a result as fulfilled, the result itself", () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    fut.setResult(42);
    expect(fulfilledOutcome(fut)).toBe(true);
    expect(outcomeOf(fut)).toBe(42);
    expect(outcomeOf(fut, true)).toBe(42);
  });

  it("read an exception as rejected, the exception itself, and mark it retrieved", () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    const error = new Error("boom");
    fut.setException(error);
    expect(fut._logTraceback).toBe(true);
    expect(fulfilledOutcome(fut)).toBe(false);
    expect(fut._logTraceback).toBe(false);
    expect(outcomeOf(fut)).toBe(error);
    expect(outcomeOf(fut, false)).toBe(error);
  });

  it("read a cancellation as rejected, with the CancelledError await raises (same object each time)", () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    fut.cancel("enough");
    expect(fulfilledOutcome(fut)).toBe(false);
    const error = outcomeOf(fut);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).message).toBe("enough");
    expect(outcomeOf(fut, false)).toBe(error);
    expect(() => fut.result()).toThrow(error);
  });

  it("read a resolvedFuture's result", () => {
    loop = virtualLoop();
    const fut = resolvedFuture(loop, "v");
    expect(fulfilledOutcome(fut)).toBe(true);
    expect(outcomeOf(fut)).toBe("v");
  });

  it("throw InvalidStateError on a pending future", () => {
    loop = virtualLoop();
    const fut = loop.createFuture<number>();
    expect(() => fulfilledOutcome(fut)).toThrow(InvalidStateError);
    expect(() => outcomeOf(fut)).toThrow(InvalidStateError);
  });
});

describe("copyOutcome", () => {
  it("copies a result, an exception and a cancellation (as a cancellation)", () => {
    loop = virtualLoop();
    const done = loop.createFuture<number>();
    done.setResult(1);
    const failed = loop.createFuture<number>();
    const error = new Error("boom");
    failed.setException(error);
    const cancelled = loop.createFuture<number>();
    cancelled.cancel("stop");

    const a = loop.createFuture<number>();
    copyOutcome(done, a);
    expect(a.result()).toBe(1);
    const b = loop.createFuture<number>();
    copyOutcome(failed, b);
    expect(b.exception()).toBe(error);
    expect(failed._logTraceback).toBe(false);
    const c = loop.createFuture<number>();
    copyOutcome(cancelled, c);
    expect(c.cancelled()).toBe(true);
  });

  it("throws InvalidStateError into a done destination", () => {
    loop = virtualLoop();
    const source = loop.createFuture<number>();
    source.setResult(1);
    const dest = loop.createFuture<number>();
    dest.setResult(2);
    expect(() => copyOutcome(source, dest)).toThrow(InvalidStateError);
  });
});
