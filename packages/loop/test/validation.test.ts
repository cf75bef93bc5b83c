// Bad input: each a clear TypeError/RangeError/InvalidStateError naming the argument and the
// value (p-queue's message shape). asyncio: test_base_events.py test_call_later_negative /
// test_call_soon_non_callable, test_futures.py test_result/test_exception (InvalidStateError).
import { afterEach, describe, expect, it } from "vitest";
import { EventLoop, InvalidStateError, VirtualClock } from "../src/index.js";

let loop: EventLoop;
afterEach(() => loop.close());

const notAFunction: unknown[] = [5, "cb", null, undefined, {}];

describe("validation", () => {
  it.each(notAFunction)(
    "rejects a non-function callback %s with a TypeError naming `callback`",
    (value) => {
      loop = new EventLoop({ clock: new VirtualClock() });
      const bad = value as () => void;
      expect(() => loop.callSoon(bad)).toThrow(TypeError);
      expect(() => loop.callSoon(bad)).toThrow(
        /^Expected `callback` to be a function, got `.*` \(\w+\)$/,
      );
      expect(() => loop.callLater(1, bad)).toThrow(TypeError);
      expect(() => loop.callAt(1, bad)).toThrow(TypeError);
      expect(() => loop.createFuture().addDoneCallback(bad)).toThrow(TypeError);
      expect(() => loop.addSignalHandler("SIGUSR2", bad)).toThrow(TypeError);
    },
  );

  it("names the value and its type", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    expect(() => loop.callSoon(5 as unknown as () => void)).toThrow(
      "Expected `callback` to be a function, got `5` (number)",
    );
    expect(() => loop.callSoon(null as unknown as () => void)).toThrow("got `null` (null)");
  });

  it.each([Number.NaN, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    "rejects delay %s with a RangeError naming `delay`",
    (delay) => {
      loop = new EventLoop({ clock: new VirtualClock() });
      expect(() => loop.callLater(delay, () => {})).toThrow(RangeError);
      expect(() => loop.callLater(delay, () => {})).toThrow(
        `Expected \`delay\` to be a finite number >= 0, got \`${String(delay)}\` (number)`,
      );
    },
  );

  it("rejects a non-number delay with a TypeError, and a non-finite callAt deadline with a RangeError", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    expect(() => loop.callLater("10" as unknown as number, () => {})).toThrow(TypeError);
    expect(() => loop.callLater("10" as unknown as number, () => {})).toThrow(
      "got `'10'` (string)",
    );
    expect(() => loop.callAt(Number.NaN, () => {})).toThrow(RangeError);
    expect(() => loop.callAt(Number.NaN, () => {})).toThrow(
      "Expected `when` to be a finite number, got `NaN` (number)",
    );
    expect(() => loop.callAt(Number.POSITIVE_INFINITY, () => {})).toThrow(RangeError);
    expect(() => (loop.slowCallbackDuration = -5)).toThrow(RangeError);
  });

  it("accepts a zero delay", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    expect(loop.callLater(0, () => {}).when()).toBe(0);
  });

  it("throws InvalidStateError when a done future is settled again", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    const cancelled = loop.createFuture();
    cancelled.cancel();
    expect(() => cancelled.setResult(1)).toThrow(InvalidStateError);
    expect(() => cancelled.setException(new Error("x"))).toThrow(InvalidStateError);
    const failed = loop.createFuture();
    failed.setException(new Error("x"));
    failed.exception();
    expect(() => failed.setResult(1)).toThrow(InvalidStateError);
  });

  it("rejects bad exception handlers, signals and executor jobs", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    expect(() => loop.setExceptionHandler(5 as unknown as null)).toThrow(
      "Expected `handler` to be a function or null, got `5` (number)",
    );
    expect(() => loop.addSignalHandler("SIGNOPE" as NodeJS.Signals, () => {})).toThrow(RangeError);
    expect(() => loop.addSignalHandler(9 as unknown as NodeJS.Signals, () => {})).toThrow(
      TypeError,
    );
    expect(() => loop.addSignalHandler("SIGKILL", () => {})).toThrow("SIGKILL cannot be caught");
    expect(() => loop.runInExecutor(null, { module: 5 as unknown as string })).toThrow(TypeError);
    // A relative path would be resolved against the worker's own file (a newcomer's
    // "./heavy.mjs" failed with "Cannot find module .../packages/loop/dist/heavy.mjs").
    expect(() => loop.runInExecutor(null, { module: "./heavy.mjs" })).toThrow(
      "Expected `module` to be a URL, an absolute path or a package name, got `'./heavy.mjs'` (string): a relative path would be resolved against the worker's file, not yours; pass `new URL(\"./heavy.mjs\", import.meta.url)`",
    );
    for (const module of ["../jobs/heavy.mjs", ".", "..", ".\\heavy.mjs"]) {
      expect(() => loop.runInExecutor(null, { module })).toThrow("a relative path would be");
    }
    expect(() => new EventLoop({ clock: {} as never })).toThrow(
      "Expected `clock` to have a now() method",
    );
  });
});
