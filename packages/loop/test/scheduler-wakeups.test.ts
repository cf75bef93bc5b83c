// How the loop wakes up and what it leaves on Node's loop (internal/scheduler.ts): a loop
// that does not run schedules nothing on the host, `advance()` wakes a loop waiting for its
// timers, and the clock protocol (`Clock._sleepTime` / `_autojump`) gets what types.ts
// promises: asked to jump only with nothing ready, and a work count that changes with every
// batch and every timer scheduled.
import { describe, expect, it } from "vitest";
import { EventLoop, VirtualClock, type Clock } from "../src/index.js";
import { step, trackLoops, virtualLoop } from "./helpers.js";

const track = trackLoops();

/** One turn of Node's loop (a macrotask), on no clock. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The host handles a loop could leave behind: immediates and timeouts. */
function hostHandles(): { immediates: number; timeouts: number } {
  const info = process.getActiveResourcesInfo();
  return {
    immediates: info.filter((name) => name === "Immediate").length,
    timeouts: info.filter((name) => name === "Timeout").length,
  };
}

/**
 * A clock that records what the loop tells it: it never asks the loop to sleep (`0`: look
 * again on the next macrotask) and lets time jump on the `jumpOn`-th ask for a deadline.
 */
class RecordingClock implements Clock {
  time = 0;
  readonly asks: Array<{ deadline: number; work: number; ready: number }> = [];
  loop: EventLoop | undefined;
  constructor(readonly jumpOn = 1) {}
  now(): number {
    return this.time;
  }
  _sleepTime(): number {
    return 0;
  }
  _autojump(deadline: number, work: number): void {
    this.asks.push({ deadline, work, ready: this.loop?._readyCount ?? -1 });
    const asked = this.asks.filter((ask) => ask.deadline === deadline).length;
    if (asked >= this.jumpOn && deadline > this.time) this.time = deadline;
  }
}

describe("a loop that is not running", () => {
  it("leaves nothing on Node's loop once stopped, and schedules nothing there while stopped", async () => {
    const loop = track(virtualLoop());
    const before = hostHandles();
    loop.callLater(1000, () => {}); // still scheduled when the loop stops
    // The stopping callback runs in a batch resumed after two tasks' steps (a fallback
    // macrotask pending for each pause).
    const never = loop.createFuture<void>();
    for (const name of ["a", "b"]) loop._callSoonRunnable(step(loop, name, () => never).runnable);
    const fut = loop.createFuture<void>();
    fut.setResult();
    await loop.runUntilComplete(fut);
    expect(hostHandles()).toEqual(before);
    loop.callSoon(() => {});
    loop.callLater(10, () => {});
    loop.callAt(0, () => {});
    expect(hostHandles()).toEqual(before);
  });
});

describe("a loop that stops in the batch after one resumed from a task's step", () => {
  it("leaves nothing on Node's loop either (a stray macrotask would tick a stopped loop)", async () => {
    const loop = track(virtualLoop());
    const before = hostHandles();
    const never = loop.createFuture<void>();
    const fut = loop.createFuture<void>();
    loop._callSoonRunnable(step(loop, "step", () => never).runnable);
    // Resumed after the step, in a microtask; the run's stop is queued for the next batch.
    loop.callSoon(() => fut.setResult());
    await loop.runUntilComplete(fut);
    expect(hostHandles()).toEqual(before);
  });
  it("leaves nothing on Node's loop when the run then waits for a timer", async () => {
    const loop = track(virtualLoop());
    const before = hostHandles();
    const never = loop.createFuture<void>();
    const fut = loop.createFuture<void>();
    loop._callSoonRunnable(step(loop, "step", () => never).runnable);
    // Resumed after the step, it leaves nothing ready: the loop polls for the timer.
    loop.callSoon(() => {});
    loop.callLater(10, () => fut.setResult());
    await loop.runUntilComplete(fut);
    expect(hostHandles()).toEqual(before);
  });
});

describe("VirtualClock.advance()", () => {
  it("wakes a loop that waits for its timers (trio MockClock.jump)", async () => {
    // A threshold no test reaches: time moves only by advance().
    const clock = new VirtualClock({ autojumpThreshold: 60_000 });
    const loop = track(new EventLoop({ clock }));
    const fired = loop.createFuture<number>();
    loop.callLater(100, () => fired.setResult(loop.time()));
    const running = loop.runUntilComplete(fired);
    for (let i = 0; i < 30; i++) await turn(); // the loop now sleeps on its host timer
    expect(fired.done()).toBe(false);
    clock.advance(100);
    for (let i = 0; i < 20 && !fired.done(); i++) await turn();
    if (!fired.done()) fired.setResult(-1); // not woken: end the run, and fail below
    expect(await running).toBe(100);
  });
});

describe("the clock protocol (Clock._autojump)", () => {
  it("is asked to jump only when nothing is ready: a callback ready now runs at the current time", async () => {
    const clock = new RecordingClock();
    const loop = track(new EventLoop({ clock }));
    clock.loop = loop;
    const seen: Array<[string, number]> = [];
    const done = loop.createFuture<void>();
    loop.callLater(1000, () => {
      seen.push(["timer", loop.time()]);
      done.setResult();
    });
    loop.callSoon(() => seen.push(["callback", loop.time()]));
    await loop.runUntilComplete(done);
    expect(seen).toEqual([
      ["callback", 0],
      ["timer", 1000],
    ]);
    expect(clock.asks.every((ask) => ask.ready === 0)).toBe(true);
  });

  it("gets a work count that stays while the loop idles and changes with each batch and timer", async () => {
    const clock = new RecordingClock(3);
    const loop = track(new EventLoop({ clock }));
    const done = loop.createFuture<void>();
    // One batch that schedules one timer between the two idle stretches.
    loop.callLater(10, () => loop.callLater(10, () => done.setResult()));
    await loop.runUntilComplete(done);
    const first = clock.asks.filter((ask) => ask.deadline === 10).map((ask) => ask.work);
    const second = clock.asks.filter((ask) => ask.deadline === 20).map((ask) => ask.work);
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(3);
    expect(new Set(first).size).toBe(1);
    expect(new Set(second).size).toBe(1);
    expect(second[0]).not.toBe(first[0]);
  });
});
