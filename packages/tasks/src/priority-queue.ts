/**
 * `PriorityQueue` (asyncio's `queues.PriorityQueue`: `heapq.heappush`/`heappop`).
 */
import { Queue } from "./queue.js";
import { describeValue, assertFunction } from "@aiots/loop/internal";

/**
 * Options of {@link PriorityQueue}.
 *
 * @example
 * ```ts
 * const options: PriorityQueueOptions<Job> = { compare: (a, b) => a.priority - b.priority };
 * ```
 */
export interface PriorityQueueOptions<T> {
  /** Negative when `a` comes out first; default: Python-like ordering of numbers,
   * strings, bigints and arrays (tuples compared element by element). */
  compare?: (a: T, b: T) => number;
}

/**
 * A {@link Queue} that returns the smallest item first. By default items are compared
 * like Python compares them: numbers, strings and bigints by value, arrays (tuples such
 * as `[priority, job]`) element by element; anything else needs a `compare` function.
 *
 * @example
 * ```ts
 * const jobs = new PriorityQueue<[number, string]>();
 * jobs.putNowait([2, "later"]);
 * jobs.putNowait([1, "first"]);
 * jobs.getNowait(); // [1, "first"]
 * ```
 */
export class PriorityQueue<T> extends Queue<T> {
  readonly #heap: T[] = [];
  readonly #compare: (a: T, b: T) => number;

  /**
   * `maxsize` as for {@link Queue}; `options.compare` orders the items.
   *
   * @example
   * ```ts
   * const queue = new PriorityQueue<Job>(0, { compare: (a, b) => a.due - b.due });
   * ```
   */
  constructor(maxsize = 0, options: PriorityQueueOptions<T> = {}) {
    super(maxsize);
    const compare = options.compare;
    if (compare !== undefined) assertFunction("compare", compare);
    this.#compare = compare ?? pythonCompare;
  }

  // heappush/heappop with the sift of CPython's heapq.py (only `<`, i.e. compare < 0), so
  // that equal items come out in exactly the order asyncio's PriorityQueue gives.
  protected override _put(item: T): void {
    // Compare before inserting so a bad item leaves the heap untouched.
    const heap = this.#heap;
    if (heap.length > 0) this.#compare(item, heap[0]!);
    heap.push(item);
    this.#siftDown(0, heap.length - 1);
  }

  protected override _get(): T {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return last;
    const top = heap[0]!;
    heap[0] = last;
    this.#siftUp(0);
    return top;
  }

  /** heapq's `_siftdown`: moves the item at `pos` up towards `start` while it is smaller. */
  #siftDown(start: number, pos: number): void {
    const heap = this.#heap;
    const item = heap[pos]!;
    while (pos > start) {
      const parentPos = (pos - 1) >> 1;
      const parent = heap[parentPos]!;
      if (!(this.#compare(item, parent) < 0)) break;
      heap[pos] = parent;
      pos = parentPos;
    }
    heap[pos] = item;
  }

  /**
   * heapq's `_siftup`: moves the smaller child up until a leaf is reached, puts the item
   * there, then sifts it down (fewer comparisons than stopping early; and the tie order).
   */
  #siftUp(pos: number): void {
    const heap = this.#heap;
    const end = heap.length;
    const start = pos;
    const item = heap[pos]!;
    let child = 2 * pos + 1;
    while (child < end) {
      const right = child + 1;
      if (right < end && !(this.#compare(heap[child]!, heap[right]!) < 0)) child = right;
      heap[pos] = heap[child]!;
      pos = child;
      child = 2 * pos + 1;
    }
    heap[pos] = item;
    this.#siftDown(start, pos);
  }

  protected override _size(): number {
    return this.#heap.length;
  }
}

function pythonCompare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = pythonCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  const ta = typeof a;
  if (ta === typeof b && (ta === "number" || ta === "string" || ta === "bigint")) {
    return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
  throw new TypeError(
    `PriorityQueue cannot compare ${describeValue(a)} with ${describeValue(b)}; pass a \`compare\` option`,
  );
}
