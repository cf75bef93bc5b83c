/**
 * The client's awaitables. Inside a running loop each wait is a `Future` of that loop, so
 * the task awaiting it can cancel it (asyncio's pattern: cancelling the future undoes the
 * operation). Outside a loop the client still works, on plain promises, without task
 * cancellation.
 */
import { getRunningLoopOrUndefined, type EventLoop, type Future } from "@aiots/loop";

/** A wait the client settles from I/O callbacks. */
export interface Pending<T> {
  /** What the caller awaits. */
  readonly promise: PromiseLike<T>;
  /** Settles with a value; false if already settled or cancelled. */
  resolve(value: T): boolean;
  /** Settles with an error; false if already settled or cancelled. */
  reject(error: unknown): boolean;
  /** Cancels the wait (as a task's cancel() would). */
  cancel(): void;
  /** Whether it is settled or cancelled. */
  readonly done: boolean;
}

class FuturePending<T> implements Pending<T> {
  readonly promise: Future<T>;
  constructor(loop: EventLoop, onCancel: (() => void) | undefined) {
    const future = loop.createFuture<T>();
    this.promise = future;
    if (onCancel !== undefined) {
      future.addDoneCallback((settled) => {
        if (settled.cancelled()) onCancel();
      });
    }
  }
  get done(): boolean {
    return this.promise.done();
  }
  resolve(value: T): boolean {
    if (this.promise.done()) return false;
    this.promise.setResult(value);
    return true;
  }
  reject(error: unknown): boolean {
    if (this.promise.done()) return false;
    this.promise.setException(error);
    return true;
  }
  cancel(): void {
    this.promise.cancel();
  }
}

class PromisePending<T> implements Pending<T> {
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  #done = false;
  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }
  get done(): boolean {
    return this.#done;
  }
  resolve(value: T): boolean {
    if (this.#done) return false;
    this.#done = true;
    this.#resolve(value);
    return true;
  }
  reject(error: unknown): boolean {
    if (this.#done) return false;
    this.#done = true;
    this.#reject(error);
    return true;
  }
  cancel(): void {
    // Without a loop there is no task to cancel it.
  }
}

/** The running loop, if any. */
export function currentLoop(): EventLoop | undefined {
  return getRunningLoopOrUndefined();
}

/**
 * A new wait. `onCancel` runs (once, from the loop) if the future is cancelled, e.g.
 * because the awaiting task was.
 */
export function createPending<T>(loop: EventLoop | undefined, onCancel?: () => void): Pending<T> {
  return loop === undefined ? new PromisePending<T>() : new FuturePending<T>(loop, onCancel);
}

/**
 * Awaits a pending wait; if the await is rejected while the wait is still pending (the
 * task had a cancellation pending, or was cancelled), the wait is cancelled too so its
 * operation is undone.
 */
export async function awaitPending<T>(pending: Pending<T>): Promise<T> {
  try {
    return await pending.promise;
  } catch (error) {
    if (!pending.done) pending.cancel();
    throw error;
  }
}

/** A cancellable timer on the loop's clock (or a host timer without a loop). */
export interface Timer {
  cancel(): void;
}

/** Runs `callback` after `ms` on the loop's clock. */
export function startTimer(loop: EventLoop | undefined, ms: number, callback: () => void): Timer {
  if (loop !== undefined) return loop.callLater(ms, callback);
  const handle = setTimeout(callback, ms);
  handle.unref();
  return { cancel: () => clearTimeout(handle) };
}

/** Milliseconds on the loop's clock (monotonic). */
export function now(loop: EventLoop | undefined): number {
  return loop === undefined ? performance.now() : loop.time();
}

/** A cancellable sleep on the loop's clock; `abortWith` ends it early with an error. */
export function sleep(
  loop: EventLoop | undefined,
  ms: number,
): { promise: Promise<void>; abortWith(error: unknown): void } {
  let timer: Timer | undefined;
  const pending = createPending<void>(loop, () => timer?.cancel());
  timer = startTimer(loop, ms, () => pending.resolve());
  return {
    promise: awaitPending(pending),
    abortWith(error: unknown): void {
      timer?.cancel();
      pending.reject(error);
    },
  };
}
