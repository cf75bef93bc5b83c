/**
 * The scoped forms shared by the lock-like primitives (asyncio's `_ContextManagerMixin`):
 * run a function holding the lock or permit, or hand out a `Releaser` for `await using`.
 */
import {
  currentContext,
  isFuture,
  markRunnable,
  runInContext,
  type Future,
  type LoopContext,
  type Runnable,
} from "@aiots/loop";
import { Releaser } from "../releaser.js";
import { awaitValue, type WaiterContinuation } from "./waiter-queue.js";
import { assertFunction } from "./validate.js";

interface Acquirable {
  acquire(): Promise<unknown>;
  release(): void;
  /** Semaphore and Lock: acquire without a promise (see `Semaphore._acquireWith`). */
  _acquireWith?(continuation: WaiterContinuation<true>): boolean;
}

/**
 * Acquires `lock`, runs `fn`, and releases on every exit path.
 *
 * For a Lock or Semaphore (`_acquireWith`) this allocates one promise, the one returned:
 * a free permit is taken at once and `fn` runs at once, as the body of asyncio's
 * `async with` does when `acquire()` does not suspend; after a wait, `fn` runs from the
 * waiter's done callback in the caller's context. When `fn` returns a library Future, the
 * release and the settling of the returned promise happen in that future's done callback,
 * with no async frame in between.
 */
export function withAcquired<R>(lock: Acquirable, fn: () => R | PromiseLike<R>): Promise<R> {
  if (typeof fn !== "function") return withAcquiredSlowly(lock, fn);
  if (lock._acquireWith !== undefined) {
    const held = new Held<R>(lock, fn);
    held.context = currentContext();
    pendingHeld = held as Held<unknown>;
    const promise = new Promise<R>(takeHeldResolvers);
    if (lock._acquireWith(held)) held.start();
    return promise;
  }
  return withAcquiredSlowly(lock, fn);
}

/** The general form: any acquire, any outcome of `fn`. */
async function withAcquiredSlowly<R>(lock: Acquirable, fn: () => R | PromiseLike<R>): Promise<R> {
  assertFunction("fn", fn);
  await lock.acquire();
  try {
    return await awaitValue(fn());
  } finally {
    lock.release();
  }
}

/** Awaits a non-Future outcome of `fn` and releases. */
async function releaseAfter<R>(lock: Acquirable, value: R | PromiseLike<R>): Promise<R> {
  try {
    return await value;
  } finally {
    lock.release();
  }
}

/**
 * The Future `fn` returned, while the lock is held: queued on the loop (a `Runnable`)
 * once the future is done, it releases the lock and settles the promise `withLock`
 * returned.
 */
class Held<R> implements WaiterContinuation<true>, Runnable {
  /** The caller's context, restored to run `fn` after a wait. */
  context: LoopContext | undefined;
  resolve: ((value: R) => void) | undefined;
  reject: ((reason: unknown) => void) | undefined;
  future: Future<R> | undefined;
  constructor(
    readonly lock: Acquirable,
    public fn: (() => R | PromiseLike<R>) | undefined,
  ) {}

  /** Runs `fn`, the lock being held; its outcome settles the promise. */
  start(): void {
    const { lock, fn } = this;
    this.fn = undefined;
    this.context = undefined;
    let value: R | PromiseLike<R>;
    try {
      value = fn!();
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (!isFuture(value)) {
      const resolve = this.resolve!;
      const reject = this.reject!;
      this.resolve = this.reject = undefined;
      releaseAfter(lock, value).then(resolve, reject);
      return;
    }
    const future = value as Future<R>;
    const refused = currentContext()?.awaiter?._onAwait(future);
    if (refused !== undefined) {
      this.#fail(refused);
      return;
    }
    this.future = future;
    future._addDoneRunnable(this);
  }

  /** The lock was acquired after a wait: run `fn` in the caller's context. */
  _woken(): void {
    const context = this.context;
    this.context = undefined;
    if (context === undefined || context === currentContext()) {
      this.start();
    } else {
      heldToStart = this as Held<unknown>;
      runInContext(context, startHeld);
    }
  }

  /** The wait failed (cancelled): the lock is not held. */
  _failed(reason: unknown): void {
    const reject = this.reject!;
    this.resolve = this.reject = undefined;
    this.fn = undefined;
    this.context = undefined;
    reject(reason);
  }

  #fail(error: unknown): void {
    const reject = this.reject!;
    this.resolve = this.reject = undefined;
    try {
      this.lock.release();
    } catch (releaseError) {
      reject(releaseError);
      return;
    }
    reject(error);
  }

  declare readonly _resumes: LoopContext | undefined;

  _run(): void {
    const { lock, resolve, reject } = this;
    const future = this.future!;
    this.resolve = this.reject = undefined;
    this.future = undefined;
    let failed = true;
    let outcome: unknown;
    if (future.cancelled()) {
      outcome = future._makeCancelledError();
    } else {
      outcome = future.exception();
      if (outcome === undefined) {
        failed = false;
        outcome = future.result();
      }
    }
    try {
      lock.release();
    } catch (error) {
      reject!(error);
      return;
    }
    if (failed) reject!(outcome);
    else resolve!(outcome as R);
  }

  toString(): string {
    return "<Handle withLock()>";
  }
}
markRunnable(Held);

// runInContext takes no arguments: a module slot hands over the Held (synchronous call).
let heldToStart: Held<unknown> | undefined;
function startHeld(): void {
  const held = heldToStart!;
  heldToStart = undefined;
  held.start();
}

// The Promise executor runs synchronously inside `new Promise`: a module slot hands it
// the Held (no closure per call).
let pendingHeld: Held<unknown> | undefined;
function takeHeldResolvers(
  resolve: (value: never) => void,
  reject: (reason: unknown) => void,
): void {
  const held = pendingHeld!;
  pendingHeld = undefined;
  held.resolve = resolve as (value: unknown) => void;
  held.reject = reject;
}

/** Acquires `lock` and returns the `Releaser` that gives it back exactly once. */
export async function acquireScoped(lock: Acquirable): Promise<Releaser> {
  await lock.acquire();
  return new Releaser(() => lock.release());
}
