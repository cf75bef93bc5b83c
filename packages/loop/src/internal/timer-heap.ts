import type { TimerHandle } from "../handles.js";

/** Heap order: deadline, then insertion order. */
function timerBefore(a: TimerHandle, b: TimerHandle): boolean {
  const aw = a.when();
  const bw = b.when();
  return aw < bw || (aw === bw && a._seq < b._seq);
}

/**
 * The loop's timers, ordered by (deadline, insertion order): asyncio's `_scheduled` heap,
 * plus a sorted fast lane. Timers that arrive in deadline order (the common case: the same
 * delay again and again on a monotonic clock) are appended to a FIFO in O(1) and leave it in
 * O(1); only a timer due before the lane's last one goes to the binary min-heap. The earliest
 * timer is the smaller of the two heads. Node's own timers get the same effect from one
 * list per duration.
 */
export class TimerHeap {
  #heap: TimerHandle[] = [];
  #lane: Array<TimerHandle | undefined> = [];
  #laneHead = 0;

  get size(): number {
    return this.#heap.length + this.#lane.length - this.#laneHead;
  }

  /**
   * @internal The array slots held (heap and lane, consumed lane slots included): what the
   * lane's reset and compaction keep near `size` in a loop that runs for days.
   */
  get _slots(): number {
    return this.#heap.length + this.#lane.length;
  }

  peek(): TimerHandle | undefined {
    const fromLane = this.#lane[this.#laneHead];
    const fromHeap = this.#heap[0];
    if (fromLane === undefined) return fromHeap;
    if (fromHeap === undefined) return fromLane;
    return timerBefore(fromHeap, fromLane) ? fromHeap : fromLane;
  }

  push(timer: TimerHandle): void {
    const lane = this.#lane;
    const last = lane.length > this.#laneHead ? lane[lane.length - 1] : undefined;
    if (last === undefined || !timerBefore(timer, last)) {
      lane.push(timer);
      return;
    }
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
    const lane = this.#lane;
    const fromLane = lane[this.#laneHead];
    const fromHeap = this.#heap[0];
    if (fromLane !== undefined && (fromHeap === undefined || !timerBefore(fromHeap, fromLane))) {
      lane[this.#laneHead++] = undefined;
      if (this.#laneHead === lane.length) {
        lane.length = 0;
        this.#laneHead = 0;
      } else if (this.#laneHead > 1024 && this.#laneHead * 2 > lane.length) {
        this.#lane = lane.slice(this.#laneHead);
        this.#laneHead = 0;
      }
      return fromLane;
    }
    return this.#popHeap();
  }

  /** Drops every timer for which `keep` is false, keeping the order, in O(n). */
  filter(keep: (timer: TimerHandle) => boolean): void {
    const lane: TimerHandle[] = [];
    for (let index = this.#laneHead; index < this.#lane.length; index++) {
      const timer = this.#lane[index] as TimerHandle;
      if (keep(timer)) lane.push(timer);
    }
    this.#lane = lane;
    this.#laneHead = 0;
    const heap = this.#heap.filter(keep);
    this.#heap = heap;
    for (let index = (heap.length >>> 1) - 1; index >= 0; index--) {
      this.#siftDown(index, heap[index] as TimerHandle);
    }
  }

  /** Every timer held, in no particular order. */
  toArray(): TimerHandle[] {
    return [...this.#heap, ...(this.#lane.slice(this.#laneHead) as TimerHandle[])];
  }

  clear(): TimerHandle[] {
    const all = [...this.#heap, ...(this.#lane.slice(this.#laneHead) as TimerHandle[])];
    this.#heap = [];
    this.#lane = [];
    this.#laneHead = 0;
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
