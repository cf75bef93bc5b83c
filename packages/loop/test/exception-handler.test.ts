// Mirrors test_base_events.py: test_default_exc_handler_callback,
// test_set_exc_handler_custom, test_set_exc_handler_broken, test_default_exc_handler_broken,
// test_set_exc_handler_invalid.
import { afterEach, describe, expect, it } from "vitest";
import {
  EventLoop,
  VirtualClock,
  type AbstractEventLoop,
  type ExceptionContext,
} from "../src/index.js";
import { recordingLogger } from "./helpers.js";

let loop: EventLoop;
afterEach(() => {
  if (!loop.isRunning()) loop.close();
});

async function runOnce(target: EventLoop): Promise<void> {
  const done = target.createFuture<void>();
  target.callLater(1, () => done.setResult());
  await target.runUntilComplete(done);
}

describe("exception handling", () => {
  it("reports a callback that throws, and keeps the loop running (test_default_exc_handler_callback)", async () => {
    const logger = recordingLogger();
    loop = new EventLoop({ clock: new VirtualClock(), logger });
    const error = new Error("boom");
    const calls: string[] = [];
    loop.callSoon(function zeroError(): void {
      throw error;
    });
    loop.callSoon(() => calls.push("still running"));
    await runOnce(loop);
    expect(calls).toEqual(["still running"]);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]!.message).toBe(
      "Exception in callback zeroError()\nhandle: <Handle zeroError()>",
    );
    expect(logger.errors[0]!.error).toBe(error);
  });

  it("passes the context to a custom handler (test_set_exc_handler_custom)", async () => {
    const logger = recordingLogger();
    loop = new EventLoop({ clock: new VirtualClock(), logger });
    const contexts: ExceptionContext[] = [];
    const handler = (_loop: AbstractEventLoop, context: ExceptionContext): void => {
      expect(_loop).toBe(loop);
      contexts.push(context);
    };
    expect(loop.getExceptionHandler()).toBeNull();
    loop.setExceptionHandler(handler);
    expect(loop.getExceptionHandler()).toBe(handler);
    const error = new TypeError("bad");
    const handle = loop.callLater(
      5,
      (value: number) => {
        throw Object.assign(error, { value });
      },
      42,
    );
    await runOnce(loop);
    await runOnce(loop);
    await runOnce(loop);
    await runOnce(loop);
    await runOnce(loop);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toEqual({
      message: expect.stringMatching(/^Exception in callback .*\(42\)$/) as unknown,
      exception: error,
      handle,
    });
    expect(logger.errors).toEqual([]);
    loop.setExceptionHandler(null);
    expect(loop.getExceptionHandler()).toBeNull();
  });

  it("falls back to the default handler when the custom one throws (test_set_exc_handler_broken)", () => {
    const logger = recordingLogger();
    loop = new EventLoop({ clock: new VirtualClock(), logger });
    const broken = new Error("handler broke");
    loop.setExceptionHandler(() => {
      throw broken;
    });
    loop.callExceptionHandler({ message: "original" });
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]!.message).toMatch(
      /^Unhandled error in exception handler\ncontext: \{ message: 'original' \}$/,
    );
    expect(logger.errors[0]!.error).toBe(broken);
  });

  it("survives a default handler whose logger throws (test_default_exc_handler_broken)", () => {
    let calls = 0;
    loop = new EventLoop({
      clock: new VirtualClock(),
      logger: {
        warn: () => {},
        error: () => {
          calls++;
          throw new Error("logger broke");
        },
      },
    });
    expect(() => loop.callExceptionHandler({ message: "x" })).not.toThrow();
    loop.setExceptionHandler(() => {
      throw new Error("handler broke");
    });
    expect(() => loop.callExceptionHandler({ message: "y" })).not.toThrow();
    expect(calls).toBe(4);
  });

  it("formats extra context keys sorted, with reprs of futures and handles (default_exception_handler)", () => {
    const logger = recordingLogger();
    loop = new EventLoop({ clock: new VirtualClock(), logger });
    const future = loop.createFuture();
    loop.defaultExceptionHandler({ message: "", future, zeta: 1, alpha: "a" });
    expect(logger.errors[0]!.message).toBe(
      "Unhandled exception in event loop\nalpha: 'a'\nfuture: <Future pending>\nzeta: 1",
    );
    expect(logger.errors[0]!.error).toBeUndefined();
  });

  it("reports a future exception that was never retrieved once the future is collected", async () => {
    const { setFlagsFromString } = await import("node:v8");
    const { runInNewContext } = await import("node:vm");
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const contexts: ExceptionContext[] = [];
    loop = new EventLoop({ clock: new VirtualClock() });
    loop.setExceptionHandler((_loop, context) => contexts.push(context));
    const error = new Error("lost");
    (() => {
      loop.createFuture().setException(error);
      const retrieved = loop.createFuture();
      retrieved.setException(new Error("seen"));
      retrieved.exception();
    })();
    for (let attempt = 0; attempt < 20 && contexts.length === 0; attempt++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve)); // finalizers run between turns
    }
    expect(contexts).toHaveLength(1);
    expect(contexts[0]).toMatchObject({
      message: "Future exception was never retrieved",
      exception: error,
      futureRepr: "<Future finished exception=Error('lost')>",
    });
  });
});
