import type { TimerHandle } from "../handles.js";
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
    if (this.#lanes.tryPush(timer, delay)) return;
    const heap = this.#heap;
    let index = heap.length;
    heap.push(timer);
    while (index > 0) {
      const parentIndex = (index - 1) >>> 1;
      const parent = heap[parentIndex] as TimerHandle;
      if (!timerBefore(timer, parent)) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = timer;
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
    for (let index = (heap.length >>> 1) - 1; index >= 0; index--) {
      this.#siftDown(index, heap[index] as TimerHandle);
    }
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
    if (top !== undefined && last !== undefined && heap.length > 0) this.#siftDown(0, last);
    return top;
  }

  #siftDown(start: number, timer: TimerHandle): void {
    const heap = this.#heap;
    const length = heap.length;
    let index = start;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= length) break;
      const right = child + 1;
      if (right < length && timerBefore(heap[right] as TimerHandle, heap[child] as TimerHandle))
        child = right;
      const childTimer = heap[child] as TimerHandle;
      if (!timerBefore(childTimer, timer)) break;
      heap[index] = childTimer;
      index = child;
    }
    heap[index] = timer;
  }
}
