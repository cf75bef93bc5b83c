// The timer queue's invariant under random schedules and cancellations: timers fire by
// deadline, then insertion order, each exactly once unless cancelled (asyncio's heapq order,
// TimerTests.test_timer_comparison).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventLoop, VirtualClock, type TimerHandle } from "../src/index.js";

describe("timer queue (property)", () => {
  it("fires live timers in (deadline, insertion) order whatever the schedule and cancellations", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ delay: fc.integer({ min: 0, max: 50 }), cancel: fc.boolean() }), {
          maxLength: 400,
        }),
        async (specs) => {
          const loop = new EventLoop({ clock: new VirtualClock() });
          const fired: number[] = [];
          const handles: TimerHandle[] = specs.map((spec, index) =>
            loop.callLater(spec.delay, () => fired.push(index)),
          );
          specs.forEach((spec, index) => {
            if (spec.cancel) handles[index]!.cancel();
          });
          const done = loop.createFuture<void>();
          loop.callLater(100, () => done.setResult());
          await loop.runUntilComplete(done);
          loop.close();
          const expected = specs
            .map((spec, index) => ({ ...spec, index }))
            .filter((spec) => !spec.cancel)
            .sort((a, b) => a.delay - b.delay || a.index - b.index)
            .map((spec) => spec.index);
          expect(fired).toEqual(expected);
        },
      ),
      { numRuns: 100 },
    );
  });
});
