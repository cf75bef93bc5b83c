/**
 * The loop's scheduled timers (asyncio's `_scheduled` with its cancellation bookkeeping):
 * the heap, how many cancelled timers it still holds, and the compaction rule.
 */
import type { TimerHandle } from "../handles.js";
import { TimerHeap } from "./timer-heap.js";

// asyncio's _MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION.
const MIN_SCHEDULED_TIMER_HANDLES = 100;
const MIN_CANCELLED_TIMER_HANDLES_FRACTION = 0.5;

export class Timers {
  readonly #heap = new TimerHeap();
  #cancelled = 0;

  /** Timers in the heap, cancelled ones included. */
  get size(): number {
    return this.#heap.size;
  }

  /** Schedules `timer`; `delay` (ms, `callLater`'s) picks its FIFO lane in the heap. */
  push(timer: TimerHandle, delay?: number): void {
    timer._scheduled = true;
    this.#heap.push(timer, delay);
  }

  /** The earliest timer not cancelled (cancelled ones on top are dropped on the way). */
  peekLive(): TimerHandle | undefined {
    const heap = this.#heap;
    for (;;) {
      const top = heap.peek();
      if (top === undefined || !top.cancelled()) return top;
      heap.pop();
      top._scheduled = false;
      this.#cancelled--;
    }
  }

  /** Removes and returns the earliest live timer if it is due at `now`. */
  popDue(now: number): TimerHandle | undefined {
    const top = this.peekLive();
    if (top === undefined || top.when() > now) return undefined;
    this.#heap.pop();
    top._scheduled = false;
    return top;
  }

  /**
   * A scheduled timer was cancelled. Compacted eagerly, not only between iterations: a
   * synchronous burst of schedule-then-cancel must not grow the heap either.
   */
  cancelled(): void {
    this.#cancelled++;
    const size = this.#heap.size;
    if (
      size > MIN_SCHEDULED_TIMER_HANDLES &&
      this.#cancelled > size * MIN_CANCELLED_TIMER_HANDLES_FRACTION
    ) {
      this.#heap.filter((timer) => {
        if (!timer.cancelled()) return true;
        timer._scheduled = false;
        return false;
      });
      this.#cancelled = 0;
    }
  }

  /** The timers not cancelled, earliest first (debug reports: a copy, sorted, O(n log n)). */
  pending(): TimerHandle[] {
    return this.#heap
      .toArray()
      .filter((timer) => !timer.cancelled())
      .sort((a, b) => a.when() - b.when() || a._seq - b._seq);
  }

  clear(): void {
    for (const timer of this.#heap.clear()) timer._scheduled = false;
    this.#cancelled = 0;
  }
}
