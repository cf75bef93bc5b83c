/**
 * The scoped forms shared by the lock-like primitives (asyncio's `_ContextManagerMixin`):
 * run a function holding the lock or permit, or hand out a `Releaser` for `await using`.
 */
import {
  currentContext,
  isFuture,
  markRunnable,
  type Future,
  type LoopContext,
  type Runnable,
} from "@aiots/loop";
import { Releaser } from "../releaser.js";
import { assertFunction } from "./validate.js";
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
 * `async with` does when `acquire()` does not suspend. After a wait, `fn` runs in the
 * continuation of the caller's own `await`, so it sees the caller's context (its task,
 * and every `AsyncLocalStorage` store of the caller), as an asyncio `ContextVar` would.
 * A body that returns a library Future costs one promise (no async frame).
 */
export function withAcquired<R>(lock: Acquirable, fn: () => R | PromiseLike<R>): Promise<R> {
  assertFunction("fn", fn);
  if (lock._tryAcquire?.() !== true) return acquireThenRun(lock, fn);
  let value: R | PromiseLike<R>;
  try {
    value = fn();
  } catch (error) {
    lock.release();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what was thrown
    return Promise.reject(error);
  }
  if (!isFuture(value)) return releaseAfter(lock, value);
  // A Future body (e.g. `() => sleep(0)`): one promise, settled from its done callback.
  const held = new Held<R>(lock, value as Future<R>);
  heldSlot = held as Held<unknown>;
  const promise = new Promise<R>(takeHeldResolvers);
  held.await();
  return promise;
}

/** After a wait: `fn` runs in the continuation of the caller's own await (its context). */
async function acquireThenRun<R>(lock: Acquirable, fn: () => R | PromiseLike<R>): Promise<R> {
  await awaitAny(lock.acquire());
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

/** `await value`, through {@link awaitFuture} when it is a library Future. */
function awaitAny<T>(value: T | PromiseLike<T> | Future<T>): T | PromiseLike<T> {
  return isFuture(value) ? awaitFuture(value) : value;
}

/**
 * The Future a body returned while the lock is held: queued on the loop (a `Runnable`)
 * once it is done, releases the lock and settles the promise `withLock` returned.
 */
class Held<R> implements Runnable {
  resolve: ((value: R) => void) | undefined;
  reject: ((reason: unknown) => void) | undefined;
  constructor(
    readonly lock: Acquirable,
    readonly future: Future<R>,
  ) {}

  /** Awaits the future as the current task (cancelling the task cancels it). */
  await(): void {
    const refused = this.future.done()
      ? undefined
      : currentContext()?.awaiter?._onAwait(this.future);
    if (refused !== undefined) {
      this.#settle(false, refused);
      return;
    }
    this.future._addDoneRunnable(this);
  }

  declare readonly _resumes: LoopContext | undefined;

  _run(): void {
    const future = this.future;
    if (future.cancelled()) {
      this.#settle(false, future._makeCancelledError());
      return;
    }
    const error = future.exception();
    if (error !== undefined) this.#settle(false, error);
    else this.#settle(true, future.result());
  }

  #settle(fulfilled: boolean, value: unknown): void {
    try {
      this.lock.release();
    } catch (error) {
      this.reject!(error);
      return;
    }
    if (fulfilled) this.resolve!(value as R);
    else this.reject!(value);
  }

  toString(): string {
    return "<Handle withLock()>";
  }
}
markRunnable(Held);

// The Promise executor runs synchronously inside `new Promise`: a module slot hands it
// the Held (no closure per call).
let heldSlot: Held<unknown> | undefined;
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
