/**
 * asyncio's Future (Lib/asyncio/futures.py) as a thenable: `await future` works.
 */
import { currentContext, runningLoop } from "./context.js";
import { CancelledError, InvalidStateError, makeCancelledError } from "./errors.js";
import { shortRepr } from "./internal/format.js";
import { Reaction } from "./internal/reaction.js";
import { retrieved, watchUnretrieved } from "./internal/unretrieved.js";
import { assertFunction } from "./internal/validate.js";
import type { AbstractEventLoop, Runnable } from "./types.js";

const PENDING = 0;
const FINISHED = 1;
const FAILED = 2;
const CANCELLED = 3;
type State = typeof PENDING | typeof FINISHED | typeof FAILED | typeof CANCELLED;

/** @internal The brand `isFuture` reads (shared by the ESM and CJS builds). */
export const futureBrand = Symbol.for("@aiots/loop:Future");

type DoneCallback<T> = (future: Future<T>) => void;

// The future whose callbacks run now rather than through the ready queue (see
// `Future._setResultNow`): one module slot instead of a field on every future.
let settlingNow: Future<unknown> | undefined;
type CallbackEntry = ((future: never) => void) | Runnable;

/**
 * Options of the {@link Future} constructor.
 *
 * @example
 * ```ts
 * const fut = new Future<number>({ loop });
 * ```
 */
export interface FutureOptions {
  /** The loop whose `callSoon` runs the done callbacks; default `getRunningLoop()`. */
  loop?: AbstractEventLoop;
}

/**
 * What {@link Future.then} returns: a thenable with `then`, `catch` and `finally`, each of
 * which returns a native `Promise`. On a done future, or when the awaiting task refuses
 * the await (a pending cancellation), it is a native `Promise`; on a pending one, a lazy
 * object whose promise is made only when something chains on it, so that `await future`
 * (which ignores what `then()` returns) costs no promise of its own. It is not
 * `instanceof Promise`: to hold a real one, `Promise.resolve(future.then(f))` or
 * `future.then(f).then()`. Settles as a promise would (the handler's return value, a thenable
 * adopted; its exception as the rejection); an outcome that rejects with nothing chained
 * is reported by Node as an unhandled rejection, as a promise's would be.
 *
 * @example
 * ```ts
 * const doubled: FutureThen<number> = fut.then((value) => value * 2);
 * doubled.catch((error) => console.error(error)); // a Promise
 * console.log(await doubled);
 * ```
 */
export interface FutureThen<T> extends PromiseLike<T> {
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2>;
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R>;
  finally(onfinally?: (() => void) | null): Promise<T>;
}

/**
 * A result that will be set later, with asyncio's state machine: pending, then finished
 * (a result or an exception) or cancelled. Done callbacks run through the loop's ready
 * queue, never synchronously inside `setResult`; `await future` resumes in the loop
 * iteration after the future settles.
 *
 * @example
 * ```ts
 * const fut = loop.createFuture<number>();
 * loop.callLater(100, () => fut.setResult(42));
 * console.log(await loop.runUntilComplete(fut)); // 42
 * ```
 */
export class Future<T = unknown> implements PromiseLike<T> {
  #state: State = PENDING;
  // One slot for what the state says: the result (finished), the exception (failed), or
  // (cancelled) the cancel message, replaced by the CancelledError once one is made. A
  // smaller object for every future and task.
  #value: unknown;
  // Typed loosely so that Future<T> stays assignable to Future<unknown>.
  // One entry without an array (the usual case: one awaiter or one done callback), an
  // array from the second on.
  #callbacks: CallbackEntry | CallbackEntry[] | undefined;
  #logTraceback = false;
  readonly #loop: AbstractEventLoop;

  constructor(options?: FutureOptions) {
    this.#loop = options?.loop ?? runningLoop();
  }

  /**
   * The loop this future is bound to.
   *
   * @example
   * ```ts
   * loop.createFuture().getLoop() === loop; // true
   * ```
   */
  getLoop(): AbstractEventLoop {
    return this.#loop;
  }

  /**
   * Whether the future has a result, an exception, or was cancelled.
   *
   * @example
   * ```ts
   * fut.done(); // false until setResult/setException/cancel
   * ```
   */
  done(): boolean {
    return this.#state !== PENDING;
  }

  /**
   * Whether the future was cancelled.
   *
   * @example
   * ```ts
   * fut.cancel();
   * fut.cancelled(); // true
   * ```
   */
  cancelled(): boolean {
    return this.#state === CANCELLED;
  }

  /**
   * The result. Throws `InvalidStateError` while pending, `CancelledError` if cancelled,
   * and the exception if one was set (which counts as retrieving it).
   *
   * @example
   * ```ts
   * fut.setResult(1);
   * fut.result(); // 1
   * ```
   */
  result(): T {
    switch (this.#state) {
      case FINISHED:
        return this.#value as T;
      case FAILED:
        this._logTraceback = false;
        throw this.#value;
      case CANCELLED:
        throw this._makeCancelledError();
      default:
        throw new InvalidStateError("Result is not ready.");
    }
  }

  /**
   * The exception set with `setException`, or `undefined` if the future has a result.
   * Throws `InvalidStateError` while pending and `CancelledError` if cancelled.
   *
   * @example
   * ```ts
   * fut.setException(new Error("boom"));
   * fut.exception(); // Error: boom
   * ```
   */
  exception(): unknown {
    switch (this.#state) {
      case FINISHED:
        return undefined;
      case FAILED:
        this._logTraceback = false;
        return this.#value;
      case CANCELLED:
        throw this._makeCancelledError();
      default:
        throw new InvalidStateError("Exception is not set.");
    }
  }

  /**
   * Cancels the future and schedules its callbacks; returns `false` if it was already
   * done. `msg` becomes the message of the `CancelledError` its awaiters receive.
   *
   * @example
   * ```ts
   * fut.cancel("no longer needed"); // true
   * await fut; // throws CancelledError: no longer needed
   * ```
   */
  cancel(msg?: string): boolean {
    if (this.#state !== PENDING) return false;
    this.#logTraceback = false;
    this.#state = CANCELLED;
    // Kept a string (the slot tells a message from the CancelledError by its type).
    this.#value = msg === undefined || typeof msg === "string" ? msg : String(msg);
    this.#scheduleCallbacks();
    return true;
  }

  /**
   * Marks the future done with `value` and schedules its callbacks. Throws
   * `InvalidStateError` if it is already done.
   *
   * @example
   * ```ts
   * fut.setResult("ok");
   * ```
   */
  setResult(value: T): void {
    if (this.#state !== PENDING) throw new InvalidStateError(`invalid state: ${this.toString()}`);
    this.#value = value;
    this.#state = FINISHED;
    this.#scheduleCallbacks();
  }

  /**
   * Marks the future done with `error` and schedules its callbacks. Throws
   * `InvalidStateError` if it is already done. An exception nobody retrieves (by awaiting,
   * `result()` or `exception()`) is reported to the loop's exception handler once the
   * future is garbage-collected ("Future exception was never retrieved").
   *
   * @example
   * ```ts
   * fut.setException(new Error("boom"));
   * ```
   */
  setException(error: unknown): void {
    if (this.#state !== PENDING) throw new InvalidStateError(`invalid state: ${this.toString()}`);
    this.#value = error;
    this.#state = FAILED;
    this.#logTraceback = true;
    watchUnretrieved(
      this,
      this.#loop,
      `${this.constructor.name} exception was never retrieved`,
      error,
      this.toString(),
    );
    // Scheduled last: a pending `then()` counts as retrieving the exception.
    this.#scheduleCallbacks();
  }

  /**
   * @internal `setResult`, but the done callbacks (awaiters included) run now, in this
   * loop step, instead of through the ready queue. For a library waiter (tasks' lock and
   * queue waits) whose wake-up is delivered in its own step: what it takes and the
   * awaiter it hands it to cannot be split by a cancellation in between.
   */
  _setResultNow(value: T): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a hand-over slot, see #scheduleCallbacks
    settlingNow = this;
    try {
      this.setResult(value);
    } finally {
      settlingNow = undefined;
    }
  }

  /** @internal `setException`, with the callbacks run now (see `_setResultNow`). */
  _setExceptionNow(error: unknown): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a hand-over slot, see #scheduleCallbacks
    settlingNow = this;
    try {
      this.setException(error);
    } finally {
      settlingNow = undefined;
    }
  }

  /**
   * Adds a callback run with the future once it is done, through `loop.callSoon` (never
   * synchronously; if the future is already done it is scheduled at once).
   *
   * @example
   * ```ts
   * fut.addDoneCallback((f) => console.log("done:", f.result()));
   * ```
   */
  addDoneCallback(callback: DoneCallback<T>): void {
    assertFunction("callback", callback);
    if (this.#state !== PENDING) {
      this.#loop._callSoonWithArg(callback, this);
    } else {
      this.#addEntry(callback);
    }
  }

  /**
   * @internal `addDoneCallback` for an object that runs itself (a Task waiting on the
   * Future its function returned): queued on the loop once the future is done, with no
   * Handle and no closure. It knows which future it waits for.
   */
  _addDoneRunnable(runnable: Runnable): void {
    if (this.#state !== PENDING) this.#loop._callSoonRunnable(runnable);
    else this.#addEntry(runnable);
  }

  /**
   * Removes every registration of `callback`; returns how many were removed.
   *
   * @example
   * ```ts
   * fut.addDoneCallback(cb);
   * fut.removeDoneCallback(cb); // 1
   * ```
   */
  removeDoneCallback(callback: DoneCallback<T>): number {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return 0;
    if (!Array.isArray(callbacks)) {
      if (callbacks !== callback) return 0;
      this.#callbacks = undefined;
      return 1;
    }
    const kept = callbacks.filter((entry) => entry !== callback);
    const removed = callbacks.length - kept.length;
    if (removed > 0) this.#callbacks = kept;
    return removed;
  }

  #addEntry(entry: CallbackEntry): void {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) this.#callbacks = entry;
    else if (Array.isArray(callbacks)) callbacks.push(entry);
    else this.#callbacks = [callbacks, entry];
  }

  /**
   * Makes the future awaitable. The current awaiter (task), if any, is told through
   * `_onAwait` and may reject the await at once with a pending cancellation. Settles one
   * loop iteration after the future, or at once if it is already done: awaiting a done
   * future does not suspend the task (asyncio's `Future.__await__`). Awaiting a pending
   * one is a real suspension: the loop may start another task's step.
   *
   * Returns a {@link FutureThen}, not necessarily a native `Promise`: on a pending future
   * the promise is made only if something chains on the result (`then`, `catch`,
   * `finally`, `await`), since `await future` never does (see the package README, "What
   * `then()` returns"). `catch()` and `finally()` return native promises.
   *
   * @example
   * ```ts
   * fut.then((value) => console.log(value));
   * const value = await fut;
   * ```
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): FutureThen<R1 | R2> {
    const context = currentContext();
    const awaiter = context?.awaiter;
    if (awaiter !== undefined) {
      const error = awaiter._onAwait(this);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the awaiter chooses the error
      if (error !== undefined) return Promise.reject(error).then(onfulfilled, onrejected);
    }
    let promise: Promise<T>;
    switch (this.#state) {
      case FINISHED:
        promise = Promise.resolve(this.#value as T);
        break;
      case FAILED:
        this._logTraceback = false;
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- whatever setException was given
        promise = Promise.reject(this.#value);
        break;
      case CANCELLED:
        promise = Promise.reject(this._makeCancelledError());
        break;
      default: {
        const reaction = new Reaction(onfulfilled, onrejected, context);
        this.#addEntry(reaction);
        if (context !== undefined) context.loop._stepSuspended(context);
        return reaction as FutureThen<R1 | R2>;
      }
    }
    return onfulfilled == null && onrejected == null
      ? (promise as Promise<R1 | R2>)
      : promise.then(onfulfilled, onrejected);
  }

  /**
   * `then(undefined, onrejected)`.
   *
   * @example
   * ```ts
   * fut.catch((error) => console.error(error));
   * ```
   */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return nativePromise(this.then(undefined, onrejected));
  }

  /**
   * Runs `onfinally` once the future settles, like `Promise.prototype.finally`.
   *
   * @example
   * ```ts
   * fut.finally(() => console.log("settled"));
   * ```
   */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return nativePromise(this.then()).finally(onfinally);
  }

  /**
   * asyncio's `_log_traceback`: true while a set exception has not been retrieved.
   * Awaiting the future, `result()` and `exception()` retrieve it; subclasses (Task) and
   * helpers that hand the exception on set it to `false` themselves.
   *
   * @internal
   */
  get _logTraceback(): boolean {
    return this.#logTraceback;
  }

  /** @internal */
  set _logTraceback(value: boolean) {
    if (value)
      throw new TypeError("Expected `_logTraceback` to be set to false only, got `true` (boolean)");
    if (this.#logTraceback) {
      this.#logTraceback = false;
      retrieved(this);
    }
  }

  /**
   * The message given to `cancel()`, if any.
   *
   * @internal
   */
  get _cancelMessage(): string | undefined {
    if (this.#state !== CANCELLED) return undefined;
    const value = this.#value;
    // A message is a string (or undefined); an object there is the CancelledError.
    return typeof value === "object"
      ? (value as CancelledError).message
      : (value as string | undefined);
  }

  /**
   * The `CancelledError` this cancelled future throws (asyncio's `_make_cancelled_error`).
   *
   * @internal
   */
  _makeCancelledError(): CancelledError {
    // Without a stack trace (see makeCancelledError) unless the loop is in debug mode.
    if (this.#state !== CANCELLED) return makeCancelledError("", this.#loop.getDebug());
    const value = this.#value;
    if (typeof value === "object") return value as CancelledError;
    const error = makeCancelledError((value as string | undefined) ?? "", this.#loop.getDebug());
    this.#value = error;
    return error;
  }

  /**
   * asyncio's repr: `<Future pending>`, `<Future finished result=42>`,
   * `<Future finished exception=Error: boom>`, `<Future cancelled>`.
   *
   * @example
   * ```ts
   * String(loop.createFuture()); // "<Future pending>"
   * ```
   */
  toString(): string {
    return `<${this.constructor.name} ${this._reprInfo().join(" ")}>`;
  }

  /** @internal The parts of the repr, for subclasses to extend (asyncio's `_repr_info`). */
  _reprInfo(): string[] {
    switch (this.#state) {
      case FINISHED:
        return ["finished", `result=${shortRepr(this.#value)}`];
      case FAILED:
        return ["finished", `exception=${shortRepr(this.#value)}`];
      case CANCELLED:
        return ["cancelled"];
      default:
        return ["pending"];
    }
  }

  #scheduleCallbacks(): void {
    const callbacks = this.#callbacks;
    if (callbacks === undefined) return;
    this.#callbacks = undefined;
    const now = settlingNow === this;
    settlingNow = undefined;
    if (Array.isArray(callbacks)) for (const entry of callbacks) this.#schedule(entry, now);
    else this.#schedule(callbacks, now);
  }

  #schedule(entry: CallbackEntry, now: boolean): void {
    if (typeof entry === "function") {
      if (now) this.#runCallback(entry as (future: this) => void);
      else this.#loop._callSoonWithArg(entry as (future: this) => void, this);
      return;
    }
    if (!(entry instanceof Reaction)) {
      if (now) this.#runNow(entry);
      else this.#loop._callSoonRunnable(entry);
      return;
    }
    if (this.#state === FINISHED) {
      entry.fulfilled = true;
      entry.value = this.#value;
    } else {
      if (this.#state === FAILED) this._logTraceback = false;
      entry.value = this.#state === FAILED ? this.#value : this._makeCancelledError();
    }
    if (now) this.#runNow(entry);
    else this.#loop._callSoonRunnable(entry);
  }

  /** A Runnable run now (see `_setResultNow`): a step it resumes is the loop's current one. */
  #runNow(entry: Runnable): void {
    const resumes = entry._resumes;
    if (resumes !== undefined) this.#loop._resumeStep(resumes);
    entry._run();
  }

  /** A done callback run now (see `_setResultNow`): an error goes to the loop's handler. */
  #runCallback(callback: (future: this) => void): void {
    try {
      callback(this);
    } catch (error) {
      this.#loop.callExceptionHandler({
        message: `Exception in callback ${callback.name || "anonymous"}(${this.toString()})`,
        exception: error,
        future: this,
      });
    }
  }
}
/** The native promise behind what `then()` returned (made now if it was not yet). */
function nativePromise<T>(chained: FutureThen<T>): Promise<T> {
  return chained instanceof Reaction ? (chained.promise() as Promise<T>) : (chained as Promise<T>);
}

Object.defineProperty(Future.prototype, futureBrand, { value: true });
// `instanceof Future` recognises the futures of both builds (ESM and CJS) by the brand;
// subclasses keep the prototype chain.
Object.defineProperty(Future, Symbol.hasInstance, {
  value(this: unknown, instance: unknown): boolean {
    return this === Future
      ? isFuture(instance)
      : Function.prototype[Symbol.hasInstance].call(this, instance);
  },
});

/**
 * Whether `value` is a {@link Future} (from any copy of this package, ESM or CJS).
 *
 * @example
 * ```ts
 * isFuture(loop.createFuture()); // true
 * isFuture(Promise.resolve()); // false
 * ```
 */
export function isFuture(value: unknown): value is Future<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[futureBrand] === true
  );
}
