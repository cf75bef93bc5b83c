/**
 * The event loop (asyncio's `BaseEventLoop`, Lib/asyncio/base_events.py), driven by Node's
 * own loop: a FIFO ready queue run one snapshot per macrotask (asyncio's `_run_once`), a
 * heap of timers and one host timer armed for the earliest deadline.
 */
import { performance } from "node:perf_hooks";
import { RealClock } from "./clocks.js";
import { creationSourceOf, recordCreationSource } from "./creation-sources.js";
import { currentContext, runInContext, runningLoop, runningLoopOrUndefined } from "./context.js";
import { RuntimeError } from "./errors.js";
import type { Executor } from "./executor.js";
import { Future, isFuture } from "./future.js";
import { Handle, ONE_ARG, TimerHandle } from "./handles.js";
import { DefaultExecutor, submitJob } from "./internal/default-executor.js";
import { HOST_RESOLUTION, hostDelay, MAX_HOST_DELAY } from "./internal/host-timer.js";
import { callExceptionHandler, formatExceptionContext } from "./internal/exception-handling.js";
import { ReadyQueue, type StepTracker } from "./internal/ready-queue.js";
import { assertSignal, SignalHandlers } from "./internal/signal-handlers.js";
import { acquireSlowStepMonitor } from "./internal/slow-step-monitor.js";
import { Timers } from "./internal/timers.js";
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

function debugFromEnvironment(): boolean {
  const value = process.env.AIOTS_DEBUG;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

const noop = (): void => {};
const RESOLVED = Promise.resolve();

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
  readonly #context: LoopContext;
  #debug: boolean;
  #slowCallbackDuration = 100;

  readonly #ready: ReadyQueue;
  // The task step the batch waits for (see ReadyQueue.run), and whether it waits.
  readonly #steps: StepTracker = { current: undefined };
  #waitingForStep = false;
  readonly #timers = new Timers();
  #timerSeq = 0;
  // Counts batches run and timers scheduled: a clock that autojumps sees idleness end.
  #work = 0;

  #running = false;
  #closed = false;
  #inBatch = false;
  #immediate: NodeJS.Immediate | undefined;
  #hostTimer: NodeJS.Timeout | undefined;
  #hostTimerWhen = Infinity;
  #keepAlive: NodeJS.Timeout | undefined;
  #unsubscribeClock: (() => void) | undefined;
  #releaseMonitor: (() => void) | undefined;

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
    this.#context = Object.freeze({ loop: this, awaiter: undefined });
    const orderBatch = options._orderBatch;
    if (orderBatch !== undefined && typeof orderBatch !== "function") {
      throw new TypeError(
        `Expected \`_orderBatch\` to be a function, got ${describeValue(orderBatch)}`,
      );
    }
    this.#ready = new ReadyQueue(orderBatch);
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
    this.#enqueue(handle);
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
    this.#enqueue(handle);
    return handle;
  }

  /**
   * @internal Queues an object that runs itself (a task's first step, a Future's pending
   * `then()`): no Handle is allocated. It cannot be cancelled through the loop.
   */
  _callSoonRunnable(runnable: Runnable): void {
    this.#checkClosed();
    this.#enqueue(runnable);
  }

  /** The one way into the ready queue. */
  #enqueue(runnable: Runnable): void {
    this.#ready.push(runnable);
    if (this.#asleep()) this.#wake();
  }

  /**
   * Whether the loop runs but nothing will look at its queues without a wake-up: no
   * macrotask is due and no batch is running (a batch schedules what comes next itself).
   */
  #asleep(): boolean {
    return this.#running && this.#immediate === undefined && !this.#inBatch;
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
    return this.#schedule(this.#clock.now() + delayMs, callback, args);
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
    return this.#schedule(whenMs, callback, args);
  }

  /**
   * @internal `callLater(delayMs, callback, arg)` for the library's hot paths (sleep): no
   * argument array and no validation of the callback (the callers pass their own).
   */
  _callLaterWithArg<A>(delayMs: number, callback: (arg: A) => unknown, arg: A): TimerHandle {
    assertDelay("delay", delayMs);
    return this.#schedule(this.#clock.now() + delayMs, callback, ONE_ARG, arg);
  }

  #schedule(when: number, callback: unknown, args: readonly unknown[], arg?: unknown): TimerHandle {
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
    this.#timers.push(timer);
    this.#work++;
    if (this.#asleep()) {
      // A clock that autojumps re-evaluates on the next macrotask; on a real clock an earlier
      // deadline re-arms the host timer at once, for exactly the remaining time.
      if (this.#clock._autojump !== undefined) this.#wake();
      else if (when < this.#hostTimerWhen) this.#armHostTimer(when);
    }
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
    if (this.#running) throw new RuntimeError("This event loop is already running");
    const outer = currentContext()?.loop;
    if (outer !== undefined && outer.isRunning()) {
      throw new RuntimeError("Cannot run the event loop while another loop is running");
    }
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const finish = (settle: () => void): void => {
      this.#stop();
      settle();
    };
    // A promise's outcome goes through the ready queue, as a task's completion does in
    // asyncio (its done callback is call_soon'd): what was queued before it runs first.
    const onValue = (value: T): void => {
      this.callSoon(finish, () => resolve(value));
    };
    const onError = (error: unknown): void => {
      this.callSoon(finish, () => reject(error));
    };
    if (isFuture(awaitable)) {
      if (awaitable.getLoop() !== this) {
        throw new TypeError(
          "Expected `awaitable` to be a Future of this loop, got a Future of another loop",
        );
      }
      (awaitable as Future<T>).addDoneCallback((future) => {
        let value: T;
        try {
          value = future.result();
        } catch (error) {
          finish(() => reject(error));
          return;
        }
        finish(() => resolve(value));
      });
    } else if (typeof awaitable === "function") {
      this.callSoon(() => {
        try {
          Promise.resolve(awaitable()).then(onValue, onError);
        } catch (error) {
          finish(() => reject(error));
        }
      });
    } else if (typeof (awaitable as { then?: unknown } | null)?.then === "function") {
      Promise.resolve(awaitable).then(onValue, onError);
    } else {
      throw new TypeError(
        `Expected \`awaitable\` to be a promise-like or a function, got ${describeValue(awaitable)}`,
      );
    }
    this.#start();
    return promise;
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
    return this.#running;
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
    if (this.#running) throw new RuntimeError("Cannot close a running event loop");
    if (this.#closed) return;
    this.#closed = true;
    this.#ready.clear();
    this.#timers.clear();
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
    if (this.#running) this.#updateMonitor();
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
    return `<${this.constructor.name} running=${this.#running} closed=${this.#closed} debug=${this.#debug}>`;
  }

  /**
   * @internal The step of `context` suspended on a pending Future, or ended: if the batch
   * waits for it, the batch goes on right after the step's current promise reaction (a
   * microtask), so no other task runs in between.
   */
  _stepSuspended(context: LoopContext, ended = false): void {
    const steps = this.#steps;
    if (steps.current !== context) return;
    steps.current = undefined;
    if (this.#waitingForStep) {
      this.#waitingForStep = false;
      // Nothing of the step runs after its end: the batch goes on now (no promise, no
      // microtask of its own).
      if (ended) this.#resumeBatch();
      else void RESOLVED.then(this.#resumeBatch);
    }
  }

  /** @internal See {@link AbstractEventLoop._resumeStep}. */
  _resumeStep(context: LoopContext): void {
    if (this.#inBatch) this.#steps.current = context;
  }

  readonly #resumeBatch = (): void => {
    if (!this.#running || this.#waitingForStep || this.#inBatch) return;
    if (currentContext() === this.#context) this.#runBatchAndScheduleNext();
    else runInContext(this.#context, this.#runBatchAndScheduleNext);
  };

  /** @internal Called by `TimerHandle.cancel()` (asyncio's `_timer_handle_cancelled`). */
  _timerHandleCancelled(_timer: TimerHandle): void {
    this.#timers.cancelled();
  }

  /**
   * @internal Debug reports (`@aiots/tasks`' leftovers): the timers still scheduled, not
   * cancelled, earliest first.
   */
  _pendingTimers(): TimerHandle[] {
    return this.#timers.pending();
  }

  /** @internal For tests and benchmarks: timers in the heap, cancelled ones included. */
  get _scheduledCount(): number {
    return this.#timers.size;
  }

  /** @internal For tests: callbacks waiting in the ready queue. */
  get _readyCount(): number {
    return this.#ready.size;
  }

  #checkClosed(): void {
    if (this.#closed) throw new RuntimeError("Event loop is closed");
  }

  #start(): void {
    this.#running = true;
    this.#steps.current = undefined;
    this.#waitingForStep = false;
    // Like run_forever, a running loop keeps the process alive even while it only waits.
    this.#keepAlive = setInterval(noop, MAX_HOST_DELAY);
    this.#unsubscribeClock = this.#clock._onAdvance?.(() => {
      if (this.#asleep()) this.#wake();
    });
    this.#updateMonitor();
    this.#scheduleNext();
  }

  #stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#steps.current = undefined;
    this.#waitingForStep = false;
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#immediate = undefined;
    this.#clearHostTimer();
    clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
    this.#unsubscribeClock?.();
    this.#unsubscribeClock = undefined;
    this.#updateMonitor();
  }

  #updateMonitor(): void {
    if (this.#running && this.#debug) {
      this.#releaseMonitor ??= acquireSlowStepMonitor();
    } else if (this.#releaseMonitor !== undefined) {
      this.#releaseMonitor();
      this.#releaseMonitor = undefined;
    }
  }

  #wake(): void {
    this.#immediate = setImmediate(this.#tick);
  }

  #clearHostTimer(): void {
    if (this.#hostTimer !== undefined) clearTimeout(this.#hostTimer);
    this.#hostTimer = undefined;
    this.#hostTimerWhen = Infinity;
  }

  readonly #tick = (): void => {
    this.#immediate = undefined;
    if (this.#waitingForStep) {
      // The step awaits something the loop cannot see (a foreign promise): this macrotask
      // boundary ends it.
      this.#waitingForStep = false;
      this.#steps.current = undefined;
    }
    this.#autojumpIfIdle();
    this.#runOnce();
  };

  readonly #onHostTimer = (): void => {
    this.#hostTimer = undefined;
    this.#hostTimerWhen = Infinity;
    // A step is running: its end schedules what comes next (the clock must not jump).
    if (this.#waitingForStep) return;
    this.#autojumpIfIdle();
    this.#runOnce();
  };

  /**
   * Nothing ready after the clock's sleep before the next timer: a clock that autojumps (the
   * virtual one) moves to that timer if its idleness rules allow (trio's `_autojump`).
   */
  #autojumpIfIdle(): void {
    const clock = this.#clock;
    if (clock._autojump === undefined || this.#ready.size > 0) return;
    const next = this.#timers.peekLive();
    if (next !== undefined) clock._autojump(next.when(), this.#work);
  }

  /** asyncio's `_run_once`: move due timers to the ready queue, run what is ready now. */
  #runOnce(): void {
    if (!this.#running || this.#waitingForStep) return;
    const ready = this.#ready;
    const timers = this.#timers;
    // A batch that paused (see ReadyQueue.yieldsAfter) goes on before any timer.
    if (!ready.inBatch && timers.size > 0) {
      const now = this.#clock.now();
      for (let due = timers.popDue(now); due !== undefined; due = timers.popDue(now)) {
        ready.push(due);
      }
    }
    if (!ready.beginBatch()) {
      this.#scheduleNext();
    } else if (currentContext() === this.#context) {
      // The usual case: this macrotask was scheduled from inside the loop's context.
      this.#runBatch();
      this.#scheduleNext();
    } else {
      // Scheduling the next macrotask inside the context makes it inherit the context, so
      // the next iteration finds it already set.
      runInContext(this.#context, this.#runBatchAndScheduleNext);
    }
  }

  readonly #runBatchAndScheduleNext = (): void => {
    this.#runBatch();
    this.#scheduleNext();
  };

  readonly #runBatch = (): void => {
    this.#inBatch = true;
    this.#work++;
    let paused = false;
    try {
      paused = this.#ready.run(this.#debug ? this.#runTimed : undefined, this.#steps);
    } finally {
      this.#inBatch = false;
    }
    if (paused) {
      this.#waitingForStep = true;
      // The fallback if the step never tells: the next macrotask.
      if (this.#immediate === undefined) this.#wake();
    } else {
      this.#steps.current = undefined;
    }
  };

  /** Debug mode: runs `handle` and reports it if it held the loop too long. */
  readonly #runTimed = (handle: Runnable): void => {
    const start = performance.now();
    handle._run();
    const elapsed = performance.now() - start;
    if (elapsed >= this.#slowCallbackDuration) {
      this.logger.warn(
        `Executing ${handle.toString()} took ${(elapsed / 1000).toFixed(3)} seconds`,
      );
    }
  };

  #scheduleNext(): void {
    if (!this.#running || this.#waitingForStep) return;
    if (this.#ready.size > 0) {
      if (this.#immediate === undefined) this.#wake();
      return;
    }
    const next = this.#timers.peekLive();
    if (next === undefined) {
      this.#clearHostTimer();
      return;
    }
    this.#armHostTimer(next.when());
  }

  /** Arms the one host timer for the timer due at `when` (see internal/host-timer.ts). */
  #armHostTimer(when: number): void {
    const clock = this.#clock;
    const delay =
      clock._sleepTime === undefined
        ? hostDelay(when - clock.now(), HOST_RESOLUTION)
        : hostDelay(clock._sleepTime(when, this.#work), 0);
    if (delay === undefined) {
      // Due, due within Node's resolution, or the clock jumps at once: checked in a
      // macrotask, after the promise continuations of this batch.
      this.#clearHostTimer();
      if (this.#immediate === undefined) this.#wake();
      return;
    }
    if (this.#hostTimer !== undefined) {
      // A clock that autojumps waits for real idleness: every batch restarts the wait.
      if (this.#hostTimerWhen <= when && clock._autojump === undefined) return;
      clearTimeout(this.#hostTimer);
    }
    this.#hostTimerWhen = when;
    this.#hostTimer = setTimeout(this.#onHostTimer, delay);
  }
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
