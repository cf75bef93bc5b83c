/**
 * The loop's contract (asyncio's `events.py`): the interfaces every other file of the loop,
 * and `@aiots/tasks`, type against. A leaf module: it imports no class of this package, so
 * `Future`, the handles, the context and the internals never need the 800-line loop class
 * to say what they call on it. `EventLoop` implements {@link AbstractEventLoop}.
 */
import type { TransferListItem } from "node:worker_threads";

/**
 * A monotonic clock in milliseconds, the source of `loop.time()`. The `_`-prefixed members
 * are the clock's say in how the loop waits (trio's `Clock.deadline_to_sleep_time` and
 * `MockClock._autojump`); a clock without them is read as a real one.
 *
 * @example
 * ```ts
 * const frozen: Clock = { now: () => 0 };
 * ```
 */
export interface Clock {
  /** Monotonic time in ms. */
  now(): number;
  /**
   * @internal Real ms the loop, with nothing ready, sleeps before it looks at the timer due
   * at `deadline` (loop time) again; `0` or less: on the next macrotask, after the pending
   * promise reactions and I/O. `work` counts what the loop has done (batches run, timers
   * scheduled): a change means the loop was not idle since the last call. Default:
   * `deadline - now()`.
   */
  _sleepTime?(deadline: number, work: number): number;
  /**
   * @internal Called when the loop woke up with nothing ready, `deadline` the earliest
   * timer and `work` its work count: a virtual clock jumps to it if its idleness rules
   * allow (trio's autojump).
   */
  _autojump?(deadline: number, work: number): void;
  /**
   * Marks real work in flight that the loop cannot see (a worker-thread job) until the
   * returned function is called: a virtual clock then never runs ahead of real time (see
   * `VirtualClock.paceWithRealTime`); other clocks need not have it.
   */
  paceWithRealTime?(): () => void;
  /** @internal A running loop listens so that time moved by hand (`advance()`) wakes it. */
  _onAdvance?(listener: () => void): () => void;
}

/**
 * What the loop's ready queue holds: a `Handle`, or a library object that runs itself (a
 * task's step, a Future's pending `then()`, a `sleep(0)`), so that the hot paths allocate
 * no Handle and no argument array. Mark a class with {@link markRunnable}.
 *
 * @example
 * ```ts
 * class Wake implements Runnable {
 *   declare readonly _resumes: LoopContext | undefined;
 *   constructor(readonly future: Future<void>) {}
 *   _run(): void {
 *     if (!this.future.done()) this.future.setResult();
 *   }
 * }
 * markRunnable(Wake);
 * loop._callSoonRunnable(new Wake(fut));
 * ```
 */
export interface Runnable {
  /** Runs it; must not throw (report errors to the loop's exception handler). */
  _run(): void;
  /**
   * The step that running it starts or resumes: the context of the task whose code runs
   * next (a task's first step, the `then()` of an awaiting task), or `undefined` for a
   * plain callback. The loop starts no other step until that one suspends or ends (see
   * {@link AbstractEventLoop._stepSuspended}).
   */
  readonly _resumes: LoopContext | undefined;
  toString(): string;
}

/**
 * The members of a `Handle` the contract mentions.
 *
 * @example
 * ```ts
 * const handle: HandleLike = loop.callSoon(() => {});
 * handle.cancel();
 * ```
 */
export interface HandleLike {
  cancel(): void;
  cancelled(): boolean;
  toString(): string;
}

/**
 * The members of a `Future` the contract mentions (`Awaiter._onAwait`, `ExceptionContext`).
 *
 * @example
 * ```ts
 * const awaited: FutureLike = loop.createFuture();
 * awaited.done(); // false
 * ```
 */
export interface FutureLike {
  done(): boolean;
  cancelled(): boolean;
  cancel(msg?: string): boolean;
  toString(): string;
}

/**
 * Something that awaits futures on a loop, in practice a Task of `@aiots/tasks`.
 *
 * @example
 * ```ts
 * const awaiter: Awaiter = {
 *   _onAwait: (future) => undefined, // no pending cancellation: let the await proceed
 *   toString: () => "<Task name='worker-1'>",
 * };
 * runInContext({ loop, awaiter }, () => fut.then(console.log));
 * ```
 */
export interface Awaiter {
  /**
   * Called by `Future.then()` when a future is awaited while this awaiter is current.
   * Returns an error to reject that await with at once (a pending cancellation), else
   * `undefined`.
   */
  _onAwait(future: FutureLike): unknown;
  /**
   * Called when an awaited future's outcome (`value`, a result if `fulfilled`, else the
   * error) is about to be handed to this awaiter: returns an error to raise instead (a
   * cancellation requested after the future completed but before the awaiter resumed,
   * which asyncio raises at that very await instead of the outcome), else `undefined`.
   * Optional.
   */
  _onResume?(fulfilled: boolean, value: unknown): unknown;
  /** For debug reports, e.g. `"<Task name='worker-1' ...>"`. */
  toString(): string;
}

/**
 * What `currentContext()` returns: the loop whose work is running, and the awaiter (task)
 * whose step it is, if any.
 *
 * @example
 * ```ts
 * const context: LoopContext = { loop, awaiter: undefined };
 * runInContext(context, () => getRunningLoop() === loop); // true
 * ```
 */
export interface LoopContext {
  readonly loop: AbstractEventLoop;
  readonly awaiter: Awaiter | undefined;
}

/**
 * Where the loop writes its reports (slow callbacks, unhandled exceptions).
 *
 * @example
 * ```ts
 * const logger: Logger = { warn: (m) => log.push(m), error: (m, e) => log.push(m) };
 * ```
 */
export interface Logger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/**
 * Options of `EventLoop`.
 *
 * @example
 * ```ts
 * new EventLoop({ clock: new VirtualClock(), debug: true, slowCallbackDuration: 50 });
 * ```
 */
export interface EventLoopOptions {
  /** Default: a `RealClock`. */
  clock?: Clock;
  /** Debug mode; default: on when the environment variable `AIOTS_DEBUG` is set (not "0"). */
  debug?: boolean;
  /** Real ms a callback or task step may hold the loop before debug mode reports it. Default 100. */
  slowCallbackDuration?: number;
  /** Default: `console`. */
  logger?: Logger;
  /**
   * @internal For schedule explorers (`@aiots/tasks/testing`), not applications: called when a batch of
   * the ready queue begins, with the queue's array and the batch's bounds, to reorder
   * `items[start..end)` in place. Unset (the default), nothing is called.
   */
  _orderBatch?: (items: (Runnable | undefined)[], start: number, end: number) => void;
}

/**
 * What `callExceptionHandler` receives (asyncio's context dict).
 *
 * @example
 * ```ts
 * loop.callExceptionHandler({ message: "Lost connection", exception: error, peer: "10.0.0.1" });
 * ```
 */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  future?: FutureLike;
  task?: unknown;
  handle?: HandleLike;
  [key: string]: unknown;
}

/**
 * A custom exception handler, set with `loop.setExceptionHandler`.
 *
 * @example
 * ```ts
 * const handler: ExceptionHandler = (loop, context) => report(context.message, context.exception);
 * ```
 */
export type ExceptionHandler = (loop: AbstractEventLoop, context: ExceptionContext) => void;

/**
 * A job for `loop.runInExecutor`: the module and the name of its export to call.
 *
 * @example
 * ```ts
 * const job: ExecutorCall = { module: new URL("./work.mjs", import.meta.url), name: "crunch" };
 * ```
 */
export interface ExecutorCall {
  /** A `file:` URL, an absolute path, or a specifier the worker can import. */
  module: string | URL;
  /** The export to call; default `"default"`. */
  name?: string;
  /** Arguments to transfer rather than copy. */
  transferList?: readonly TransferListItem[];
}

/**
 * The event loop as the rest of the engine sees it (asyncio's `AbstractEventLoop`): the
 * public methods the loop's own files and `@aiots/tasks` call, plus the internal
 * scheduling protocol between the loop, `Future`, the handles and the tasks.
 * `EventLoop` is the implementation.
 *
 * @example
 * ```ts
 * function later(loop: AbstractEventLoop, ms: number, cb: () => void): HandleLike {
 *   return loop.callLater(ms, cb);
 * }
 * ```
 */
export interface AbstractEventLoop {
  /** Where reports go (debug warnings, the default exception handler). */
  readonly logger: Logger;
  /** The clock the loop reads its time from. */
  readonly clock: Clock;
  /** The loop's time in ms. */
  time(): number;
  /** Schedules `callback(...args)` on the next iteration. */
  callSoon<A extends unknown[]>(callback: (...args: A) => unknown, ...args: A): HandleLike;
  /** Schedules `callback(...args)` `delayMs` ms from now. */
  callLater<A extends unknown[]>(
    delayMs: number,
    callback: (...args: A) => unknown,
    ...args: A
  ): HandleLike & { when(): number };
  /** Whether the loop is running. */
  isRunning(): boolean;
  /** Whether `close()` was called. */
  isClosed(): boolean;
  /** Whether debug mode is on. */
  getDebug(): boolean;
  /** Real ms a callback or task step may hold the loop before debug mode reports it. */
  readonly slowCallbackDuration: number;
  /** Reports `context` to the exception handler; never throws. */
  callExceptionHandler(context: ExceptionContext): void;
  /** asyncio's default exception handler. */
  defaultExceptionHandler(context: ExceptionContext): void;
  /** @internal `callSoon(callback, arg)` without validation or argument array. */
  _callSoonWithArg<A>(callback: (arg: A) => unknown, arg: A): HandleLike;
  /** @internal Queues an object that runs itself. */
  _callSoonRunnable(runnable: Runnable): void;
  /** @internal `callLater(delayMs, callback, arg)` without an argument array. */
  _callLaterWithArg<A>(
    delayMs: number,
    callback: (arg: A) => unknown,
    arg: A,
  ): HandleLike & { when(): number };
  /**
   * @internal The step of `context` (see {@link Runnable._resumes}) really suspended (it
   * awaits a pending Future) or ended: the loop may start the next step. `ended`: the
   * step's code is over and the caller is the last thing its microtask runs (a task's
   * end), so a paused batch goes on at once instead of in a microtask of its own.
   */
  _stepSuspended(context: LoopContext, ended?: boolean): void;
  /**
   * @internal Called by a plain callback that resumed the step of `context` (a done
   * callback that settled a promise a task awaits): the loop treats it as a step, as it
   * does a Runnable whose `_resumes` is set.
   */
  _resumeStep(context: LoopContext): void;
  /** @internal Called by a scheduled timer's `cancel()` (asyncio's `_timer_handle_cancelled`). */
  _timerHandleCancelled(timer: HandleLike): void;
}

/**
 * Marks `cls` as a {@link Runnable} that resumes no step: `_resumes` is `undefined` on its
 * prototype (a class whose instances start a step sets the field on each instance). The
 * class implements `_run()`.
 *
 * @example
 * ```ts
 * class Wake implements Runnable {
 *   declare readonly _resumes: LoopContext | undefined;
 *   _run(): void {}
 * }
 * markRunnable(Wake);
 * ```
 */
export function markRunnable(cls: abstract new (...args: never[]) => Runnable): void {
  Object.defineProperty(cls.prototype, "_resumes", { value: undefined, writable: true });
}
