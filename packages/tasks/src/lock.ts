/**
 * `Lock` (asyncio's `locks.Lock`).
 */
import { RuntimeError, type Future } from "@aiots/loop";
import type { Releaser } from "./releaser.js";
import { brandClass } from "./internal/brand.js";
import { LoopBinding } from "./internal/loop-binding.js";
import { acquireScoped, withAcquired } from "./internal/scoped-acquire.js";
import { WaiterQueue, type Waiter, type WaiterOwner } from "./internal/waiter-queue.js";

/**
 * A mutual-exclusion lock for tasks (asyncio 3.13's `Lock`), FIFO-fair and wake-then-take:
 * `release()` wakes the longest waiting task, which takes the lock in its own loop step;
 * until then `locked()` is `false`, yet a newcomer queues behind the woken waiter (no
 * barging). `acquire()` returns a cancellable Future: cancelling it (or the task awaiting
 * it, or a `waitFor`/`gather`/`timeout` around it) before it took the lock withdraws it,
 * and a wake-up it had received goes to the next waiter (no lock is ever leaked).
 *
 * @example
 * ```ts
 * const lock = new Lock();
 * await lock.withLock(async () => {
 *   await appendToLog(line); // one task at a time
 * });
 * // or
 * {
 *   await using _held = await lock.acquireScoped();
 *   await appendToLog(line);
 * }
 * ```
 */
export class Lock implements WaiterOwner<true> {
  #locked = false;
  // The loop of the fast path (see internal/loop-binding.ts).
  readonly #binding = new LoopBinding();
  readonly #waiters = new WaiterQueue<true>();

  /**
   * Whether the lock is held.
   *
   * @example
   * ```ts
   * new Lock().locked(); // false
   * ```
   */
  locked(): boolean {
    return this.#locked;
  }

  /**
   * A Future that resolves with `true` once the lock is taken: at once (already done) if
   * it is free and nobody waits, else when its turn comes. Cancel it to stop waiting.
   *
   * @example
   * ```ts
   * await lock.acquire();
   * try {
   *   await work();
   * } finally {
   *   lock.release();
   * }
   * ```
   */
  acquire(): Future<true> {
    if (this._tryAcquire()) return this.#binding.doneTrue();
    return this.#waiters.push(this.#binding.running(), this);
  }

  /** @internal Takes the lock if it is free and nobody waits (asyncio's fast path). */
  _tryAcquire(): boolean {
    // Outside a running loop, a RuntimeError at once (not only when a caller must wait).
    this.#binding.fast();
    if (this.#locked || this.#waiters.size > 0) return false;
    this.#locked = true;
    return true;
  }

  /** @internal The woken waiter's step: it takes the lock (nobody could barge in). */
  _take(waiter: Waiter<true>): void {
    this.#locked = true;
    waiter._deliver(true);
  }

  /** @internal A cancelled waiter (asyncio's `except CancelledError`): keep the head awake. */
  _cancelled(): void {
    if (!this.#locked) this.#wakeFirst();
  }

  // asyncio's `_wake_up_first`: the head only, unless its wake-up is already in flight.
  #wakeFirst(): void {
    const first = this.#waiters.first();
    if (first !== undefined && !first._woken) first._wake();
  }

  /**
   * Releases the lock and wakes the first waiting task, which takes it when it runs.
   * Throws `RuntimeError` if the lock is not held.
   *
   * @example
   * ```ts
   * lock.release();
   * ```
   */
  release(): void {
    if (!this.#locked) throw new RuntimeError("Lock is not acquired");
    this.#locked = false;
    this.#wakeFirst();
  }

  /**
   * Runs `fn` holding the lock; releases it on every exit path (asyncio's `async with lock`).
   *
   * @example
   * ```ts
   * const value = await lock.withLock(() => readCounter());
   * ```
   */
  withLock<R>(fn: () => R | PromiseLike<R>): Promise<R> {
    return withAcquired(this, fn);
  }

  /**
   * Acquires the lock and returns a {@link Releaser} for `await using`.
   *
   * @example
   * ```ts
   * await using _held = await lock.acquireScoped();
   * ```
   */
  acquireScoped(): Promise<Releaser> {
    return acquireScoped(this);
  }

  /**
   * `<Lock [locked, waiters:2]>`.
   *
   * @example
   * ```ts
   * String(new Lock()); // "<Lock [unlocked]>"
   * ```
   */
  toString(): string {
    const size = this.#waiters.size;
    return `<Lock [${this.#locked ? "locked" : "unlocked"}${size > 0 ? `, waiters:${size}` : ""}]>`;
  }
}

// `instanceof Lock` (as `Condition` checks) recognises the locks of both builds.
brandClass(Lock, "@aiots/tasks:Lock");
