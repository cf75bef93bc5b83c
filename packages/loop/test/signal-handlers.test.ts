// asyncio's add_signal_handler / remove_signal_handler (test_unix_events.py
// SelectorEventLoopSignalTests): the callback runs on the loop, not in the signal listener.
import { afterEach, describe, expect, it } from "vitest";
import { EventLoop, VirtualClock, getRunningLoopOrUndefined } from "../src/index.js";

let loop: EventLoop;
afterEach(() => {
  if (!loop.isRunning()) loop.close();
});

describe("signal handlers", () => {
  it("runs the callback on the loop through callSoon when the process gets the signal", async () => {
    loop = new EventLoop({ clock: new VirtualClock({ autojumpThreshold: 10_000 }) });
    const before = process.listenerCount("SIGUSR2");
    const calls: Array<[string, boolean]> = [];
    const done = loop.createFuture<void>();
    loop.addSignalHandler(
      "SIGUSR2",
      (tag: string) => {
        calls.push([tag, getRunningLoopOrUndefined() === loop]);
        done.setResult();
      },
      "usr2",
    );
    expect(process.listenerCount("SIGUSR2")).toBe(before + 1);
    // The listener itself only queues the callback.
    process.emit("SIGUSR2", "SIGUSR2");
    expect(calls).toEqual([]);
    expect(loop._readyCount).toBe(1);
    await loop.runUntilComplete(done);
    expect(calls).toEqual([["usr2", true]]);
  });

  it("replaces a previous handler for the same signal, and removes it (restoring the default)", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    const before = process.listenerCount("SIGUSR2");
    loop.addSignalHandler("SIGUSR2", () => {});
    loop.addSignalHandler("SIGUSR2", () => {});
    expect(process.listenerCount("SIGUSR2")).toBe(before + 1);
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(true);
    expect(loop.removeSignalHandler("SIGUSR2")).toBe(false);
    expect(process.listenerCount("SIGUSR2")).toBe(before);
  });

  it("removes its handlers when the loop closes", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    const before = process.listenerCount("SIGUSR2");
    loop.addSignalHandler("SIGUSR2", () => {});
    loop.close();
    expect(process.listenerCount("SIGUSR2")).toBe(before);
    expect(() => loop.addSignalHandler("SIGUSR2", () => {})).toThrow("Event loop is closed");
  });
});
