import {
  Future,
  currentContext,
  fulfilledOutcome,
  isFuture,
  markRunnable,
  outcomeOf,
  resolvedFuture,
  type Awaiter,
  type EventLoop,
  type LoopContext,
  type Runnable,
} from "@aiots/loop";

/**
 * What a {@link Waiter} reports to: the primitive (a lock, a queue...) it waits on.
 * asyncio writes these as the code after `await fut` and its `except CancelledError`
 * branch; here they are called by the waiter itself.
 */
export interface WaiterOwner<T> {
  /**
   * The delivery step of a woken waiter (the step in which asyncio resumes the task that
   * awaits it): take what it waited for and settle it with {@link Waiter._deliver} (or
   * `_fail`), or queue it again with `_requeue` (e.g. the item was taken meanwhile).
   */
  _take(waiter: Waiter<T>): void;
  /**
   * The waiter was cancelled. `woken`: the wake-up had already arrived (and is not
   * taken): pass it on, as asyncio's `except CancelledError` branches do.
   */
  _cancelled(waiter: Waiter<T>, woken: boolean): void;
}

/**
 * One library wait (a lock or queue wait): a Future, so that whoever awaits it (the task,
 * `waitFor`, `gather`, `shield`, a TaskGroup child...) can cancel it directly.
 *
 * Its life: queued (pending), then woken by the primitive (still pending: the wake-up is
 * in flight, and the waiter runs itself on the loop once), then delivered: in its own
 * loop step the owner takes the resource and settles the waiter, and the awaiters run in
 * that same step (`_setResultNow`). Cancelling it before delivery, woken or not,
 * withdraws it and passes a wake-up on; after delivery it is done and `cancel()` is
 * `false`: nothing can be lost between the take and the hand-over.
 */
export class Waiter<T> extends Future<T> implements Runnable {
  /** @internal */
  _queue: WaiterQueue<T> | undefined;
  /** @internal */
  _prev: Waiter<T> | undefined;
  /** @internal */
  _next: Waiter<T> | undefined;
  /** @internal The wake-up arrived and its delivery step is queued. */
  _woken = false;
  /** @internal What a putter puts (queues), carried by its waiter. */
  _item: unknown;
  /** @internal */
  readonly _owner: WaiterOwner<T>;

  constructor(loop: EventLoop, owner: WaiterOwner<T>) {
    super({ loop });
    this._owner = owner;
  }

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    const woken = this._woken;
    this._woken = false;
    this._queue?.remove(this);
    this._item = undefined;
    this._owner._cancelled(this, woken);
    return true;
  }

  /** @internal Wakes the waiter: its delivery runs in the next loop iteration. */
  _wake(): void {
    if (this._woken || this.done()) return;
    this._woken = true;
    this.getLoop()._callSoonRunnable(this);
  }

  /** @internal Settles the waiter with what it took; its awaiters run now. */
  _deliver(value: T): void {
    this._queue?.remove(this);
    this._item = undefined;
    this._setResultNow(value);
  }

  /** @internal Settles the waiter with an error (e.g. QueueShutDown); awaiters run now. */
  _fail(error: unknown): void {
    this._queue?.remove(this);
    this._item = undefined;
    this._setExceptionNow(error);
  }

  /** @internal The delivery step (a `Runnable` queued by `_wake`): a plain callback. */
  declare readonly _resumes: LoopContext | undefined;

  /** @internal */
  _run(): void {
    if (!this._woken || this.done()) return;
    this._woken = false;
    try {
      this._owner._take(this);
    } catch (error) {
      if (!this.done()) this._fail(error);
    }
  }
}
markRunnable(Waiter);

/** A FIFO of pending waiters: O(1) push, shift and removal from anywhere. */
export class WaiterQueue<T> {
  #head: Waiter<T> | undefined;
  #tail: Waiter<T> | undefined;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The first waiter, woken or not. */
  first(): Waiter<T> | undefined {
    return this.#head;
  }

  /** Appends a new pending waiter. */
  push(loop: EventLoop, owner: WaiterOwner<T>): Waiter<T> {
    const waiter = new Waiter<T>(loop, owner);
    this.append(waiter);
    return waiter;
  }

  /** Appends `waiter` (not in any queue) at the end. */
  append(waiter: Waiter<T>): void {
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

  /** Wakes the first waiter not woken yet, leaving it queued; false if there is none. */
  wakeFirstUnwoken(): boolean {
    for (let waiter = this.#head; waiter !== undefined; waiter = waiter._next) {
      if (!waiter._woken) {
        waiter._wake();
        return true;
      }
    }
    return false;
  }

  /** Removes and returns the first waiter, woken or not (for direct hand-offs). */
  shift(): Waiter<T> | undefined {
    const head = this.#head;
    if (head !== undefined) this.remove(head);
    return head;
  }

  /** Removes and wakes the first waiter (asyncio's `_wakeup_next`); false if there is none. */
  wakeNext(): boolean {
    const head = this.#head;
    if (head === undefined) return false;
    this.remove(head);
    head._wake();
    return true;
  }

  /** Removes and wakes every waiter. */
  wakeAll(): void {
    while (this.wakeNext()) {
      /* keep waking */
    }
  }
}

/**
 * A done Future holding `true`, one per loop: what an uncontended `acquire()` or a set
 * Event's `wait()` returns (a library Future, as every wait is, at no allocation).
 */
export function doneTrue(loop: EventLoop): Future<true> {
  let future = doneTrueByLoop.get(loop);
  if (future === undefined) {
    future = resolvedFuture(loop, true as const);
    doneTrueByLoop.set(loop, future);
  }
  return future;
}
const doneTrueByLoop = new WeakMap<EventLoop, Future<true>>();

/** A done Future holding `undefined`, one per loop (see {@link doneTrue}). */
export function doneVoid(loop: EventLoop): Future<void> {
  let future = doneVoidByLoop.get(loop);
  if (future === undefined) {
    future = resolvedFuture<void>(loop, undefined);
    doneVoidByLoop.set(loop, future);
  }
  return future;
}
const doneVoidByLoop = new WeakMap<EventLoop, Future<void>>();

/**
 * `await future` for the library's own code (the scoped forms, Condition): one native
 * promise settled from the future's done callbacks (inline when a waiter is delivered),
 * instead of a thenable `await` (a resolve-thenable job, `Future.then` and its promise).
 * The current task is told (`_onAwait`), so cancelling it cancels `future`, and its
 * `_onResume` hook sees the outcome, as for any await. The continuation runs in the
 * caller's async context (its AsyncLocalStorage stores).
 */
export function awaitFuture<T>(future: Future<T>): Promise<T> {
  // A done future does not suspend (asyncio's Future.__await__): no cancellation there.
  if (future.done()) return settledPromise(future);
  const context = currentContext();
  const refused = context?.awaiter?._onAwait(future);
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what the task chose
  if (refused !== undefined) return Promise.reject(refused);
  const pending = new NativeAwait(future, context);
  nativeAwaitSlot = pending;
  const promise = new Promise<T>(takeNativeResolvers);
  future._addDoneRunnable(pending);
  return promise;
}

/** `await value`, through {@link awaitFuture} when it is a library Future. */
export function awaitValue<T>(value: T | PromiseLike<T>): T | PromiseLike<T> {
  return isFuture(value) ? awaitFuture(value as Future<T>) : value;
}

function settledPromise<T>(future: Future<T>): Promise<T> {
  const fulfilled = fulfilledOutcome(future);
  const value = outcomeOf(future, fulfilled);
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what the future holds
  return fulfilled ? Promise.resolve(value as T) : Promise.reject(value);
}

/** The done callback of {@link awaitFuture}: settles its promise (a loop `Runnable`). */
class NativeAwait implements Runnable {
  resolve: ((value: unknown) => void) | undefined;
  reject: ((reason: unknown) => void) | undefined;
  /** The awaiting task's step, which settling the promise resumes (see the loop's steps). */
  readonly _resumes: LoopContext | undefined;
  constructor(
    readonly future: Future<unknown>,
    context: LoopContext | undefined,
  ) {
    this._resumes = context?.awaiter === undefined ? undefined : context;
  }

  get awaiter(): Awaiter | undefined {
    return this._resumes?.awaiter;
  }

  _run(): void {
    const future = this.future;
    const fulfilled = fulfilledOutcome(future);
    const value = outcomeOf(future, fulfilled);
    const instead = this.awaiter?._onResume?.(fulfilled, value);
    if (instead !== undefined) this.reject!(instead);
    else if (fulfilled) this.resolve!(value);
    else this.reject!(value);
  }

  toString(): string {
    return "<Handle awaitFuture()>";
  }
}
markRunnable(NativeAwait);

// The Promise executor runs synchronously inside `new Promise`: a module slot hands it
// the NativeAwait (no closure per await).
let nativeAwaitSlot: NativeAwait | undefined;
function takeNativeResolvers(
  resolve: (value: never) => void,
  reject: (reason: unknown) => void,
): void {
  const pending = nativeAwaitSlot!;
  nativeAwaitSlot = undefined;
  pending.resolve = resolve as (value: unknown) => void;
  pending.reject = reject;
}
