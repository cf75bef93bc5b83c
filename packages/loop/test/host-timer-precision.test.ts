// Timer precision on the real clock (issue #10): the one host timer is armed for exactly the
// remaining time as soon as an earlier deadline appears, due callbacks run inside the host
// timer's own callback, and an early host wake-up (Node times in whole ms from a cached
// loop time) is followed by a poll on the next macrotask, not by a whole extra 1 ms timer.
// The host timer and the clock are fakes driven by the test: no real time is waited on.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventLoop, type Clock } from "../src/index.js";
import { trackLoops } from "./helpers.js";

const track = trackLoops();

interface Armed {
  readonly fire: () => void;
  readonly delay: number;
  /** The clock's time when it was armed. */
  readonly at: number;
  cleared: boolean;
}

let now = 0;
let armed: Armed[] = [];
/** A real-clock stand-in (no autojump) whose time the test sets. */
const clock: Clock = { now: () => now };

beforeEach(() => {
  now = 1000.25;
  armed = [];
  vi.spyOn(globalThis, "setTimeout").mockImplementation((fire: () => void, delay?: number) => {
    const entry: Armed = { fire, delay: delay ?? 0, at: now, cleared: false };
    armed.push(entry);
    return entry as unknown as NodeJS.Timeout;
  });
  vi.spyOn(globalThis, "clearTimeout").mockImplementation((entry) => {
    if (entry !== undefined) (entry as unknown as Armed).cleared = true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function live(): Armed[] {
  return armed.filter((entry) => !entry.cleared);
}

/** A loop running on the fake clock, idle (asleep) on a future; `finish()` ends the run. */
async function idleLoop(): Promise<{ loop: EventLoop; finish: () => Promise<void> }> {
  const loop = track(new EventLoop({ clock }));
  const forever = loop.createFuture<void>();
  const running = loop.runUntilComplete(forever);
  await turn();
  await turn();
  expect(armed).toEqual([]);
  return {
    loop,
    finish: async () => {
      forever.setResult();
      await running;
    },
  };
}

describe("the host timer on the real clock", () => {
  it("is armed for exactly the remaining time in the call that schedules an earlier deadline", async () => {
    const { loop, finish } = await idleLoop();
    loop.callLater(50, () => {});
    // No macrotask in between: a hop before arming would make every sleep that much late.
    expect(live().map((entry) => entry.delay)).toEqual([50]);
    now += 0.4;
    loop.callLater(20, () => {});
    expect(live().map((entry) => entry.delay)).toEqual([20]);
    loop.callLater(30, () => {}); // later than the armed deadline: no re-arm
    expect(live()).toHaveLength(1);
    await finish();
  });

  it("runs the due callbacks inside the host timer's own callback", async () => {
    const { loop, finish } = await idleLoop();
    const fired: number[] = [];
    loop.callLater(50, () => fired.push(now));
    loop.callLater(50, () => fired.push(now));
    const [host] = live();
    now = 1050.25;
    host!.fire();
    expect(fired).toEqual([1050.25, 1050.25]);
    await finish();
  });

  it("an early host wake-up polls the next macrotasks instead of arming a 1 ms timer", async () => {
    const { loop, finish } = await idleLoop();
    const fired: number[] = [];
    loop.callLater(10, () => fired.push(now));
    const [host] = live();
    expect(host!.delay).toBe(10);
    now = 1009.85; // Node woke 0.4 ms before the deadline
    host!.fire();
    expect(fired).toEqual([]);
    await turn();
    expect(fired).toEqual([]);
    now = 1010.25;
    await turn();
    await turn();
    expect(fired).toEqual([1010.25]);
    // The only host timer ever armed is the first one.
    expect(armed).toHaveLength(1);
    await finish();
  });

  it("a wait shorter than Node's millisecond is polled, never rounded up to 1 ms", async () => {
    const { loop, finish } = await idleLoop();
    const fired: number[] = [];
    loop.callLater(0.5, () => fired.push(now));
    expect(armed).toEqual([]);
    await turn();
    expect(fired).toEqual([]);
    now += 0.5;
    await turn();
    await turn();
    expect(fired).toEqual([1000.75]);
    await finish();
  });

  it("20 sequential sleeps of 50 ms drift only by the wake-up hops after each deadline", async () => {
    const loop = track(new EventLoop({ clock }));
    const start = now;
    const ends: number[] = [];
    const running = loop.runUntilComplete(async () => {
      for (let index = 0; index < 20; index++) {
        const future = loop.createFuture<void>();
        loop.callLater(50, () => future.setResult());
        await future;
        ends.push(now - start);
      }
    });
    // Each macrotask costs 0.1 ms of "real" time; the host timer fires exactly on time.
    while (ends.length < 20) {
      await turn();
      now += 0.1;
      const host = live().at(-1);
      if (host !== undefined) {
        host.cleared = true;
        now = Math.max(now, host.at + host.delay);
        host.fire();
      }
    }
    await running;
    // Each deadline is met in the macrotask it falls in (the wake-up's hop runs in that same
    // turn here); one more macrotask per sleep, before arming or after firing, makes 2 ms.
    expect(ends[19]! - 1000).toBeLessThan(0.5);
  });
});
