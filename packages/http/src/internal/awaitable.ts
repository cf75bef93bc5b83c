/**
 * The client's awaitables. Inside a running loop each wait is a `Future` of that loop, so
 * the task awaiting it can cancel it (asyncio's pattern: cancelling the future undoes the
 * operation). Outside a loop the client still works, on plain promises, without task
 * cancellation.
 */
import { CancelledError, runInContext, type EventLoop, type Future } from "@aiots/loop";
import { currentTask } from "@aiots/tasks";

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
  /** Whether it was cancelled. */
  readonly cancelled: boolean;
}

class FuturePending<T> implements Pending<T> {
  readonly promise: Future<T>;
  constructor(loop: EventLoop) {
    this.promise = loop.createFuture<T>();
  }
  get done(): boolean {
    return this.promise.done();
  }
  get cancelled(): boolean {
    return this.promise.cancelled();
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
  get cancelled(): boolean {
    return false;
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

/** A new wait: a Future of `loop`, or a plain promise without a loop. */
export function createPending<T>(loop: EventLoop | undefined): Pending<T> {
  return loop === undefined ? new PromisePending<T>() : new FuturePending<T>(loop);
}

/**
 * Awaits a pending wait. If the await is rejected while the wait is still pending (the
 * task had a cancellation pending), the wait is cancelled; if the wait was cancelled (the
 * awaiting task was), `onCancel` undoes its operation. Every wait of the client goes
 * through here, so no done callback per future is needed.
 */
export async function awaitPending<T>(pending: Pending<T>, onCancel?: () => void): Promise<T> {
  try {
    return await pending.promise;
  } catch (error) {
    if (!pending.done) pending.cancel();
    if (pending.cancelled) onCancel?.();
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

/**
 * `startTimer` for a timer of the session rather than of the request that arms it (the
 * deadlines' shared timers, kept until the session closes): in debug mode it is scheduled
 * outside the current task, so that the leftovers report of `taskGroup()` does not count it
 * among that task's. `run()`'s report still lists it if the session is never closed.
 */
export function startSessionTimer(
  loop: EventLoop | undefined,
  ms: number,
  callback: () => void,
): Timer {
  if (loop === undefined || !loop.getDebug()) return startTimer(loop, ms, callback);
  return runInContext({ loop, awaiter: undefined }, () => loop.callLater(ms, callback));
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
  const pending = createPending<void>(loop);
  const timer = startTimer(loop, ms, () => pending.resolve());
  return {
    promise: awaitPending(pending, () => timer.cancel()),
    abortWith(error: unknown): void {
      timer.cancel();
      pending.reject(error);
    },
  };
}

/** The current task's count of cancellation requests, taken before a wait. */
export function cancelMark(): number {
  return currentTask()?.cancelling() ?? 0;
}

/**
 * After a wait that resolved (a wake-up handed something over): the `CancelledError` the
 * wait should raise if the current task was cancelled in the step of the wake-up, else
 * `undefined`. A cancellation that found the waiter pending would have cancelled the wait
 * itself; one that arrives with the wake-up either armed the task's pending cancellation
 * (taken here, so the await raises it, as in asyncio) or, when a wrapper such as `waitFor`
 * took it, raised the task's `cancelling()` count above `mark`. Then the caller gives back
 * what it was handed (asyncio's `locks.py` rule).
 */
export function cancelledAtWakeUp(mark: number): CancelledError | undefined {
  const task = currentTask();
  if (task === undefined) return undefined;
  const pending = task._takePendingCancellation();
  if (pending !== undefined) return pending;
  return task.cancelling() > mark ? new CancelledError() : undefined;
}
