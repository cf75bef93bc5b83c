import type { TimerHandle } from "../handles.js";
import { heapPush, heapSiftDown, heapify } from "./binary-heap.js";

/** The timers' order: deadline, then insertion order (asyncio's `TimerHandle.__lt__`). */
export function timerBefore(a: TimerHandle, b: TimerHandle): boolean {
  const aw = a.when();
  const bw = b.when();
  return aw < bw || (aw === bw && a._seq < b._seq);
}

/**
 * Lanes held at most: a loop that meets ever-new delays (computed deadlines, jitter) sends
 * the timers of delays beyond this to the fallback heap instead of growing the lane map.
 */
export const MAX_LANES = 128;

/** Consumed slots a lane compacts past, once they are also over half of its array. */
const COMPACT_AFTER = 1024;

/** One FIFO of timers in (deadline, insertion) order: the timers of one delay, in practice. */
class Lane {
  items: Array<TimerHandle | undefined>;
  head = 0;
  readonly key: number;
  /** The first timer's deadline and sequence number, read once per head (the lanes' heap key). */
  when: number;
  seq: number;

  constructor(key: number, first: TimerHandle) {
    this.key = key;
    this.items = [first];
    this.when = first.when();
    this.seq = first._seq;
  }

  /** The earliest timer of a lane in the set (never empty there). */
  first(): TimerHandle {
    return this.items[this.head] as TimerHandle;
  }

  /** Caches the first timer's order key after the head moved. */
  rekey(): void {
    const first = this.items[this.head] as TimerHandle;
    this.when = first.when();
    this.seq = first._seq;
  }
}

function laneBefore(a: Lane, b: Lane): boolean {
  return a.when < b.when || (a.when === b.when && a.seq < b.seq);
}

/**
 * Node's timer lists for the loop: one FIFO lane per delay (the `key` given at push), each
 * holding timers whose (deadline, insertion) order matches their insertion order, and a
 * binary min-heap of the lanes by their first timer. A push that fits its lane's order is
 * O(1), a pop O(log lanes). A timer that would come before its lane's last one, or whose
 * delay finds no lane and no room for a new one, is refused: the caller heaps it. Lanes
 * that empty are dropped, so the set never holds more than {@link MAX_LANES}.
 */
export class TimerLanes {
  readonly #byKey = new Map<number, Lane>();
  /** Min-heap of the lanes by first timer; every lane here is non-empty. */
  #heap: Lane[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Array slots held by the lanes, consumed ones included (see `TimerHeap._slots`). */
  get slots(): number {
    let slots = 0;
    for (const lane of this.#heap) slots += lane.items.length;
    return slots;
  }

  /** The earliest timer in the lanes. */
  peek(): TimerHandle | undefined {
    return this.#heap[0]?.first();
  }

  /** Appends `timer` to the lane of `key` if that keeps the lane in order; false if not. */
  tryPush(timer: TimerHandle, key: number): boolean {
    const lane = this.#byKey.get(key);
    if (lane !== undefined) {
      const items = lane.items;
      if (timerBefore(timer, items[items.length - 1] as TimerHandle)) return false;
      items.push(timer);
      this.#size++;
      return true;
    }
    const heap = this.#heap;
    if (heap.length >= MAX_LANES) return false;
    const added = new Lane(key, timer);
    this.#byKey.set(key, added);
    heapPush(heap, added, laneBefore);
    this.#size++;
    return true;
  }

  /** Removes and returns the earliest timer; the set must not be empty. */
  pop(): TimerHandle {
    const heap = this.#heap;
    const lane = heap[0] as Lane;
    const items = lane.items;
    const timer = items[lane.head] as TimerHandle;
    items[lane.head++] = undefined;
    this.#size--;
    if (lane.head === items.length) {
      this.#byKey.delete(lane.key);
      const last = heap.pop() as Lane;
      if (heap.length > 0) heapSiftDown(heap, 0, last, laneBefore);
      return timer;
    }
    if (lane.head > COMPACT_AFTER && lane.head * 2 > items.length) {
      lane.items = items.slice(lane.head);
      lane.head = 0;
    }
    lane.rekey();
    heapSiftDown(heap, 0, lane, laneBefore);
    return timer;
  }

  /** Drops every timer for which `keep` is false and the lanes left empty, in O(n). */
  filter(keep: (timer: TimerHandle) => boolean): void {
    const heap: Lane[] = [];
    for (const lane of this.#heap) {
      const items: TimerHandle[] = [];
      for (let index = lane.head; index < lane.items.length; index++) {
        const timer = lane.items[index] as TimerHandle;
        if (keep(timer)) items.push(timer);
      }
      this.#size -= lane.items.length - lane.head - items.length;
      lane.items = items;
      lane.head = 0;
      if (items.length > 0) {
        lane.rekey();
        heap.push(lane);
      } else this.#byKey.delete(lane.key);
    }
    this.#heap = heap;
    heapify(heap, laneBefore);
  }

  /** Every timer held, in no particular order. */
  toArray(): TimerHandle[] {
    const all: TimerHandle[] = [];
    for (const lane of this.#heap) {
      for (let index = lane.head; index < lane.items.length; index++) {
        all.push(lane.items[index] as TimerHandle);
      }
    }
    return all;
  }

  clear(): void {
    this.#byKey.clear();
    this.#heap = [];
    this.#size = 0;
  }
}
