// The timer queue's FIFO lanes (one per delay, Node's timer lists) under random schedules:
// whatever delay a timer is filed under, pops come out in (deadline, insertion) order, the
// order of a sorted reference list. The generators make what the lanes care about: repeating
// delays (i % k, the `sleep(i % 100)` shape), more distinct delays than the lane cap, equal
// deadlines across lanes, fractional and past deadlines, deadlines that do not follow their
// delay (`callAt`, a clock gone back in a test), pops between pushes (lanes emptied and made
// again), and compaction of cancelled timers (`filter`). fast-check prints the seed on failure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TimerHandle } from "../src/index.js";
import { TimerHeap } from "../src/internal/timer-heap.js";
import { MAX_LANES, TimerLanes } from "../src/internal/timer-lanes.js";

interface Fake {
  when: () => number;
  _seq: number;
}

const before = (a: Fake, b: Fake): boolean =>
  a.when() < b.when() || (a.when() === b.when() && a._seq < b._seq);

/** A batch of pushes at one clock reading: deadline = clock + delay, filed under the delay. */
const batch = fc.record({
  kind: fc.constant("batch" as const),
  count: fc.integer({ min: 1, max: 400 }),
  /** Delays `i % period * scale`: repeating (few lanes) or all distinct (over the cap). */
  period: fc.oneof(
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 50, max: 120 }),
    fc.constant(1_000_000),
  ),
  scale: fc.constantFrom(1, 0.5, 0.1, 3),
  offset: fc.integer({ min: 0, max: 5 }),
});
/** One push whose deadline need not follow its delay (callAt, or any key: must stay correct). */
const stray = fc.record({
  kind: fc.constant("stray" as const),
  when: fc.oneof(
    fc.integer({ min: -20, max: 200 }),
    fc.double({ min: -20, max: 500, noNaN: true }),
  ),
  key: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 10 }), fc.nat(300)),
});
const advance = fc.record({
  kind: fc.constant("advance" as const),
  by: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.double({ min: 0, max: 60, noNaN: true })),
});
const popSome = fc.record({ kind: fc.constant("pop" as const), count: fc.nat(300) });
/** Cancel every timer whose insertion number is `rest` mod `every`, then compact. */
const filterOp = fc.record({
  kind: fc.constant("filter" as const),
  every: fc.integer({ min: 1, max: 4 }),
  rest: fc.nat(3),
});
const op = fc.oneof(batch, stray, advance, popSome, filterOp);

describe("timer lanes (property)", () => {
  it("pops in (deadline, insertion) order like a sorted list, whatever the delays", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const heap = new TimerHeap();
        let model: Fake[] = [];
        let seq = 0;
        let clock = 0;
        const push = (when: number, key: number | undefined): void => {
          const timer: Fake = { when: () => when, _seq: seq++ };
          heap.push(timer as unknown as TimerHandle, key);
          model.push(timer);
        };
        const popOne = (): void => {
          const expected = model.reduce<Fake | undefined>(
            (min, timer) => (min === undefined || before(timer, min) ? timer : min),
            undefined,
          );
          expect(heap.peek()).toBe(expected);
          expect(heap.pop()).toBe(expected);
          model = model.filter((timer) => timer !== expected);
        };
        for (const step of ops) {
          if (step.kind === "batch") {
            for (let i = 0; i < step.count; i++) {
              const delay = (step.offset + (i % step.period)) * step.scale;
              push(clock + delay, delay);
            }
          } else if (step.kind === "stray") {
            push(step.when, step.key);
          } else if (step.kind === "advance") {
            clock += step.by;
          } else if (step.kind === "pop") {
            for (let i = 0; i < step.count && model.length > 0; i++) popOne();
          } else {
            const keep = (timer: Fake): boolean => timer._seq % step.every !== step.rest;
            heap.filter(keep);
            model = model.filter(keep);
          }
          expect(heap.size).toBe(model.length);
          expect(new Set(heap.toArray())).toEqual(new Set(model));
        }
        // Drain: the whole remaining order equals the sorted reference.
        const expected = [...model].sort((a, b) => (before(a, b) ? -1 : 1));
        const popped: unknown[] = [];
        for (let next = heap.pop(); next !== undefined; next = heap.pop()) popped.push(next);
        expect(popped).toEqual(expected);
        expect(heap.size).toBe(0);
        expect(heap._slots).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it("caps the lanes at MAX_LANES and drops the ones that empty, so ever-new delays stay bounded", () => {
    const lanes = new TimerLanes();
    let seq = 0;
    const at = (when: number): TimerHandle =>
      ({ when: () => when, _seq: seq++ }) as unknown as TimerHandle;
    // Ever-new delays, as computed deadlines give: one lane each until the cap, then refused.
    for (let i = 0; i < MAX_LANES; i++) expect(lanes.tryPush(at(i), 1000 + i * 0.001)).toBe(true);
    expect(lanes.tryPush(at(5000), 5000)).toBe(false);
    // The same delay still fits its lane in order, and not out of order.
    expect(lanes.tryPush(at(MAX_LANES), 1000.001)).toBe(true);
    expect(lanes.tryPush(at(-1), 1000.001)).toBe(false);
    expect(lanes.size).toBe(MAX_LANES + 1);
    // The first lane (deadline 0) empties on the first pop and is dropped: room for one more.
    expect(lanes.pop().when()).toBe(0);
    expect(lanes.tryPush(at(6000), 6000)).toBe(true);
    expect(lanes.tryPush(at(7000), 7000)).toBe(false);
    for (let i = 0; lanes.size > 0; i++) lanes.pop();
    expect(lanes.slots).toBe(0);
    for (let i = 0; i < MAX_LANES; i++) expect(lanes.tryPush(at(i), 9000 + i)).toBe(true);
  });

  it("sends a timer due before its lane's last one elsewhere, equal deadlines by insertion", () => {
    const heap = new TimerHeap();
    const at = (when: number, seq: number): TimerHandle =>
      ({ when: () => when, _seq: seq }) as unknown as TimerHandle;
    const a = at(10, 0);
    const b = at(5, 1); // same delay key, earlier deadline: a clock that went back
    const c = at(5, 2); // another lane, equal deadline to b, inserted later
    const d = at(10, 3);
    heap.push(a, 7);
    heap.push(b, 7);
    heap.push(c, 3);
    heap.push(d, 3);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop(), heap.pop()]).toEqual([
      b,
      c,
      a,
      d,
      undefined,
    ]);
  });
});
