// One host timer for the earliest deadline, never one per callLater; Node clamps delays
// above 2^31-1 ms to 1 ms, so longer waits are chained (DESIGN.md, "Known hazards").
/* eslint-disable no-restricted-syntax, no-restricted-properties -- setTimeout and performance
   are vitest's fake timers in this file (vi.useFakeTimers): nothing waits on real time. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { EventLoop, type Clock } from "../src/index.js";

const MAX = 2 ** 31 - 1;
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A "real" clock (not a VirtualClock) that follows vitest's fake performance.now(). */
const fakeRealClock: Clock = { now: () => globalThis.performance.now() };

function setImmediateTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe("host timer", () => {
  it("arms a single host timer for many timers", async () => {
    vi.useFakeTimers({
      toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance"],
    });
    const loop = new EventLoop({ clock: fakeRealClock });
    const fired: number[] = [];
    for (let index = 0; index < 1000; index++)
      loop.callLater(10 + (index % 7), () => fired.push(index));
    const done = loop.createFuture<void>();
    loop.callLater(100, () => done.setResult());
    const running = loop.runUntilComplete(done);
    await setImmediateTurn();
    // The loop's host timer plus its keep-alive interval.
    expect(vi.getTimerCount()).toBe(2);
    await vi.advanceTimersByTimeAsync(200);
    await running;
    expect(fired).toHaveLength(1000);
    loop.close();
  });

  it("chains host timers for delays above 2^31-1 ms, firing on time", async () => {
    vi.useFakeTimers({
      toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance"],
    });
    const delays: number[] = [];
    const fakeSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation((fn: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return fakeSetTimeout(fn, ms);
    });
    const loop = new EventLoop({ clock: fakeRealClock });
    const start = performance.now();
    const delay = 2 ** 32 + 5;
    const done = loop.createFuture<number>();
    loop.callLater(delay, () => done.setResult(performance.now() - start));
    const running = loop.runUntilComplete(done);
    await setImmediateTurn();
    await vi.advanceTimersByTimeAsync(MAX);
    expect(done.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(MAX);
    expect(done.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(delay - 2 * MAX);
    const elapsed = await running;
    expect(elapsed).toBeGreaterThanOrEqual(delay);
    expect(delays.every((ms) => ms <= MAX)).toBe(true);
    expect(delays.filter((ms) => ms === MAX)).toHaveLength(2);
    loop.close();
  });
});
