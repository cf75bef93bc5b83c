/**
 * `Semaphore` and `BoundedSemaphore` (asyncio's `locks.Semaphore`, with 3.12's FIFO
 * wake-up fixes).
 */
import type { Future } from "@aiots/loop";
import { LoopBinding } from "./internal/loop-binding.js";
import type { Releaser } from "./releaser.js";
import { acquireScoped, withAcquired } from "./internal/scoped-acquire.js";
import { WaiterQueue, type Waiter, type WaiterOwner } from "./internal/waiter-queue.js";
import { assertInteger } from "@aiots/loop/internal";

/**
 * A counter of permits (asyncio 3.13's `Semaphore`): `acquire()` takes one, waiting FIFO
 * when none is free; `release()` gives one back and wakes the first waiter, reserving the
 * permit for it (`value` counts it as taken, as asyncio's `_wake_up_next` does); the
 * waiter resumes in its own loop step. `acquire()` returns a cancellable Future:
 * cancelled before it resumed, woken or not, it never keeps a permit (a reserved one goes
 * back and wakes the next waiter).
 *
 * @example
 * ```ts
 * const limit = new Semaphore(10);
 * await gather(...urls.map((url) => limit.withLock(() => fetchPage(url)))); // 10 at a time
 * ```
 */
export class Semaphore implements WaiterOwner<true> {
  #value: number;
  #limit: number;
  // The loop of the fast path (see internal/loop-binding.ts).
  readonly #binding = new LoopBinding();
  readonly #waiters = new WaiterQueue<true>();

  /**
   * `value` is the number of permits (an integer >= 0, default 1).
   *
   * @example
   * ```ts
   * const sem = new Semaphore(3);
   * ```
   */
  constructor(value = 1) {
    assertInteger("value", value, 0);
    this.#value = value;
    this.#limit = value;
  }

  /**
   * The number of free permits.
   *
   * @example
   * ```ts
   * new Semaphore(3).value; // 3
   * ```
   */
  get value(): number {
    return this.#value;
  }

  /**
   * Whether `acquire()` would wait: no free permit, or tasks already waiting (FIFO).
   *
   * @example
   * ```ts
   * new Semaphore(0).locked(); // true
   * ```
   */
  locked(): boolean {
    return this.#value <= 0 || this.#waiters.size > 0;
  }

  /**
   * A Future that resolves with `true` once a permit is taken: at once (already done) if
   * one is free and nobody waits, else in FIFO order. Cancel it to stop waiting.
   *
   * @example
   * ```ts
   * await sem.acquire();
   * try {
   *   await work();
   * } finally {
   *   sem.release();
   * }
   * ```
   */
  acquire(): Future<true> {
    if (this._tryAcquire()) return this.#binding.doneTrue();
    return this.#waiters.push(this.#binding.running(), this);
  }

  /** @internal Takes a permit if one is free and nobody waits (asyncio's fast path). */
  _tryAcquire(): boolean {
    // Outside a running loop, a RuntimeError at once (not only when a caller must wait).
    this.#binding.fast();
    if (this.locked()) return false;
    this.#value--;
    return true;
  }

  /** @internal The woken waiter's step: its reserved permit is its own. */
  _take(waiter: Waiter<true>): void {
    waiter._deliver(true);
    this.#wakeUpFree();
  }

  /** @internal A cancelled waiter: a reserved permit goes back; wake as many as are free. */
  _cancelled(_waiter: Waiter<true>, woken: boolean): void {
    if (woken) this.#value++;
    this.#wakeUpFree();
  }

  // Wake as many as there are free permits (new waiters may have queued for FIFO).
  #wakeUpFree(): void {
    while (this.#value > 0 && this.#wakeUpNext()) {
      /* keep waking */
    }
  }

  /**
   * Gives a permit back, waking the first waiting task.
   *
   * @example
   * ```ts
   * sem.release();
   * ```
   */
  release(): void {
    this.#value++;
    if (this.#value > 0) this.#wakeUpNext();
  }

  /**
   * The number of permits: the initial `value`, then whatever it was set to. Setting it
   * while the semaphore is in use (p-limit's `limit.concurrency = n`) moves the free
   * permits by the difference: a higher limit wakes that many waiters (FIFO) at once; a
   * lower one can leave `value` below 0, and acquirers then wait until enough permits are
   * released. An integer >= 0 (TypeError/RangeError naming `limit` otherwise).
   *
   * @example
   * ```ts
   * const sem = new Semaphore(10);
   * sem.limit = 2; // the server asked us to slow down
   * ```
   */
  get limit(): number {
    return this.#limit;
  }

  set limit(limit: number) {
    assertInteger("limit", limit, 0);
    this.#value += limit - this.#limit;
    this.#limit = limit;
    this.#wakeUpFree();
  }

  /**
   * Runs `fn` holding a permit; releases it on every exit path.
   *
   * @example
   * ```ts
   * await sem.withLock(() => fetchPage(url));
   * ```
   */
  withLock<R>(fn: () => R | PromiseLike<R>): Promise<R> {
    return withAcquired(this, fn);
  }

  /**
   * Takes a permit and returns a {@link Releaser} for `await using`.
   *
   * @example
   * ```ts
   * await using _permit = await sem.acquireScoped();
   * ```
   */
  acquireScoped(): Promise<Releaser> {
    return acquireScoped(this);
  }

  /**
   * `<Semaphore [unlocked, value:2]>`.
   *
   * @example
   * ```ts
   * String(new Semaphore(2)); // "<Semaphore [unlocked, value:2]>"
   * ```
   */
  toString(): string {
    const size = this.#waiters.size;
    return `<${this.constructor.name} [${this.locked() ? "locked" : `unlocked, value:${this.#value}`}${size > 0 ? `, waiters:${size}` : ""}]>`;
  }

  // asyncio's `_wake_up_next`: reserve a permit for the first waiter not woken yet.
  #wakeUpNext(): boolean {
    if (!this.#waiters.wakeFirstUnwoken()) return false;
    this.#value--;
    return true;
  }
}

/**
 * A {@link Semaphore} that refuses to be released above its initial value (asyncio's
 * `BoundedSemaphore`): an extra `release()` throws `RangeError` (Python's ValueError).
 *
 * @example
 * ```ts
 * const sem = new BoundedSemaphore(1);
 * sem.release(); // throws RangeError: BoundedSemaphore released too many times
 * ```
 */
export class BoundedSemaphore extends Semaphore {
  /**
   * `value` is both the initial and the maximum number of permits (the bound follows
   * {@link Semaphore.limit} when it is set).
   *
   * @example
   * ```ts
   * const sem = new BoundedSemaphore(5);
   * ```
   */
  constructor(value = 1) {
    super(value);
  }

  /**
   * Gives a permit back; RangeError if that would exceed the limit (the initial value).
   *
   * @example
   * ```ts
   * sem.release();
   * ```
   */
  override release(): void {
    if (this.value >= this.limit) {
      throw new RangeError(
        `BoundedSemaphore released too many times (value ${this.value}, bound ${this.limit})`,
      );
    }
    super.release();
  }
}
