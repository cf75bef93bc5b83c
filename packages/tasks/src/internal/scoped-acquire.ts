/**
 * The scoped forms shared by the lock-like primitives (asyncio's `_ContextManagerMixin`):
 * run a function holding the lock or permit, or hand out a `Releaser` for `await using`.
 */
import { AsyncResource } from "node:async_hooks";
import {
  currentContext,
  fulfilledOutcome,
  isFuture,
  outcomeOf,
  type Future,
  type LoopContext,
  type Runnable,
} from "@aiots/loop";
import { Releaser } from "../releaser.js";
import { assertFunction } from "@aiots/loop/internal";
import { awaitFuture } from "./waiter-queue.js";

interface Acquirable {
  acquire(): Future<unknown> | PromiseLike<unknown>;
  release(): void;
  /** Lock and Semaphore: take it now if free and nobody waits (no Future at all). */
  _tryAcquire?(): boolean;
}

/**
 * Acquires `lock`, runs `fn`, and releases on every exit path (asyncio's `async with`).
 *
 * A free lock is taken at once and `fn` runs at once, as the body of asyncio's
 * `async with` does when `acquire()` does not suspend. After a wait, `fn` runs in the step
 * that delivers the lock (asyncio resumes the waiting task there), in the caller's context
 * (its task, and every `AsyncLocalStorage` store of the caller), as an asyncio
 * `ContextVar` would.
 * A body that returns a library Future costs one promise (no async frame).
 */
export function withAcquired<R>(lock: Acquirable, fn: () => R | PromiseLike<R>): Promise<R> {
  assertFunction("fn", fn);
  if (lock._tryAcquire?.() !== true) {
    const acquiring = lock.acquire();
    // A pending library wait: one Held, no async frame (see `Held`).
    if (isFuture(acquiring) && !acquiring.done()) return waitThenRun(lock, acquiring, fn);
    return acquireThenRun(lock, acquiring, fn);
  }
  let value: R | PromiseLike<R>;
  try {
    value = fn();
  } catch (error) {
    lock.release();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what was thrown
    return Promise.reject(error);
  }
  if (!isFuture(value)) return releaseAfter(lock, value);
  const held = newHeld<R>(lock, undefined);
  held.awaitBody(value as Future<R>);
  return held.promise;
}

/**
 * After a wait: `fn` runs in the waiter's delivery step, in the caller's async context (its
 * task and every `AsyncLocalStorage` store), captured now as asyncio's `ContextVar`s are
 * (see `Held.scope`).
 */
function waitThenRun<R>(
  lock: Acquirable,
  acquiring: Future<unknown>,
  fn: () => R | PromiseLike<R>,
): Promise<R> {
  const held = newHeld(lock, fn);
  const context = currentContext();
  const refused = context?.awaiter?._onAwait(acquiring);
  if (refused !== undefined) {
    held.reject(refused);
    return held.promise;
  }
  if (context?.awaiter !== undefined) held._resumes = context;
  held.scope = new AsyncResource("aiots.withLock");
  held.future = acquiring;
  acquiring._addDoneRunnable(held);
  return held.promise;
}

/** `acquire()` gave something other than a pending Future (a done one, a promise). */
async function acquireThenRun<R>(
  lock: Acquirable,
  acquiring: Future<unknown> | PromiseLike<unknown>,
  fn: () => R | PromiseLike<R>,
): Promise<R> {
  await awaitAny(acquiring);
  let value: R | PromiseLike<R>;
  try {
    value = fn();
  } catch (error) {
    lock.release();
    throw error;
  }
  try {
    return await awaitAny(value);
  } finally {
    lock.release();
  }
}

async function releaseAfter<R>(lock: Acquirable, value: R | PromiseLike<R>): Promise<R> {
  try {
    return await value;
  } finally {
    lock.release();
  }
}

function awaitAny<T>(value: T | PromiseLike<T> | Future<T>): T | PromiseLike<T> {
  return isFuture(value) ? awaitFuture(value) : value;
}

const ACQUIRING = 0;
const RUNNING = 1;

/**
 * One `withLock(fn)` call: the promise it returned, and the Future it waits on, first the
 * lock's (when it had to wait), then the one `fn` returned (e.g. `() => sleep(0)`). A
 * loop `Runnable`, done callback of each: no closure, no async frame.
 */
class Held<R> implements Runnable {
  promise!: Promise<R>;
  resolve!: (value: R) => void;
  reject!: (reason: unknown) => void;
  /**
   * While it waits for the lock: the caller's async context (every AsyncLocalStorage
   * store), in which `fn` runs once the lock is taken. One AsyncResource: the cheapest
   * capture on Node 20-24 (a promise and its reaction cost about three times as much, an
   * `AsyncLocalStorage.snapshot()` thirty).
   */
  scope: AsyncResource | undefined;
  future: Future<unknown> | undefined;
  phase: typeof ACQUIRING | typeof RUNNING = ACQUIRING;
  fn: (() => R | PromiseLike<R>) | undefined;
  /** While it waits for the lock: the caller's step, which its wake-up resumes. */
  _resumes: LoopContext | undefined;

  constructor(
    readonly lock: Acquirable,
    fn: (() => R | PromiseLike<R>) | undefined,
  ) {
    this.fn = fn;
  }

  /** Runs `fn`, the lock held, in the caller's context. */
  run(): void {
    const fn = this.fn!;
    this.fn = undefined;
    this.phase = RUNNING;
    this._resumes = undefined;
    let value: R | PromiseLike<R>;
    try {
      value = fn();
    } catch (error) {
      this.#settle(false, error);
      return;
    }
    if (isFuture(value)) this.awaitBody(value as Future<R>);
    else releaseAfter(this.lock, value).then(this.resolve, this.reject);
  }

  /** A Future body (e.g. `() => sleep(0)`): no promise of its own, its done callback. */
  awaitBody(value: Future<R>): void {
    this.phase = RUNNING;
    const refused = value.done() ? undefined : currentContext()?.awaiter?._onAwait(value);
    if (refused !== undefined) {
      this.#settle(false, refused);
      return;
    }
    this.future = value;
    value._addDoneRunnable(this);
  }

  _run(): void {
    const future = this.future!;
    const fulfilled = fulfilledOutcome(future);
    const value = outcomeOf(future, fulfilled);
    this.future = undefined;
    if (this.phase === RUNNING) {
      this.#settle(fulfilled, value);
      return;
    }
    // The lock's wait ended, in its delivery step. A cancellation requested since is
    // raised instead (the loop's `_onResume`, as for any await), the lock passed on.
    const instead = this._resumes?.awaiter?._onResume?.(fulfilled, value);
    const scope = this.scope!;
    this.scope = undefined;
    if (fulfilled && instead === undefined) scope.runInAsyncScope(runHeld, undefined, this);
    else if (fulfilled) this.#settle(false, instead);
    else this.reject(instead ?? value);
  }

  // The lock is held: give it back, then settle.
  #settle(fulfilled: boolean, value: unknown): void {
    try {
      this.lock.release();
    } catch (error) {
      this.reject(error);
      return;
    }
    if (fulfilled) this.resolve(value as R);
    else this.reject(value);
  }

  toString(): string {
    return "<Handle withLock()>";
  }
}

function runHeld(held: Held<unknown>): void {
  held.run();
}

// The Promise executors run synchronously inside `new Promise`: module slots hand them
// the Held (no closure per call).
let heldSlot: Held<unknown> | undefined;

function newHeld<R>(lock: Acquirable, fn: (() => R | PromiseLike<R>) | undefined): Held<R> {
  const held = new Held<R>(lock, fn);
  heldSlot = held as Held<unknown>;
  held.promise = new Promise<R>(takeHeldResolvers);
  return held;
}

function takeHeldResolvers(
  resolve: (value: never) => void,
  reject: (reason: unknown) => void,
): void {
  const held = heldSlot!;
  heldSlot = undefined;
  held.resolve = resolve as (value: unknown) => void;
  held.reject = reject;
}

/** Acquires `lock` and returns the `Releaser` that gives it back exactly once. */
export async function acquireScoped(lock: Acquirable): Promise<Releaser> {
  await awaitAny(lock.acquire());
  return new Releaser(() => lock.release());
}
