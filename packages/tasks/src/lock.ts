/**
 * `Lock` (asyncio's `locks.Lock`).
 */
import { RuntimeError, getRunningLoop } from "@aiots/loop";
import type { Releaser } from "./releaser.js";
import { brandClass } from "./internal/brand.js";
import { inLoop } from "./internal/in-loop.js";
import { acquireScoped, withAcquired } from "./internal/scoped-acquire.js";
import {
  RESOLVED_TRUE,
  WaiterQueue,
  awaitWaiter,
  waitWith,
  type WaiterContinuation,
} from "./internal/waiter-queue.js";

/**
 * A mutual-exclusion lock for tasks (asyncio's `Lock`), FIFO-fair: `release()` hands the
 * lock to the longest waiting task. `acquire()` is a cancellation point; a task
 * cancelled while waiting never takes the lock, and a task cancelled right after being
 * handed the lock passes it on (no lock is ever leaked).
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
export class Lock {
  #locked = false;
  // Set on first use, which must be inside a running loop (see internal/in-loop.ts).
  #inLoop = false;
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
   * Waits until the lock is free, takes it, and resolves with `true`.
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
  acquire(): Promise<true> {
    if (!this.#inLoop) this.#inLoop = inLoop();
    // Invariant: unlocked implies no waiters (release() hands over to a waiter).
    if (!this.#locked) {
      this.#locked = true;
      return RESOLVED_TRUE;
    }
    // Handed the lock, then cancelled before resuming: pass it on.
    return awaitWaiter<true>(this.#waiters.push(getRunningLoop()), this.#passOn);
  }

  /**
   * @internal `acquire()` without a promise (for `withLock`): `true` if the lock was
   * taken at once; else `continuation` is told when the wait ends.
   */
  _acquireWith(continuation: WaiterContinuation<true>): boolean {
    if (!this.#inLoop) this.#inLoop = inLoop();
    if (!this.#locked) {
      this.#locked = true;
      return true;
    }
    waitWith<true>(this.#waiters.push(getRunningLoop()), this.#passOn, undefined, continuation);
    return false;
  }

  // Made once per lock, not per acquire.
  readonly #passOn = (): void => {
    this.release();
  };

  /**
   * Releases the lock, handing it to the first waiting task if any. Throws `RuntimeError`
   * if the lock is not held.
   *
   * @example
   * ```ts
   * lock.release();
   * ```
   */
  release(): void {
    if (!this.#locked) throw new RuntimeError("Lock is not acquired");
    if (!this.#waiters.wakeFirst(true)) this.#locked = false;
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
