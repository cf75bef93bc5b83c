/**
 * `PriorityQueue` (asyncio's `queues.PriorityQueue`, a binary heap).
 */
import { Queue } from "./queue.js";
import { describeValue } from "./internal/validate.js";

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
    if (compare !== undefined && typeof compare !== "function") {
      throw new TypeError(`Expected \`compare\` to be a function, got ${describeValue(compare)}`);
    }
    this.#compare = compare ?? pythonCompare;
  }

  protected override _put(item: T): void {
    // Compare before inserting so a bad item leaves the heap untouched.
    const heap = this.#heap;
    if (heap.length > 0) this.#compare(item, heap[0]!);
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#compare(heap[i]!, heap[parent]!) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  protected override _get(): T {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && this.#compare(heap[left]!, heap[smallest]!) < 0) smallest = left;
        if (right < heap.length && this.#compare(heap[right]!, heap[smallest]!) < 0)
          smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
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
