// The timer queue's invariant under random schedules and cancellations: timers fire by
// deadline, then insertion order, each exactly once unless cancelled (asyncio's heapq order,
// TimerTests.test_timer_comparison). The generators cover what the queue's parts care about:
// ties, fractional and past deadlines (`callAt` below the clock), long runs in deadline order
// (the fast lanes, including their compaction after 1024 pops), repeating delays (i % k: one
// lane per delay, more delays than the lane cap), timers scheduled and cancelled by running
// timers, cancelling twice, and enough cancellations to trigger heap compaction.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventLoop, VirtualClock, type TimerHandle } from "../src/index.js";

const deadline = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.double({ min: 0, max: 5000, noNaN: true }),
  fc.integer({ min: -20, max: -1 }), // in the past: callAt only
);
const timerSpec = fc.record({
  when: deadline,
  viaCallAt: fc.boolean(),
  cancel: fc.constantFrom("no", "no", "upfront", "twice"),
  /** When it fires, cancel the top-level timer with this index (mod count). */
  cancelsOther: fc.option(fc.nat(), { nil: null }),
  /** When it fires, schedule a child timer this many ms later. */
  childDelay: fc.option(
    fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 100, noNaN: true })),
    { nil: null },
  ),
});
/** A run in deadline order (the fast lane), with ties and every few timers cancelled. */
const laneRun = fc.record({
  length: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 200 }),
    fc.integer({ min: 1100, max: 2500 }),
  ),
  ties: fc.integer({ min: 1, max: 4 }),
  /** 0: deadlines in order; else `i % period` (the sleep(i % 100) shape: one lane per delay,
   * more delays than the lane cap when over 128). */
  period: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 2, max: 8 }),
    fc.integer({ min: 90, max: 200 }),
  ),
  cancelEvery: fc.integer({ min: 0, max: 3 }),
});

interface Entry {
  id: string;
  when: number;
  seq: number;
  cancelled: boolean;
}

describe("timer queue (property)", () => {
  it("fires live timers in (deadline, insertion) order whatever the schedule and cancellations", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(timerSpec, { maxLength: 300 }), laneRun, async (specs, run) => {
        const loop = new EventLoop({ clock: new VirtualClock() });
        const fired: string[] = [];
        const handles: TimerHandle[] = [];
        // The model: the same schedule as a plain list ordered by (when, seq).
        const model: Entry[] = [];
        const modelTop: Entry[] = [];
        let seq = 0;
        const add = (id: string, when: number): Entry => {
          const entry = { id, when, seq: seq++, cancelled: false };
          model.push(entry);
          return entry;
        };
        for (let i = 0; i < run.length; i++) {
          const id = `lane${i}`;
          const at = run.period === 0 ? Math.floor(i / run.ties) : (i % run.period) / run.ties;
          const handle = loop.callLater(at, () => fired.push(id));
          const entry = add(id, at);
          if (run.cancelEvery > 0 && i % (run.cancelEvery + 1) === 0) {
            handle.cancel();
            entry.cancelled = true;
          }
        }
        specs.forEach((spec, index) => {
          const id = `t${index}`;
          modelTop.push(add(id, spec.when));
          const callback = (): void => {
            fired.push(id);
            if (spec.cancelsOther !== null) handles[spec.cancelsOther % specs.length]!.cancel();
            if (spec.childDelay !== null) {
              loop.callLater(spec.childDelay, () => fired.push(`${id}.child`));
            }
          };
          handles.push(
            spec.viaCallAt || spec.when < 0
              ? loop.callAt(spec.when, callback)
              : loop.callLater(spec.when, callback),
          );
        });
        specs.forEach((spec, index) => {
          if (spec.cancel === "no") return;
          handles[index]!.cancel();
          if (spec.cancel === "twice") handles[index]!.cancel();
          modelTop[index]!.cancelled = true;
        });
        const done = loop.createFuture<void>();
        loop.callAt(1e6, () => done.setResult());
        await loop.runUntilComplete(done);
        loop.close();

        // Replay the model: fire in (when, seq) order; the clock never goes back, so a child
        // is due `childDelay` after max(clock, its parent's deadline).
        const before = (a: Entry, b: Entry): boolean =>
          a.when < b.when || (a.when === b.when && a.seq < b.seq);
        const pending = [...model].sort((a, b) => (before(a, b) ? -1 : 1));
        const expected: string[] = [];
        let clock = 0;
        for (let next = 0; next < pending.length; next++) {
          const entry = pending[next]!;
          if (entry.cancelled) continue;
          clock = Math.max(clock, entry.when);
          expected.push(entry.id);
          const index = modelTop.indexOf(entry);
          if (index === -1) continue;
          const spec = specs[index]!;
          if (spec.cancelsOther !== null) {
            modelTop[spec.cancelsOther % specs.length]!.cancelled = true;
          }
          if (spec.childDelay !== null) {
            const child = add(`${entry.id}.child`, clock + spec.childDelay);
            let at = next + 1;
            while (at < pending.length && before(pending[at]!, child)) at++;
            pending.splice(at, 0, child);
          }
        }
        expect(fired).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
