/**
 * The loop's ready queue (asyncio's `_ready` deque): a FIFO array with a moving head, run in
 * batches. A batch is the snapshot of what was ready when it began (asyncio's `ntodo` in
 * `_run_once`): what its callbacks queue waits for the next batch. A batch may pause (see
 * {@link ReadyQueue.run}) and go on later, before anything newer.
 */
import type { AsyncResource } from "node:async_hooks";
import type { LoopContext, Runnable } from "../types.js";
import { runInCaptured } from "./context-capture.js";

/** The step in progress, if any: set by the queue, cleared by the loop when it suspends. */
export interface StepTracker {
  current: LoopContext | undefined;
}

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

  /** `orderBatch`: see `EventLoopOptions._orderBatch` (tests only; one check per batch). */
  constructor(
    readonly orderBatch?: (items: (Runnable | undefined)[], start: number, end: number) => void,
  ) {}

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
    if (this.#head >= this.#batchEnd) {
      this.#batchEnd = this.#items.length;
      if (this.orderBatch !== undefined && this.#batchEnd - this.#head > 1) {
        this.orderBatch(this.#items, this.#head, this.#batchEnd);
      }
    }
    return this.#head < this.#batchEnd;
  }

  /**
   * Runs the batch until its end or a pause, `timed(item)` instead of `item._run()` when
   * given (debug mode); the rest of a paused batch runs later, before anything newer.
   * Returns `true` when it paused for a step: an item other than the batch's last started
   * or resumed a task's step
   * (its `_resumes`, or a callback that declared it, see the loop's `_resumeStep`) that
   * has not suspended by the time `_run()` returned; the step's code
   * goes on in promise continuations and the loop resumes the batch once
   * `steps.current` is cleared (asyncio runs a task's `__step` to its next real
   * suspension before the next callback). It also pauses every {@link BATCH_SLICE} items,
   * so that the continuations a long batch starts run, and their garbage dies young,
   * instead of piling up as pending microtasks. `outside`: the loop's context when the
   * batch goes on from inside a step (see the scheduler's resume); the plain callbacks run
   * in it, while a step's item (a task step, a resumed await) enters its own context.
   * `outsideScope`: the loop's whole context captured (see context-capture.ts), entered
   * instead of `outside` when given.
   */
  run(
    timed: ((item: Runnable) => void) | undefined,
    steps: StepTracker,
    outside?: LoopContext,
    outsideScope?: AsyncResource,
  ): boolean {
    const items = this.#items;
    const end = this.#batchEnd;
    const start = this.#head;
    try {
      for (let index = start; index < end;) {
        const item = items[index]!;
        items[index] = undefined;
        this.#head = ++index;
        // steps.current is undefined between items (the loop clears it before a batch).
        const step = item._resumes;
        if (step !== undefined) steps.current = step;
        // A step's item enters its own context; a plain callback needs the loop's.
        if (outside !== undefined && step === undefined) {
          runInCaptured(outsideScope, outside, timed ?? runItem, item);
        } else if (timed === undefined) item._run();
        else timed(item);
        if (index < end) {
          // The last item of a batch needs no pause: the next batch begins in a later
          // macrotask, once the step's continuations have run.
          if (steps.current !== undefined) return true;
          if (index - start >= BATCH_SLICE) break;
        }
      }
      return false;
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

function runItem(item: Runnable): void {
  item._run();
}
