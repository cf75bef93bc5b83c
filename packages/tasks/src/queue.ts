/**
 * `Queue` (asyncio's `queues.Queue`, with 3.13's `shutdown`).
 */
import { Future, resolvedFuture, type EventLoop } from "@aiots/loop";
import { Event } from "./event.js";
import { QueueEmpty, QueueFull, QueueShutDown } from "./errors.js";
import { LoopBinding } from "./internal/loop-binding.js";
import { WaiterQueue, type Waiter, type WaiterOwner } from "./internal/waiter-queue.js";
import { assertSize } from "@aiots/loop/internal";

/**
 * A FIFO queue for tasks (asyncio's `Queue`). `maxsize` 0 (the default) means unbounded;
 * `put()` waits while the queue is full, `get()` while it is empty, both FIFO among the
 * waiting tasks. Both return a cancellable Future: a getter takes its item in its own loop
 * step, so one cancelled before then (directly, through its task, or through `waitFor`,
 * `gather`, `timeout`...) never loses an item, and a cancelled putter never inserts one;
 * a wake-up it received is passed on (asyncio 3.13 `queues.py`).
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
  readonly #getters = new WaiterQueue<T>();
  readonly #putters = new WaiterQueue<void>();
  // The loop of the fast path (see internal/loop-binding.ts).
  readonly #binding = new LoopBinding();
  #unfinishedTasks = 0;
  readonly #finished = new Event();
  #isShutdown = false;
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
    assertSize("maxsize", maxsize);
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
   * A Future that resolves once `item` is put, waiting while the queue is full. Rejects
   * with {@link QueueShutDown} if the queue is (or gets) shut down. Cancel it to stop
   * waiting: the item is then not put.
   *
   * @example
   * ```ts
   * await queue.put(item);
   * ```
   */
  put(item: T): Future<void> {
    const binding = this.#binding;
    if (this.#isShutdown) return failed(binding.fast(), new QueueShutDown());
    if (!this.full()) {
      try {
        this.putNowait(item);
      } catch (error) {
        return failed(binding.fast(), error);
      }
      return binding.doneVoid();
    }
    const waiter = this.#putters.push(binding.running(), this.#putOwner);
    waiter._item = item;
    return waiter;
  }

  // asyncio's `put` loop, run in a woken putter's step.
  readonly #putOwner: WaiterOwner<void> = {
    _take: (waiter: Waiter<void>): void => {
      if (this.#isShutdown) {
        waiter._fail(new QueueShutDown());
      } else if (this.full()) {
        this.#putters.append(waiter);
      } else {
        this.putNowait(waiter._item as T);
        waiter._deliver(undefined);
      }
    },
    // Woken by a get, but we will not put: wake the next putter instead.
    _cancelled: (_waiter: Waiter<void>, woken: boolean): void => {
      if (woken && !this.full()) this.#putters.wakeNext();
    },
  };

  // asyncio's `get` loop, run in a woken getter's step.
  readonly #getOwner: WaiterOwner<T> = {
    _take: (waiter: Waiter<T>): void => {
      if (!this.empty()) waiter._deliver(this.getNowait());
      else if (this.#isShutdown) waiter._fail(new QueueShutDown());
      else this.#getters.append(waiter);
    },
    // Woken by a put, but we will not take the item: wake the next getter instead.
    _cancelled: (_waiter: Waiter<T>, woken: boolean): void => {
      if (woken && !this.empty()) this.#getters.wakeNext();
    },
  };

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
    this.#getters.wakeNext();
  }

  /**
   * A Future of the first item, waiting while the queue is empty; the item is taken when
   * the Future resolves, so cancelling it before then leaves the item in the queue.
   * Rejects with {@link QueueShutDown} once the queue is shut down and empty.
   *
   * @example
   * ```ts
   * const item = await queue.get();
   * ```
   */
  get(): Future<T> {
    const binding = this.#binding;
    if (!this.empty()) {
      return resolvedFuture(binding.fast(), this.getNowait());
    }
    if (this.#isShutdown) return failed(binding.fast(), new QueueShutDown());
    return this.#getters.push(binding.running(), this.#getOwner);
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
    this.#putters.wakeNext();
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
   * A Future that resolves once every item put has been processed (`taskDone()` called for it).
   *
   * @example
   * ```ts
   * await queue.join();
   * ```
   */
  join(): Future<void> {
    if (this.#unfinishedTasks === 0) return this.#binding.doneVoid();
    return this.#finished.wait() as Future<unknown> as Future<void>;
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
    this.#getters.wakeAll();
    this.#putters.wakeAll();
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

/** A done Future failed with `error` (a wait refused at once, e.g. QueueShutDown). */
function failed<T>(loop: EventLoop, error: unknown): Future<T> {
  const future = new Future<T>({ loop });
  future.setException(error);
  return future;
}
