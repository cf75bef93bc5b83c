import { Future, currentContext, isFuture, type EventLoop } from "@aiots/loop";
import { Task } from "../task.js";

/**
 * A future in a {@link WaiterQueue}. Cancelling it (which is what cancelling the task
 * that awaits it does) unlinks it at once, so every waiter left in a queue is pending:
 * no wake-up is ever spent on a cancelled waiter, and `size` counts real waiters.
 */
export class Waiter<T> extends Future<T> {
  /** @internal */
  _queue: WaiterQueue<T> | undefined;
  /** @internal */
  _prev: Waiter<T> | undefined;
  /** @internal */
  _next: Waiter<T> | undefined;
  // What awaitWaiter needs when the waiter settles, kept here rather than in closures.
  /** @internal */
  _resolve: ((value: T) => void) | undefined;
  /** @internal */
  _reject: ((reason: unknown) => void) | undefined;
  /** @internal */
  _task: Task<unknown> | undefined;
  /** @internal */
  _onWokenThenFailed: (() => void) | undefined;
  /** @internal */
  _settled: (() => void) | undefined;
  /** @internal Who is told the outcome instead of a promise (see {@link waitWith}). */
  _continuation: WaiterContinuation<T> | undefined;

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this._queue?.remove(this);
    return true;
  }
}

/** A FIFO of pending waiters: O(1) push, shift and removal from anywhere. */
export class WaiterQueue<T> {
  #head: Waiter<T> | undefined;
  #tail: Waiter<T> | undefined;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Appends a new pending waiter. */
  push(loop: EventLoop): Waiter<T> {
    const waiter = new Waiter<T>({ loop });
    waiter._queue = this;
    const tail = this.#tail;
    if (tail === undefined) {
      this.#head = waiter;
    } else {
      tail._next = waiter;
      waiter._prev = tail;
    }
    this.#tail = waiter;
    this.#size++;
    return waiter;
  }

  /** Unlinks `waiter` if it is still queued here. */
  remove(waiter: Waiter<T>): void {
    if (waiter._queue !== this) return;
    const { _prev: prev, _next: next } = waiter;
    if (prev === undefined) this.#head = next;
    else prev._next = next;
    if (next === undefined) this.#tail = prev;
    else next._prev = prev;
    waiter._queue = waiter._prev = waiter._next = undefined;
    this.#size--;
  }

  /** Removes and returns the first waiter. */
  shift(): Waiter<T> | undefined {
    const head = this.#head;
    if (head !== undefined) this.remove(head);
    return head;
  }

  /** Wakes (resolves with `value`) and removes the first waiter; false if there is none. */
  wakeFirst(value: T): boolean {
    const waiter = this.shift();
    if (waiter === undefined) return false;
    waiter.setResult(value);
    return true;
  }

  /** Wakes every waiter. */
  wakeAll(value: T): void {
    for (let waiter = this.shift(); waiter !== undefined; waiter = this.shift())
      waiter.setResult(value);
  }
}

/**
 * What {@link waitWith} tells when the wait ends, instead of settling a promise. Called
 * from the loop (a done callback), or synchronously by `waitWith` if a cancellation was
 * pending.
 */
export interface WaiterContinuation<T> {
  _woken(value: T): void;
  _failed(reason: unknown): void;
}

/**
 * {@link awaitWaiter} without a promise: the outcome goes to `continuation` (which must
 * restore the task's context itself if it runs user code).
 */
export function waitWith<T>(
  waiter: Waiter<T>,
  onWokenThenFailed: (() => void) | undefined,
  settled: (() => void) | undefined,
  continuation: WaiterContinuation<T>,
): void {
  const awaiter = currentContext()?.awaiter;
  const refused = awaiter?._onAwait(waiter);
  if (refused !== undefined) {
    waiter.cancel();
    settled?.();
    continuation._failed(refused);
    return;
  }
  waiter._task = awaiter instanceof Task ? awaiter : undefined;
  waiter._onWokenThenFailed = onWokenThenFailed;
  waiter._settled = settled;
  waiter._continuation = continuation;
  waiter.addDoneCallback(onWaiterDone);
}

/**
 * Awaits `waiter` with one native promise and a done callback (no async frame, no
 * `Future.then`): this is the hot path of every lock and queue. The awaiting task is told
 * (`_onAwait`), so `task.cancel()` cancels the waiter, which unlinks it. If the waiter had
 * already been woken when the task was cancelled, `onWokenThenFailed` passes the wake-up
 * on and the await raises CancelledError, as in asyncio. `settled` runs on every outcome.
 */
export function awaitWaiter<T>(
  waiter: Waiter<T>,
  onWokenThenFailed?: () => void,
  settled?: () => void,
): Promise<T> {
  const awaiter = currentContext()?.awaiter;
  const refused = awaiter?._onAwait(waiter);
  if (refused !== undefined) {
    // A cancellation was pending: never wait.
    waiter.cancel();
    settled?.();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what was thrown
    return Promise.reject(refused);
  }
  waiter._task = awaiter instanceof Task ? awaiter : undefined;
  waiter._onWokenThenFailed = onWokenThenFailed;
  waiter._settled = settled;
  // No closure per await: the executor and the done callback are shared functions.
  pendingWaiter = waiter as Waiter<unknown>;
  const promise = new Promise<T>(takeResolvers);
  waiter.addDoneCallback(onWaiterDone);
  return promise;
}

// The Promise executor runs synchronously inside `new Promise`: a module slot hands it
// the waiter.
let pendingWaiter: Waiter<unknown> | undefined;
function takeResolvers(resolve: (value: never) => void, reject: (reason: unknown) => void): void {
  const waiter = pendingWaiter!;
  pendingWaiter = undefined;
  waiter._resolve = resolve as (value: unknown) => void;
  waiter._reject = reject;
}

function onWaiterDone<T>(done: Future<T>): void {
  const waiter = done as Waiter<T>;
  const continuation = waiter._continuation;
  const resolve = waiter._resolve;
  const reject = waiter._reject;
  const settled = waiter._settled;
  const onWokenThenFailed = waiter._onWokenThenFailed;
  const task = waiter._task;
  waiter._resolve = waiter._reject = waiter._settled = waiter._onWokenThenFailed = undefined;
  waiter._task = undefined;
  waiter._continuation = undefined;
  let failure: unknown;
  if (waiter.cancelled()) {
    failure = waiter._makeCancelledError();
  } else {
    failure = task?._takePendingCancellation();
    if (failure !== undefined) onWokenThenFailed?.();
  }
  settled?.();
  // This callback resumes the task's step: the loop runs it to its next suspension first.
  if (task !== undefined) task.getLoop()._resumeStep(task._resumes);
  if (failure !== undefined) {
    if (continuation === undefined) reject!(failure);
    else continuation._failed(failure);
  } else if (continuation === undefined) {
    resolve!(waiter.result());
  } else {
    continuation._woken(waiter.result());
  }
}

/**
 * Awaits a library Future with one native promise: `await awaitFuture(f)` is `await f`
 * (the current task registers it, so cancelling the task cancels it) without the cost of
 * a thenable.
 */
export function awaitFuture<T>(future: Future<T>): Promise<T> {
  const refused = currentContext()?.awaiter?._onAwait(future);
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what was thrown
  if (refused !== undefined) return Promise.reject(refused);
  return new Promise<T>((resolve, reject) => {
    future.addDoneCallback((done) => {
      if (done.cancelled()) {
        reject(done._makeCancelledError());
        return;
      }
      const error = done.exception();
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what was thrown
      if (error !== undefined) reject(error);
      else resolve(done.result());
    });
  });
}

/** `await value`, through {@link awaitFuture} when it is a library Future. */
export function awaitValue<T>(value: T | PromiseLike<T>): T | PromiseLike<T> {
  return isFuture(value) ? awaitFuture(value as Future<T>) : value;
}

/** A shared, already resolved `Promise<true>` for the uncontended paths. */
export const RESOLVED_TRUE: Promise<true> = Promise.resolve(true);
