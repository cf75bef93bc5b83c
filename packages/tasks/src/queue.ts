/**
 * `Queue` (asyncio's `queues.Queue`, with 3.13's `shutdown`).
 */
import { getRunningLoop } from "@aiots/loop";
import { inLoop } from "./internal/in-loop.js";
import { Event } from "./event.js";
import { QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
import { WaiterQueue, awaitWaiter } from "./internal/waiter-queue.js";
import { describeValue } from "./internal/validate.js";

const RESOLVED_VOID: Promise<void> = Promise.resolve();

/**
 * A FIFO queue for tasks (asyncio's `Queue`). `maxsize` 0 (the default) means unbounded;
 * `put()` waits while the queue is full, `get()` while it is empty, both FIFO among the
 * waiting tasks and both cancellation points. A cancelled getter never loses an item and
 * a cancelled putter never inserts one; a wake-up it received is passed on.
 * `taskDone()`/`join()` count unfinished items; `shutdown()` (3.13) stops it.
 *
 * @example
 * ```ts
 * const queue = new Queue<string>(100);
 * const worker = createTask(async () => {
 *   for (;;) {
 *     const url = await queue.get();
 *     try {
 *       await fetchPage(url);
 *     } finally {
 *       queue.taskDone();
 *     }
 *   }
 * });
 * for (const url of urls) await queue.put(url);
 * await queue.join(); // every item processed
 * worker.cancel();
 * ```
 */
export class Queue<T> {
  readonly #maxsize: number;
  readonly #getters = new WaiterQueue<void>();
  readonly #putters = new WaiterQueue<void>();
  #unfinishedTasks = 0;
  readonly #finished = new Event();
  #isShutdown = false;
  // Set on first use, which must be inside a running loop (see internal/in-loop.ts).
  #inLoop = false;
  // FIFO storage: an array with a moving head (compacted now and then).
  #items: T[] = [];
  #head = 0;

  /**
   * `maxsize`: the capacity, an integer >= 0 (0 or `Infinity`: unbounded).
   *
   * @example
   * ```ts
   * const queue = new Queue<number>(10);
   * ```
   */
  constructor(maxsize = 0) {
    if (typeof maxsize !== "number") {
      throw new TypeError(
        `Expected \`maxsize\` to be an integer >= 0, got ${describeValue(maxsize)}`,
      );
    }
    if (!(maxsize === Infinity || (Number.isInteger(maxsize) && maxsize >= 0))) {
      throw new RangeError(
        `Expected \`maxsize\` to be an integer >= 0, got ${describeValue(maxsize)}`,
      );
    }
    this.#maxsize = maxsize === Infinity ? 0 : maxsize;
    this.#finished.set();
  }

  /** @internal Storage hook (asyncio's `_put`), overridden by PriorityQueue/LifoQueue. */
  protected _put(item: T): void {
    this.#items.push(item);
  }

  /** @internal Storage hook (asyncio's `_get`). */
  protected _get(): T {
    const items = this.#items;
    const item = items[this.#head]!;
    items[this.#head++] = undefined as T;
    if (this.#head === items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** @internal Storage hook: the number of stored items. */
  protected _size(): number {
    return this.#items.length - this.#head;
  }

  /**
   * The number of items in the queue.
   *
   * @example
   * ```ts
   * queue.qsize(); // 0
   * ```
   */
  qsize(): number {
    return this._size();
  }

  /**
   * The capacity (0: unbounded).
   *
   * @example
   * ```ts
   * new Queue(5).maxsize; // 5
   * ```
   */
  get maxsize(): number {
    return this.#maxsize;
  }

  /**
   * Whether the queue has no items.
   *
   * @example
   * ```ts
   * queue.empty(); // true
   * ```
   */
  empty(): boolean {
    return this._size() === 0;
  }

  /**
   * Whether the queue holds `maxsize` items (never for an unbounded queue).
   *
   * @example
   * ```ts
   * queue.full(); // false
   * ```
   */
  full(): boolean {
    return this.#maxsize > 0 && this._size() >= this.#maxsize;
  }

  /**
   * Puts `item`, waiting while the queue is full. Rejects with {@link QueueShutDown} if
   * the queue is (or gets) shut down.
   *
   * @example
   * ```ts
   * await queue.put(item);
   * ```
   */
  put(item: T): Promise<void> {
    if (!this.#inLoop) this.#inLoop = inLoop();
    // Not full: no waiting, no async frame (the common case of a busy queue).
    if (!this.full() && !this.#isShutdown) {
      try {
        this.putNowait(item);
        return RESOLVED_VOID;
      } catch {
        // A storage error (PriorityQueue compare): let the async path reject with it.
      }
    }
    // Shut down (rejects with QueueShutDown), full (waits), or failing storage.
    return this.#putSlowly(item);
  }

  // Made once per queue, not per wait.
  /** Woken by a get, but we will not put: wake the next putter instead. */
  readonly #passOnPut = (): void => {
    if (!this.full()) this.#putters.wakeFirst(undefined);
  };

  /** Woken by a put, but we will not take the item: wake the next getter instead. */
  readonly #passOnGet = (): void => {
    if (!this.empty()) this.#getters.wakeFirst(undefined);
  };

  async #putSlowly(item: T): Promise<void> {
    while (this.full()) {
      if (this.#isShutdown) throw new QueueShutDown();
      await awaitWaiter(this.#putters.push(getRunningLoop()), this.#passOnPut);
    }
    this.putNowait(item);
  }

  /**
   * Puts `item` at once; throws {@link QueueFull} if full, {@link QueueShutDown} if shut down.
   *
   * @example
   * ```ts
   * queue.putNowait(item);
   * ```
   */
  putNowait(item: T): void {
    if (this.#isShutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this._put(item);
    this.#unfinishedTasks++;
    this.#finished.clear();
    this.#getters.wakeFirst(undefined);
  }

  /**
   * Removes and returns the first item, waiting while the queue is empty. Rejects with
   * {@link QueueShutDown} once the queue is shut down and empty.
   *
   * @example
   * ```ts
   * const item = await queue.get();
   * ```
   */
  get(): Promise<T> {
    if (!this.#inLoop) this.#inLoop = inLoop();
    // Not empty: no waiting, no async frame.
    if (!this.empty()) return Promise.resolve(this.getNowait());
    return this.#getSlowly();
  }

  async #getSlowly(): Promise<T> {
    while (this.empty()) {
      if (this.#isShutdown) throw new QueueShutDown();
      await awaitWaiter(this.#getters.push(getRunningLoop()), this.#passOnGet);
    }
    return this.getNowait();
  }

  /**
   * Removes and returns the first item at once; throws {@link QueueEmpty} if there is
   * none ({@link QueueShutDown} if also shut down).
   *
   * @example
   * ```ts
   * const item = queue.getNowait();
   * ```
   */
  getNowait(): T {
    if (this.empty()) {
      if (this.#isShutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this._get();
    this.#putters.wakeFirst(undefined);
    return item;
  }

  /**
   * Marks one item taken with `get()` as processed; when all are, `join()` resolves.
   * RangeError if called more times than there were items (Python's ValueError).
   *
   * @example
   * ```ts
   * const item = await queue.get();
   * try {
   *   await handle(item);
   * } finally {
   *   queue.taskDone();
   * }
   * ```
   */
  taskDone(): void {
    if (this.#unfinishedTasks <= 0) throw new RangeError("taskDone() called too many times");
    this.#unfinishedTasks--;
    if (this.#unfinishedTasks === 0) this.#finished.set();
  }

  /**
   * Waits until every item put has been processed (`taskDone()` called for it).
   *
   * @example
   * ```ts
   * await queue.join();
   * ```
   */
  async join(): Promise<void> {
    if (!this.#inLoop) this.#inLoop = inLoop();
    if (this.#unfinishedTasks > 0) await this.#finished.wait();
  }

  /**
   * Shuts the queue down (asyncio 3.13): `put()` rejects with {@link QueueShutDown} from
   * now on, blocked putters too; `get()` drains what is left, then rejects. With
   * `immediate`, the items are dropped (counted as done for `join()`) and blocked getters
   * reject at once.
   *
   * @example
   * ```ts
   * queue.shutdown(); // consumers finish the backlog, then stop
   * ```
   */
  shutdown(immediate = false): void {
    this.#isShutdown = true;
    if (immediate) {
      while (!this.empty()) {
        this._get();
        if (this.#unfinishedTasks > 0) this.#unfinishedTasks--;
      }
      if (this.#unfinishedTasks === 0) this.#finished.set();
    }
    // Every blocked getter and putter re-checks and sees the shutdown.
    this.#getters.wakeAll(undefined);
    this.#putters.wakeAll(undefined);
  }

  /**
   * Whether `shutdown()` was called.
   *
   * @example
   * ```ts
   * queue.isShutdown; // false
   * ```
   */
  get isShutdown(): boolean {
    return this.#isShutdown;
  }

  /**
   * `<Queue maxsize=10 qsize=3 getters=0 putters=0 tasks=3>`.
   *
   * @example
   * ```ts
   * String(new Queue(10));
   * ```
   */
  toString(): string {
    return `<${this.constructor.name} maxsize=${this.#maxsize} qsize=${this.qsize()} getters=${this.#getters.size} putters=${this.#putters.size} tasks=${this.#unfinishedTasks}${this.#isShutdown ? " shutdown" : ""}>`;
  }
}
