/**
 * `Condition` (asyncio's `locks.Condition`, with 3.13's notification hand-over).
 */
import { CancelledError, RuntimeError, getRunningLoop, type Future } from "@aiots/loop";
import { Coroutine } from "./coroutine.js";
import { Lock } from "./lock.js";
import { Releaser } from "./releaser.js";
import {
  WaiterQueue,
  awaitFuture,
  type Waiter,
  type WaiterOwner,
} from "./internal/waiter-queue.js";
import { expected, assertFunction, assertInteger } from "@aiots/loop/internal";

/**
 * A condition variable (asyncio's `Condition`): tasks holding its lock `wait()` until
 * another task `notify()`s them. `wait()` re-acquires the lock on every exit path, also
 * when cancelled; a task notified and then cancelled passes the notification on (a
 * spurious wake-up of another waiter is allowed, a lost one is not).
 *
 * @example
 * ```ts
 * const cond = new Condition();
 * // consumer
 * await cond.withLock(async () => {
 *   await cond.waitFor(() => items.length > 0);
 *   use(items.shift());
 * });
 * // producer
 * await cond.withLock(() => {
 *   items.push(item);
 *   cond.notify();
 * });
 * ```
 */
export class Condition implements WaiterOwner<boolean> {
  readonly #lock: Lock;
  readonly #waiters = new WaiterQueue<boolean>();

  /**
   * Uses `lock` (shared with other conditions) or a new {@link Lock}.
   *
   * @example
   * ```ts
   * const lock = new Lock();
   * const notEmpty = new Condition(lock);
   * const notFull = new Condition(lock);
   * ```
   */
  constructor(lock?: Lock) {
    if (lock !== undefined && !(lock instanceof Lock)) {
      throw new TypeError(expected("lock", "a Lock", lock));
    }
    this.#lock = lock ?? new Lock();
  }

  /**
   * Whether the underlying lock is held.
   *
   * @example
   * ```ts
   * cond.locked();
   * ```
   */
  locked(): boolean {
    return this.#lock.locked();
  }

  /**
   * Acquires the underlying lock.
   *
   * @example
   * ```ts
   * await cond.acquire();
   * ```
   */
  acquire(): Future<true> {
    return this.#lock.acquire();
  }

  /**
   * Releases the underlying lock.
   *
   * @example
   * ```ts
   * cond.release();
   * ```
   */
  release(): void {
    this.#lock.release();
  }

  /**
   * Runs `fn` holding the underlying lock, released on every exit path.
   *
   * @example
   * ```ts
   * await cond.withLock(() => cond.notifyAll());
   * ```
   */
  withLock<R>(fn: () => R | PromiseLike<R>): Promise<R> {
    return this.#lock.withLock(fn);
  }

  /**
   * Acquires the underlying lock for `await using`.
   *
   * @example
   * ```ts
   * await using _held = await cond.acquireScoped();
   * ```
   */
  acquireScoped(): Promise<Releaser> {
    return this.#lock.acquireScoped();
  }

  /**
   * Releases the lock, waits for a notification, re-acquires the lock and resolves with
   * `true` (asyncio 3.13's `Condition.wait`). A lazy {@link Coroutine}, as asyncio's is:
   * awaited, it runs in the awaiting task, so cancelling that task (or a `waitFor` around
   * it) withdraws the wait; `gather`/`shield` run it as a task. The lock is held again on
   * every exit path; a wait that fails after its notification arrived hands the
   * notification on (a spurious wake-up of another waiter is allowed, a lost one is not).
   * RuntimeError if the lock is not held.
   *
   * @example
   * ```ts
   * await cond.withLock(async () => {
   *   while (!ready) await cond.wait();
   * });
   * ```
   */
  wait(): Coroutine<true> {
    return new Coroutine(() => this.#wait(), "wait");
  }

  async #wait(): Promise<true> {
    if (!this.locked()) throw new RuntimeError("cannot wait on un-acquired lock");
    this.release();
    let failed = false;
    let error: unknown;
    const waiter = this.#waiters.push(getRunningLoop(), this);
    try {
      // Cancelled after the notification arrived, the waiter raises: handed on below.
      await awaitFuture(waiter);
    } catch (e) {
      waiter.cancel();
      failed = true;
      error = e;
    }
    // Re-acquire the lock even if the wait was cancelled (and if cancelled again
    // meanwhile, keep trying: the caller's finally expects to hold the lock).
    for (;;) {
      try {
        await awaitFuture(this.acquire());
        break;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        failed = true;
        error = e;
      }
    }
    if (failed) {
      // We may have been notified before the error: hand the notification on (3.13).
      this.#notify(1);
      throw error;
    }
    return true;
  }

  /**
   * Waits until `predicate()` is truthy and returns its value (asyncio's `wait_for`); a
   * lazy {@link Coroutine}, like {@link Condition.wait}. `predicate` runs holding the lock,
   * in the caller's context.
   *
   * @example
   * ```ts
   * const item = await cond.waitFor(() => queue.shift());
   * ```
   */
  waitFor<R>(predicate: () => R): Coroutine<R> {
    assertFunction("predicate", predicate);
    return new Coroutine(() => this.#waitFor(predicate), "waitFor");
  }

  async #waitFor<R>(predicate: () => R): Promise<R> {
    let result = predicate();
    while (!result) {
      await this.#wait();
      result = predicate();
    }
    return result;
  }

  /**
   * Wakes up to `n` waiting tasks (default 1). RuntimeError if the lock is not held.
   *
   * @example
   * ```ts
   * cond.notify(2);
   * ```
   */
  notify(n = 1): void {
    if (!this.locked()) throw new RuntimeError("cannot notify on un-acquired lock");
    assertInteger("n", n, 0);
    this.#notify(n);
  }

  /**
   * Wakes every waiting task. RuntimeError if the lock is not held.
   *
   * @example
   * ```ts
   * cond.notifyAll();
   * ```
   */
  notifyAll(): void {
    this.notify(this.#waiters.size);
  }

  #notify(n: number): void {
    for (let i = 0; i < n; i++) if (!this.#waiters.wakeFirstUnwoken()) break;
  }

  /** @internal A notified waiter's step. */
  _take(waiter: Waiter<boolean>): void {
    waiter._deliver(false);
  }

  /** @internal `wait()` itself hands a notification on when it fails. */
  _cancelled(): void {}

  /**
   * `<Condition [locked, waiters:1]>`.
   *
   * @example
   * ```ts
   * String(new Condition()); // "<Condition [unlocked]>"
   * ```
   */
  toString(): string {
    const size = this.#waiters.size;
    return `<Condition [${this.locked() ? "locked" : "unlocked"}${size > 0 ? `, waiters:${size}` : ""}]>`;
  }
}
