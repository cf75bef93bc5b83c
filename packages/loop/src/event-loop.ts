/**
 * The event loop (asyncio's `BaseEventLoop`, Lib/asyncio/base_events.py): the public API.
 * The ready queue run one snapshot per macrotask (asyncio's `_run_once`), the timers and the
 * one host timer armed for the earliest deadline are internal/scheduler.ts's.
 */
import { RealClock } from "./clocks.js";
import { creationSourceOf, recordCreationSource } from "./creation-sources.js";
import { currentContext, runningLoop, runningLoopOrUndefined } from "./context.js";
import { RuntimeError } from "./errors.js";
import type { Executor } from "./executor.js";
import { Future } from "./future.js";
import { Handle, ONE_ARG, TimerHandle } from "./handles.js";
import { debugFromEnvironment, timedRunner } from "./internal/debug.js";
import { DefaultExecutor, submitJob } from "./internal/default-executor.js";
import { callExceptionHandler, formatExceptionContext } from "./internal/exception-handling.js";
import { runUntilComplete } from "./internal/run-until-complete.js";
import { Scheduler } from "./internal/scheduler.js";
import { assertSignal, SignalHandlers } from "./internal/signal-handlers.js";
import {
  assertDelay,
  assertFiniteNumber,
  assertFunction,
  describeValue,
} from "./internal/validate.js";
import type {
  AbstractEventLoop,
  Clock,
  EventLoopOptions,
  ExceptionContext,
  ExceptionHandler,
  ExecutorCall,
  Logger,
  LoopContext,
  Runnable,
} from "./types.js";

type Callback<A extends unknown[]> = (...args: A) => unknown;

const consoleLogger: Logger = {
  warn: (message) => console.warn(message),
  error: (message, error) =>
    error === undefined ? console.error(message) : console.error(message, error),
};

/**
 * An asyncio-style event loop. Callbacks run in FIFO order, one snapshot of the ready
 * queue per Node macrotask, so promise continuations between batches cannot starve timers
 * or I/O; timers run by deadline, then in the order they were scheduled.
 *
 * @example
 * ```ts
 * const loop = new EventLoop();
 * const fut = loop.createFuture<string>();
 * loop.callSoon(() => console.log("first"));
 * loop.callLater(100, () => fut.setResult("done"));
 * console.log(await loop.runUntilComplete(fut)); // "first", then "done"
 * loop.close();
 * ```
 */
export class EventLoop implements AbstractEventLoop {
  /** Where reports go (debug warnings, the default exception handler). */
  readonly logger: Logger;
  readonly #clock: Clock;
  #debug: boolean;
  #slowCallbackDuration = 100;

  readonly #scheduler: Scheduler;
  #timerSeq = 0;
  #closed = false;

  #exceptionHandler: ExceptionHandler | undefined;
  readonly #defaultExecutor = new DefaultExecutor();
  readonly #signalHandlers = new SignalHandlers();

  constructor(options: EventLoopOptions = {}) {
    this.#clock = options.clock ?? new RealClock();
    if (typeof this.#clock.now !== "function") {
      throw new TypeError(
        `Expected \`clock\` to have a now() method, got ${describeValue(options.clock)}`,
      );
    }
    this.logger = options.logger ?? consoleLogger;
    this.#debug = options.debug ?? debugFromEnvironment();
    if (options.slowCallbackDuration !== undefined)
      this.slowCallbackDuration = options.slowCallbackDuration;
    const orderBatch = options._orderBatch;
    if (orderBatch !== undefined && typeof orderBatch !== "function") {
      throw new TypeError(
        `Expected \`_orderBatch\` to be a function, got ${describeValue(orderBatch)}`,
      );
    }
    const context: LoopContext = Object.freeze({ loop: this, awaiter: undefined });
    this.#scheduler = new Scheduler(this.#clock, context, orderBatch);
    if (this.#debug) this.#scheduler.setTimed(this.#runTimed);
  }

  /**
   * The loop's time in ms, from its clock (monotonic; virtual time on a VirtualClock).
   *
   * @example
   * ```ts
   * const start = loop.time();
   * ```
   */
  time(): number {
    return this.#clock.now();
  }

  /**
   * The clock the loop reads its time from.
   *
   * @example
   * ```ts
   * loop.clock instanceof VirtualClock;
   * ```
   */
  get clock(): Clock {
    return this.#clock;
  }

  /**
   * Schedules `callback(...args)` to run on the next iteration, after the callbacks
   * already queued (FIFO). Throws `RuntimeError` if the loop is closed.
   *
   * @example
   * ```ts
   * loop.callSoon((name) => console.log(`hello ${name}`), "world");
   * ```
   */
  callSoon<A extends unknown[]>(callback: Callback<A>, ...args: A): Handle {
    assertFunction("callback", callback);
    this.#checkClosed();
    const handle = new Handle(callback, args.length === 0 ? undefined : args, this);
    if (this.#debug) recordCreationSource(handle);
    this.#scheduler.enqueue(handle);
    return handle;
  }

  /**
   * @internal `callSoon(callback, arg)` for the library's hot paths: no argument array and
   * no validation (the callers pass their own functions).
   */
  _callSoonWithArg<A>(callback: (arg: A) => unknown, arg: A): Handle {
    this.#checkClosed();
    const handle = new Handle(callback, ONE_ARG, this, arg);
    if (this.#debug) recordCreationSource(handle);
    this.#scheduler.enqueue(handle);
    return handle;
  }

  /**
   * @internal Queues an object that runs itself (a task's first step, a Future's pending
   * `then()`): no Handle is allocated. It cannot be cancelled through the loop.
   */
  _callSoonRunnable(runnable: Runnable): void {
    this.#checkClosed();
    this.#scheduler.enqueue(runnable);
  }

  /**
   * Schedules `callback(...args)` to run `delayMs` ms from now. Timers with equal
   * deadlines run in the order they were scheduled.
   *
   * @example
   * ```ts
   * const timer = loop.callLater(1000, () => console.log("one second later"));
   * ```
   */
  callLater<A extends unknown[]>(delayMs: number, callback: Callback<A>, ...args: A): TimerHandle {
    assertDelay("delay", delayMs);
    return this.#schedule(this.#clock.now() + delayMs, delayMs, callback, args);
  }

  /**
   * Schedules `callback(...args)` to run at loop time `whenMs` (a time in the past runs
   * on the next iteration).
   *
   * @example
   * ```ts
   * loop.callAt(loop.time() + 500, () => console.log("half a second later"));
   * ```
   */
  callAt<A extends unknown[]>(whenMs: number, callback: Callback<A>, ...args: A): TimerHandle {
    assertFiniteNumber("when", whenMs);
    return this.#schedule(whenMs, undefined, callback, args);
  }

  /**
   * @internal `callLater(delayMs, callback, arg)` for the library's hot paths (sleep): no
   * argument array and no validation of the callback (the callers pass their own).
   */
  _callLaterWithArg<A>(delayMs: number, callback: (arg: A) => unknown, arg: A): TimerHandle {
    assertDelay("delay", delayMs);
    return this.#schedule(this.#clock.now() + delayMs, delayMs, callback, ONE_ARG, arg);
  }

  /** `delay` (callLater's) picks the timer's FIFO lane in the heap; callAt has none. */
  #schedule(
    when: number,
    delay: number | undefined,
    callback: unknown,
    args: readonly unknown[],
    arg?: unknown,
  ): TimerHandle {
    assertFunction("callback", callback);
    if (this.#closed) throw new RuntimeError("Event loop is closed");
    const timer = new TimerHandle(
      when,
      this.#timerSeq++,
      callback,
      args.length === 0 && args !== ONE_ARG ? undefined : args,
      this,
      arg,
    );
    if (this.#debug) recordCreationSource(timer);
    this.#scheduler.addTimer(timer, delay);
    return timer;
  }

  /**
   * A new pending {@link Future} bound to this loop.
   *
   * @example
   * ```ts
   * const fut = loop.createFuture<number>();
   * ```
   */
  createFuture<T = unknown>(): Future<T> {
    return new Future<T>({ loop: this });
  }

  /**
   * Runs the loop until `awaitable` settles, then stops it and resolves (or rejects) with
   * its outcome. Callbacks still queued stay queued for the next run. `awaitable` may be a
   * Future of this loop, any promise-like, or a function called on the loop (so that its
   * code sees `getRunningLoop()`).
   *
   * Throws `RuntimeError` if the loop is closed or already running, or if another loop is
   * running in the current context.
   *
   * @example
   * ```ts
   * const value = await loop.runUntilComplete(async () => {
   *   const fut = getRunningLoop().createFuture<number>();
   *   getRunningLoop().callLater(10, () => fut.setResult(1));
   *   return fut;
   * });
   * ```
   */
  runUntilComplete<T>(awaitable: PromiseLike<T> | (() => T | PromiseLike<T>)): Promise<T> {
    this.#checkClosed();
    if (this.#scheduler.running) throw new RuntimeError("This event loop is already running");
    const outer = currentContext()?.loop;
    if (outer !== undefined && outer.isRunning()) {
      throw new RuntimeError("Cannot run the event loop while another loop is running");
    }
    const scheduler = this.#scheduler;
    return runUntilComplete(
      this,
      awaitable,
      () => scheduler.start(),
      () => scheduler.stop(),
    );
  }

  /**
   * Whether the loop is running (inside `runUntilComplete`).
   *
   * @example
   * ```ts
   * loop.isRunning(); // false outside runUntilComplete
   * ```
   */
  isRunning(): boolean {
    return this.#scheduler.running;
  }

  /**
   * Whether `close()` was called.
   *
   * @example
   * ```ts
   * loop.close();
   * loop.isClosed(); // true
   * ```
   */
  isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Closes the loop: drops queued callbacks and timers, removes signal handlers and shuts
   * the default executor down (without waiting). Throws `RuntimeError` if the loop is
   * running; idempotent otherwise. Every later call into the loop throws `RuntimeError`.
   *
   * @example
   * ```ts
   * await loop.runUntilComplete(main);
   * loop.close();
   * ```
   */
  close(): void {
    if (this.#scheduler.running) throw new RuntimeError("Cannot close a running event loop");
    if (this.#closed) return;
    this.#closed = true;
    this.#scheduler.clear();
    this.#signalHandlers.clear();
    this.#defaultExecutor.shutdownInBackground(this.logger);
  }

  /**
   * Sets the handler for errors nobody else handles (callbacks that threw, futures whose
   * exception was never retrieved, ...); `null` restores the default handler.
   *
   * @example
   * ```ts
   * loop.setExceptionHandler((loop, context) => errors.push(context));
   * ```
   */
  setExceptionHandler(handler: ExceptionHandler | null): void {
    if (handler !== null && typeof handler !== "function") {
      throw new TypeError(
        `Expected \`handler\` to be a function or null, got ${describeValue(handler)}`,
      );
    }
    this.#exceptionHandler = handler ?? undefined;
  }

  /**
   * The custom exception handler, or `null` when the default one is in use.
   *
   * @example
   * ```ts
   * loop.getExceptionHandler(); // null
   * ```
   */
  getExceptionHandler(): ExceptionHandler | null {
    return this.#exceptionHandler ?? null;
  }

  /**
   * Reports `context` to the custom handler, or the default one. Never throws: an error
   * thrown by the custom handler is reported through the default handler.
   *
   * @example
   * ```ts
   * loop.callExceptionHandler({ message: "Unexpected end of stream", exception: error });
   * ```
   */
  callExceptionHandler(context: ExceptionContext): void {
    callExceptionHandler(this, this.#exceptionHandler, context);
  }

  /**
   * asyncio's default handler: logs the message, then one `key: value` line per other
   * context entry, through `logger.error` with the exception.
   *
   * @example
   * ```ts
   * loop.setExceptionHandler((loop, context) => {
   *   if (!isExpected(context.exception)) loop.defaultExceptionHandler(context);
   * });
   * ```
   */
  defaultExceptionHandler(context: ExceptionContext): void {
    // Debug mode: where the handle was created (asyncio's Handle._source_traceback).
    const source =
      context.handle === undefined ? undefined : creationSourceOf(context.handle)?.stack;
    this.logger.error(formatExceptionContext(context, source), context.exception);
  }

  /**
   * Turns debug mode on or off: slow callbacks and task steps are reported.
   *
   * @example
   * ```ts
   * loop.setDebug(true);
   * ```
   */
  setDebug(enabled: boolean): void {
    this.#debug = Boolean(enabled);
    this.#scheduler.setTimed(this.#debug ? this.#runTimed : undefined);
  }

  /**
   * Whether debug mode is on.
   *
   * @example
   * ```ts
   * new EventLoop({ debug: true }).getDebug(); // true
   * ```
   */
  getDebug(): boolean {
    return this.#debug;
  }

  /**
   * Real ms a callback or task step may hold the loop before debug mode reports it
   * (default 100).
   *
   * @example
   * ```ts
   * loop.slowCallbackDuration = 50;
   * ```
   */
  get slowCallbackDuration(): number {
    return this.#slowCallbackDuration;
  }

  set slowCallbackDuration(ms: number) {
    assertDelay("slowCallbackDuration", ms);
    this.#slowCallbackDuration = ms;
  }

  /**
   * Runs `job.module`'s export `job.name` (default `"default"`) with `args` on
   * `executor`, or on the loop's default worker pool (created on first use, sized to
   * `os.availableParallelism()`). Cancelling the returned future aborts the job.
   *
   * @example
   * ```ts
   * const sum = await loop.runInExecutor<number>(null, { module: new URL("./sum.mjs", import.meta.url) }, 1, 2);
   * ```
   */
  runInExecutor<R>(executor: Executor | null, job: ExecutorCall, ...args: unknown[]): Future<R> {
    this.#checkClosed();
    return submitJob<R>(this, executor, this.#defaultExecutor, job, args);
  }

  /**
   * Shuts the default worker pool down (asyncio's `shutdown_default_executor`); a later
   * `runInExecutor(null, ...)` makes a new one.
   *
   * @example
   * ```ts
   * await loop.shutdownDefaultExecutor();
   * ```
   */
  async shutdownDefaultExecutor(): Promise<void> {
    await this.#defaultExecutor.shutdown();
  }

  /**
   * Runs `callback(...args)` on the loop (through `callSoon`) each time the process
   * receives `signal`, replacing a previous handler for it. Node's default behaviour for
   * the signal (e.g. exiting on SIGINT) is off until the handler is removed.
   *
   * @example
   * ```ts
   * loop.addSignalHandler("SIGTERM", () => mainTask.cancel());
   * ```
   */
  addSignalHandler<A extends unknown[]>(
    signal: NodeJS.Signals,
    callback: Callback<A>,
    ...args: A
  ): void {
    this.#checkClosed();
    assertSignal(signal);
    assertFunction("callback", callback);
    this.#signalHandlers.set(signal, () => {
      if (!this.#closed) this.callSoon(callback, ...args);
    });
  }

  /**
   * Removes the handler for `signal`, restoring Node's default behaviour if no other
   * listener is left; returns whether there was one.
   *
   * @example
   * ```ts
   * loop.removeSignalHandler("SIGTERM"); // true
   * ```
   */
  removeSignalHandler(signal: NodeJS.Signals): boolean {
    assertSignal(signal);
    return this.#signalHandlers.delete(signal);
  }

  /**
   * asyncio's repr: `<EventLoop running=false closed=false debug=false>`.
   *
   * @example
   * ```ts
   * String(loop);
   * ```
   */
  toString(): string {
    return `<${this.constructor.name} running=${this.#scheduler.running} closed=${this.#closed} debug=${this.#debug}>`;
  }

  /**
   * @internal The step of `context` suspended on a pending Future, or ended: if the batch
   * waits for it, the batch goes on right after the step's current promise reaction (a
   * microtask), so no other task runs in between.
   */
  _stepSuspended(context: LoopContext, ended = false): void {
    this.#scheduler.stepSuspended(context, ended);
  }

  /** @internal See {@link AbstractEventLoop._resumeStep}. */
  _resumeStep(context: LoopContext): void {
    this.#scheduler.resumeStep(context);
  }

  /** @internal Called by `TimerHandle.cancel()` (asyncio's `_timer_handle_cancelled`). */
  _timerHandleCancelled(_timer: TimerHandle): void {
    this.#scheduler.timerCancelled();
  }

  /**
   * @internal Debug reports (`@aiots/tasks`' leftovers): the timers still scheduled, not
   * cancelled, earliest first.
   */
  _pendingTimers(): TimerHandle[] {
    return this.#scheduler.pendingTimers();
  }

  /** @internal For tests and benchmarks: timers in the heap, cancelled ones included. */
  get _scheduledCount(): number {
    return this.#scheduler.timerCount;
  }

  /** @internal For tests: callbacks waiting in the ready queue. */
  get _readyCount(): number {
    return this.#scheduler.readyCount;
  }

  #checkClosed(): void {
    if (this.#closed) throw new RuntimeError("Event loop is closed");
  }

  /** Debug mode: runs a callback and reports it if it held the loop too long. */
  readonly #runTimed: (handle: Runnable) => void = timedRunner(this);
}

/**
 * The loop whose work is running (a callback, a task step or a continuation of one).
 * Throws `RuntimeError("no running event loop: ...")` anywhere else, as asyncio's
 * `get_running_loop()` does.
 *
 * @example
 * ```ts
 * loop.callSoon(() => {
 *   getRunningLoop() === loop; // true
 * });
 * getRunningLoop(); // throws RuntimeError: no running event loop
 * ```
 */
export function getRunningLoop(): EventLoop {
  return runningLoop() as EventLoop;
}

/**
 * Like `getRunningLoop()`, but returns `undefined` instead of throwing.
 *
 * @example
 * ```ts
 * const loop = getRunningLoopOrUndefined() ?? new EventLoop();
 * ```
 */
export function getRunningLoopOrUndefined(): EventLoop | undefined {
  return runningLoopOrUndefined() as EventLoop | undefined;
}
