/**
 * The loop's ready queue (asyncio's `_ready` deque): a FIFO array with a moving head, run in
 * batches. A batch is the snapshot of what was ready when it began (asyncio's `ntodo` in
 * `_run_once`): what its callbacks queue waits for the next batch. A batch may pause (see
 * {@link yieldsAfter}) and go on later, before anything newer.
 */
import type { Runnable } from "../types.js";

// Compact the array once this many consumed slots sit before its head.
const COMPACT_THRESHOLD = 4096;

/**
 * The most items a batch runs before it pauses for the promise continuations they started
 * (the rest of the batch follows in the next macrotask, before anything newer).
 */
export const BATCH_SLICE = 1024;

export class ReadyQueue {
  #items: Array<Runnable | undefined> = [];
  #head = 0;
  #batchEnd = 0;

  /** Items queued and not yet taken, in the batch or after it. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Whether a batch began and still has items to run. */
  get inBatch(): boolean {
    return this.#head < this.#batchEnd;
  }

  push(item: Runnable): void {
    this.#items.push(item);
  }

  /**
   * Begins a batch with everything queued now, unless one is still in progress; returns
   * whether there is anything to run.
   */
  beginBatch(): boolean {
    if (this.#head >= this.#batchEnd) this.#batchEnd = this.#items.length;
    return this.#head < this.#batchEnd;
  }

  /**
   * Runs the batch until its end or a pause, `timed(item)` instead of `item._run()` when
   * given (debug mode). It pauses (the rest of the batch follows later, before anything
   * newer):
   * - after an item that settled a promise awaiting a Future (it woke a task step, a
   *   microtask that asyncio would run before the next callback), unless the next item
   *   wakes a step too (consecutive steps keep their FIFO order anyway);
   * - every {@link BATCH_SLICE} items, so that the continuations a long batch starts run,
   *   and their garbage dies young, instead of piling up as pending microtasks.
   */
  run(timed: ((item: Runnable) => void) | undefined): void {
    const items = this.#items;
    const end = this.#batchEnd;
    const start = this.#head;
    try {
      for (let index = start; index < end;) {
        const item = items[index]!;
        items[index] = undefined;
        this.#head = ++index;
        if (timed === undefined) item._run();
        else timed(item);
        if (
          index < end &&
          ((item._resumesAwait && !items[index]!._resumesAwait) || index - start >= BATCH_SLICE)
        ) {
          break;
        }
      }
    } finally {
      this.#compact();
    }
  }

  /** Frees the consumed part of the array once the batch ended (or compacts a long one). */
  #compact(): void {
    if (this.#head < this.#batchEnd) return;
    const head = this.#head;
    if (head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
      this.#batchEnd = 0;
    } else if (head > COMPACT_THRESHOLD && head * 2 > this.#items.length) {
      this.#items = this.#items.slice(head);
      this.#head = 0;
      this.#batchEnd = 0;
    }
  }

  /** Drops everything (the loop closed). */
  clear(): void {
    this.#items = [];
    this.#head = 0;
    this.#batchEnd = 0;
  }
}
