import type { TimerHandle } from "../handles.js";
import { heapPush, heapSiftDown, heapify } from "./binary-heap.js";
import { TimerLanes, timerBefore } from "./timer-lanes.js";

/** The lane key of a timer pushed without a delay (`callAt`): one lane for them all. */
const ABSOLUTE = -1;

/**
 * The loop's timers, ordered by (deadline, insertion order): asyncio's `_scheduled` heap,
 * plus sorted fast lanes. As in Node's timers (one list per duration), timers pushed with
 * the same delay arrive in deadline order on a monotonic clock, so each delay gets a FIFO
 * lane ({@link TimerLanes}): O(1) in, O(log lanes) out. Only a timer due before its lane's
 * last one, or one whose delay finds no lane once {@link MAX_LANES} are held, goes to the
 * binary min-heap. The earliest timer is the smaller of the two heads.
 */
export class TimerHeap {
  #heap: TimerHandle[] = [];
  readonly #lanes = new TimerLanes();

  get size(): number {
    return this.#heap.length + this.#lanes.size;
  }

  /**
   * @internal The array slots held (heap and lanes, consumed lane slots included): what the
   * lanes' drop and compaction keep near `size` in a loop that runs for days.
   */
  get _slots(): number {
    return this.#heap.length + this.#lanes.slots;
  }

  peek(): TimerHandle | undefined {
    const fromLane = this.#lanes.peek();
    const fromHeap = this.#heap[0];
    if (fromLane === undefined) return fromHeap;
    if (fromHeap === undefined) return fromLane;
    return timerBefore(fromHeap, fromLane) ? fromHeap : fromLane;
  }

  /**
   * Adds `timer`; `delay` (ms, from `callLater`) picks its lane, timers with no delay share
   * one. Any delay is correct: it only decides which timers can share a FIFO.
   */
  push(timer: TimerHandle, delay: number = ABSOLUTE): void {
    if (!this.#lanes.tryPush(timer, delay)) heapPush(this.#heap, timer, timerBefore);
  }

  pop(): TimerHandle | undefined {
    const fromLane = this.#lanes.peek();
    const fromHeap = this.#heap[0];
    if (fromLane !== undefined && (fromHeap === undefined || !timerBefore(fromHeap, fromLane))) {
      return this.#lanes.pop();
    }
    return this.#popHeap();
  }

  /** Drops every timer for which `keep` is false, keeping the order, in O(n). */
  filter(keep: (timer: TimerHandle) => boolean): void {
    this.#lanes.filter(keep);
    const heap = this.#heap.filter(keep);
    this.#heap = heap;
    heapify(heap, timerBefore);
  }

  /** Every timer held, in no particular order. */
  toArray(): TimerHandle[] {
    return [...this.#heap, ...this.#lanes.toArray()];
  }

  clear(): TimerHandle[] {
    const all = this.toArray();
    this.#heap = [];
    this.#lanes.clear();
    return all;
  }

  #popHeap(): TimerHandle | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top !== undefined && last !== undefined && heap.length > 0)
      heapSiftDown(heap, 0, last, timerBefore);
    return top;
  }
}
