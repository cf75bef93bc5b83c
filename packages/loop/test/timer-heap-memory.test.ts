// The timer queue's memory in a loop that runs for days: the in-order fast lane is a FIFO
// over an array, and the slots of the timers it has handed out must be given back (reset
// when it empties, compacted while it never does), or a steady stream of timers leaks.
import { describe, expect, it } from "vitest";
import type { TimerHandle } from "../src/index.js";
import { TimerHeap } from "../src/internal/timer-heap.js";

let seq = 0;
/** What the queue reads of a timer: its deadline and insertion order. */
const timerAt = (when: number): TimerHandle =>
  ({ when: () => when, _seq: seq++ }) as unknown as TimerHandle;

describe("timer queue memory", () => {
  it("gives back the lane's slots when it empties", () => {
    const heap = new TimerHeap();
    for (let round = 1; round <= 3; round++) {
      for (let index = 0; index < 5; index++) heap.push(timerAt(round * 10 + index));
      expect(heap._slots).toBe(5);
      for (let index = 0; index < 5; index++) expect(heap.pop()?.when()).toBe(round * 10 + index);
      expect(heap.size).toBe(0);
      expect(heap._slots).toBe(0);
    }
  });

  it("stays bounded through 100k timers in deadline order that never all fire at once", () => {
    const heap = new TimerHeap();
    let next = 0;
    for (; next < 10; next++) heap.push(timerAt(next));
    let peak = 0;
    let outOfOrder = 0;
    for (let fired = 0; fired < 100_000; fired++) {
      if (heap.pop()?.when() !== fired) outOfOrder++; // in order, through every compaction
      heap.push(timerAt(next++));
      peak = Math.max(peak, heap._slots);
    }
    expect(outOfOrder).toBe(0);
    expect(heap.size).toBe(10);
    // Compacted once more than 1024 slots are consumed and they are over half of the array.
    expect(peak).toBeLessThanOrEqual(2 * 1024 + 10);
  });
});
