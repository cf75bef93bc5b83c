// Cancelled timers are dropped lazily and the heap compacted when they exceed half of it
// (asyncio's _MIN_CANCELLED_TIMER_HANDLES_FRACTION; test_base_events.py
// test__run_once_cancelled_event_cleanup). A million cancelled timeouts must not leak.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { EventLoop, VirtualClock, type TimerHandle } from "../src/index.js";

let loop: EventLoop;
afterEach(() => loop.close());

describe("timer heap compaction", () => {
  it("keeps the heap bounded through a million schedule-then-cancel calls", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    let peak = 0;
    for (let index = 0; index < 1_000_000; index++) {
      loop.callLater(1000 + (index % 5000), () => {}).cancel();
      if (loop._scheduledCount > peak) peak = loop._scheduledCount;
    }
    expect(peak).toBeLessThanOrEqual(101);
  });

  it("keeps the live timers when it compacts", async () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    const fired: number[] = [];
    for (let index = 0; index < 1000; index++) loop.callLater(index, () => fired.push(index));
    let peak = 0;
    for (let index = 0; index < 100_000; index++) {
      loop.callLater(500, () => fired.push(-1)).cancel();
      peak = Math.max(peak, loop._scheduledCount);
    }
    expect(peak).toBeLessThanOrEqual(2001);
    const done = loop.createFuture<void>();
    loop.callLater(2000, () => done.setResult());
    await loop.runUntilComplete(done);
    expect(fired).toEqual(Array.from({ length: 1000 }, (_, index) => index));
    expect(loop._scheduledCount).toBe(0);
  });

  it("drops cancelled timers from the top of the heap while running (lazy removal)", async () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    const timers: TimerHandle[] = [];
    for (let index = 0; index < 50; index++) timers.push(loop.callLater(10 + index, () => {}));
    for (const timer of timers) timer.cancel();
    // Below asyncio's _MIN_SCHEDULED_TIMER_HANDLES (100): nothing compacted yet.
    expect(loop._scheduledCount).toBe(50);
    await loop.runUntilComplete(Promise.resolve());
    expect(loop._scheduledCount).toBe(0);
    expect(loop.time()).toBe(0);
  });

  // Compaction filters the heap and must rebuild it: the new root is not the earliest timer
  // when the old earliest was cancelled.
  it("keeps (deadline, insertion) order when it compacts timers that arrived out of order", async () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    const fired: number[] = [];
    const timers: TimerHandle[] = [];
    // Deadlines 1..400 in a scrambled order (7919 is prime to 400): all but the first go
    // to the heap, not the in-order lane.
    const deadlines = Array.from({ length: 400 }, (_, index) => ((index * 7919) % 400) + 1);
    for (const deadline of deadlines) {
      timers.push(loop.callLater(deadline, () => fired.push(deadline)));
    }
    // Cancel more than half, earliest deadline first, so that the heap's root is gone by the
    // time it compacts: the earliest ones, then two in three of the rest.
    const cancelled = (deadline: number): boolean => deadline <= 20 || deadline % 3 !== 0;
    const byDeadline = deadlines.map((deadline, index) => ({ deadline, timer: timers[index]! }));
    byDeadline.sort((a, b) => a.deadline - b.deadline);
    for (const { deadline, timer } of byDeadline) if (cancelled(deadline)) timer.cancel();
    const live = deadlines.filter((deadline) => !cancelled(deadline)).sort((a, b) => a - b);
    expect(loop._scheduledCount).toBeLessThan(400); // compacted
    const done = loop.createFuture<void>();
    loop.callLater(1000, () => done.setResult());
    await loop.runUntilComplete(done);
    expect(fired).toEqual(live);
  });

  it("counts only the timers still scheduled once in-order timers have fired", async () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    for (let index = 1; index <= 10; index++) loop.callLater(index, () => {});
    expect(loop._scheduledCount).toBe(10);
    const done = loop.createFuture<void>();
    loop.callLater(5.5, () => done.setResult());
    await loop.runUntilComplete(done);
    expect(loop._scheduledCount).toBe(5);
  });

  // The compaction rebuilds the whole heap, its root included: a shuffled schedule, more than
  // half of it cancelled in a shuffled order, still fires in deadline order. 200 runs (the
  // rebuild that skips the root fails within the first few dozen); fast-check prints the seed.
  it("fires in deadline order after compacting a shuffled schedule (property, 200 runs)", async () => {
    const deadlines = Array.from({ length: 120 }, (_, index) => index + 1);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(deadlines, { minLength: 120, maxLength: 120 }),
        fc.shuffledSubarray(deadlines, { minLength: 61, maxLength: 110 }),
        async (schedule, cancelOrder) => {
          loop = new EventLoop({ clock: new VirtualClock() });
          const fired: number[] = [];
          const timers = new Map<number, TimerHandle>();
          for (const deadline of schedule) {
            timers.set(
              deadline,
              loop.callLater(deadline, () => fired.push(deadline)),
            );
          }
          for (const deadline of cancelOrder) timers.get(deadline)!.cancel();
          expect(loop._scheduledCount).toBeLessThan(120); // compacted
          const done = loop.createFuture<void>();
          loop.callLater(1000, () => done.setResult());
          await loop.runUntilComplete(done);
          loop.close();
          const cancelled = new Set(cancelOrder);
          expect(fired).toEqual(deadlines.filter((deadline) => !cancelled.has(deadline)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
