// The loop's internal fast paths the other packages use (`_callSoonWithArg` for done
// callbacks, `_callLaterWithArg` for sleep), held to what their public twins promise, and the
// messages and default logger the public API documents. Guarded by the loop's own suite for
// mutation testing (CONTRIBUTING.md, "T6. Mutation testing").
import { afterEach, describe, expect, it, vi } from "vitest";
import { EventLoop, RuntimeError, VirtualClock, creationSourceOf } from "../src/index.js";
import { trackLoops, virtualLoop } from "./helpers.js";

const track = trackLoops();

afterEach(() => {
  vi.restoreAllMocks();
});

describe("EventLoop._callLaterWithArg (callLater with one argument)", () => {
  it("runs the callback with its argument at now + delay, by deadline (test_call_later)", async () => {
    const loop = track(virtualLoop());
    const calls: Array<[string, number]> = [];
    const done = loop.createFuture<void>();
    loop.callLater(50, () => {
      loop._callLaterWithArg(100, (arg: string) => calls.push([arg, loop.time()]), "second");
      loop._callLaterWithArg(20, (arg: string) => calls.push([arg, loop.time()]), "first");
    });
    loop.callLater(500, () => done.setResult());
    await loop.runUntilComplete(done);
    expect(calls).toEqual([
      ["first", 70],
      ["second", 150],
    ]);
  });

  it("rejects a bad delay as callLater does, naming it", () => {
    const loop = track(virtualLoop());
    expect(() => loop._callLaterWithArg(-1, () => {}, 0)).toThrow(
      new RangeError("Expected `delay` to be a finite number >= 0, got `-1` (number)"),
    );
  });

  it("formats its handle with the one argument (HandleTests.test_handle_repr)", () => {
    const loop = track(virtualLoop());
    const timer = loop._callLaterWithArg(10, function tick(_n: number) {}, 42);
    expect(String(timer)).toMatch(/^<TimerHandle when=10 tick\(42\)/);
  });
});

describe("EventLoop._callSoonWithArg (a done callback's schedule)", () => {
  it("records where the handle was created in debug mode only (test_handle_source_traceback)", () => {
    const debug = track(virtualLoop({ debug: true }));
    const handle = debug._callSoonWithArg(() => {}, 1);
    expect(creationSourceOf(handle)?.stack).toContain("event-loop-hot-paths.test.ts");
    const quiet = track(virtualLoop());
    expect(creationSourceOf(quiet._callSoonWithArg(() => {}, 1))).toBeUndefined();
  });
});

describe("EventLoop messages", () => {
  it("says the loop is closed when a timer is scheduled on a closed loop (test_close)", () => {
    const loop = track(virtualLoop());
    loop.close();
    expect(() => loop.callLater(1, () => {})).toThrow(new RuntimeError("Event loop is closed"));
    expect(() => loop.callAt(1, () => {})).toThrow(new RuntimeError("Event loop is closed"));
  });

  it("names the bad option or argument", () => {
    expect(() => new EventLoop({ _orderBatch: 1 as never })).toThrow(
      new TypeError("Expected `_orderBatch` to be a function, got `1` (number)"),
    );
    const loop = track(virtualLoop());
    expect(() => {
      loop.slowCallbackDuration = -5;
    }).toThrow(
      new RangeError(
        "Expected `slowCallbackDuration` to be a finite number >= 0, got `-5` (number)",
      ),
    );
    expect(() => loop.callLater(1, "not a function" as never)).toThrow(
      new TypeError("Expected `callback` to be a function, got `'not a function'` (string)"),
    );
    expect(() => loop.addSignalHandler("SIGUSR2", "not a function" as never)).toThrow(
      new TypeError("Expected `callback` to be a function, got `'not a function'` (string)"),
    );
  });
});

describe("the default logger", () => {
  it("writes errors to console.error, with the exception only when there is one", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const loop = track(new EventLoop({ clock: new VirtualClock() }));
    const exception = new Error("boom");
    loop.logger.error("with an exception", exception);
    loop.logger.error("without");
    expect(error.mock.calls).toEqual([["with an exception", exception], ["without"]]);
  });
});
