/**
 * The loop's run machinery (asyncio's `_run_once` and `_write_to_self` wake-ups in
 * base_events.py), driven by Node's own loop: the ready queue run one batch per macrotask,
 * the timers moved to it when due, one host timer armed for the earliest deadline, and the
 * pause of a batch for a task step that has not suspended yet. The public `EventLoop` is the
 * API on top; this knows nothing of handles' callbacks, debug reports or closing.
 */
import type { AsyncResource } from "node:async_hooks";
import { currentContext, runInContext } from "../context.js";
import type { TimerHandle } from "../handles.js";
import type { Clock, LoopContext, Runnable } from "../types.js";
import { HOST_RESOLUTION, HostTimer, hostDelay, MAX_HOST_DELAY } from "./host-timer.js";
import { ReadyQueue, type StepTracker } from "./ready-queue.js";
import { acquireSlowStepMonitor } from "./slow-step-monitor.js";
import { captureContext, runInCaptured } from "./context-capture.js";
import { Timers } from "./timers.js";

const noop = (): void => {};
const RESOLVED = Promise.resolve();

export class Scheduler {
  readonly #clock: Clock;
  readonly #context: LoopContext;
  // Where async context is kept in frames: the loop's context as `start()` entered it,
  // re-entered by reference (see context-capture.ts); else `undefined`.
  #scope: AsyncResource | undefined;
  readonly #ready: ReadyQueue;
  // The task step the batch waits for (see ReadyQueue.run), and whether it waits.
  readonly #steps: StepTracker = { current: undefined };
  #waitingForStep = false;
  readonly #timers = new Timers();
  // Counts batches run and timers scheduled: a clock that autojumps sees idleness end.
  #work = 0;

  #running = false;
  #inBatch = false;
  #immediate: NodeJS.Immediate | undefined;
  readonly #hostTimer: HostTimer;
  #keepAlive: NodeJS.Timeout | undefined;
  #unsubscribeClock: (() => void) | undefined;
  // Debug mode: runs each callback and reports a slow one; the task steps' monitor with it.
  #timed: ((runnable: Runnable) => void) | undefined;
  #releaseMonitor: (() => void) | undefined;

  /** `context`: the loop's own context, which every batch runs in. */
  constructor(
    clock: Clock,
    context: LoopContext,
    orderBatch?: (items: (Runnable | undefined)[], start: number, end: number) => void,
  ) {
    this.#clock = clock;
    this.#context = context;
    this.#ready = new ReadyQueue(orderBatch);
    this.#hostTimer = new HostTimer(this.#onHostTimer);
  }

  /** Whether the loop runs (between `start()` and `stop()`). */
  get running(): boolean {
    return this.#running;
  }

  /** Items waiting in the ready queue. */
  get readyCount(): number {
    return this.#ready.size;
  }

  /** Timers in the heap, cancelled ones included. */
  get timerCount(): number {
    return this.#timers.size;
  }

  /**
   * Debug mode on (`timed` runs a callback and reports it if slow) or off (`undefined`):
   * from the next batch on, and the task steps' monitor while the loop runs.
   */
  setTimed(timed: ((runnable: Runnable) => void) | undefined): void {
    this.#timed = timed;
    this.#updateMonitor();
  }

  /** The one way into the ready queue. */
  enqueue(runnable: Runnable): void {
    this.#ready.push(runnable);
    if (this.#asleep()) this.#wake();
  }

  /** Schedules `timer` (its deadline is `timer.when()`; `delay` is `callLater`'s, if any). */
  addTimer(timer: TimerHandle, delay?: number): void {
    this.#timers.push(timer, delay);
    this.#work++;
    if (this.#asleep()) {
      // A clock that autojumps re-evaluates on the next macrotask; on a real clock an earlier
      // deadline re-arms the host timer at once, for exactly the remaining time.
      const when = timer.when();
      if (this.#clock._autojump !== undefined) this.#wake();
      else if (when < this.#hostTimer.when) this.#armHostTimer(when);
    }
  }

  /** The timers not cancelled, earliest first (debug reports). */
  pendingTimers(): TimerHandle[] {
    return this.#timers.pending();
  }

  /** A scheduled timer was cancelled (asyncio's `_timer_handle_cancelled`). */
  timerCancelled(): void {
    this.#timers.cancelled();
  }

  /** Drops every queued callback and timer (the loop closed). */
  clear(): void {
    this.#ready.clear();
    this.#timers.clear();
  }

  /** See `AbstractEventLoop._stepSuspended`. */
  stepSuspended(context: LoopContext, ended: boolean): void {
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

  /** See `AbstractEventLoop._resumeStep`. */
  resumeStep(context: LoopContext): void {
    if (this.#inBatch) this.#steps.current = context;
  }

  start(): void {
    this.#running = true;
    this.#scope = runInContext(this.#context, captureContext);
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

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#steps.current = undefined;
    this.#waitingForStep = false;
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#immediate = undefined;
    this.#hostTimer.clear();
    clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
    this.#unsubscribeClock?.();
    this.#unsubscribeClock = undefined;
    this.#scope = undefined;
    this.#updateMonitor();
  }

  /**
   * Whether the loop runs but nothing will look at its queues without a wake-up: no
   * macrotask is due and no batch is running (a batch schedules what comes next itself).
   */
  #asleep(): boolean {
    return this.#running && this.#immediate === undefined && !this.#inBatch;
  }

  #wake(): void {
    this.#immediate = setImmediate(this.#tick);
  }

  #updateMonitor(): void {
    if (this.#running && this.#timed !== undefined) {
      this.#releaseMonitor ??= acquireSlowStepMonitor();
    } else if (this.#releaseMonitor !== undefined) {
      this.#releaseMonitor();
      this.#releaseMonitor = undefined;
    }
  }

  // Resumed from inside the step that suspended or ended (its context is current): the
  // batch goes on there, its plain callbacks entering the loop's context (see
  // ReadyQueue.run), instead of one context switch per step.
  readonly #resumeBatch = (): void => {
    if (!this.#running || this.#waitingForStep || this.#inBatch) return;
    this.#runBatchAndScheduleNext();
  };

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
    // A batch that paused (see ReadyQueue.run) goes on before any timer.
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
      runInCaptured(this.#scope, this.#context, this.#runBatchAndScheduleNext, undefined);
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
      const context = this.#context;
      paused = this.#ready.run(
        this.#timed,
        this.#steps,
        currentContext() === context ? undefined : context,
        this.#scope,
      );
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

  #scheduleNext(): void {
    if (!this.#running || this.#waitingForStep) return;
    if (this.#ready.size > 0) {
      if (this.#immediate === undefined) this.#wake();
      return;
    }
    const next = this.#timers.peekLive();
    if (next === undefined) {
      this.#hostTimer.clear();
      return;
    }
    this.#armHostTimer(next.when());
  }

  /** Arms the one host timer for the timer due at `when` (see host-timer.ts). */
  #armHostTimer(when: number): void {
    const clock = this.#clock;
    const delay =
      clock._sleepTime === undefined
        ? hostDelay(when - clock.now(), HOST_RESOLUTION)
        : hostDelay(clock._sleepTime(when, this.#work), 0);
    if (delay === undefined) {
      // Due, due within Node's resolution, or the clock jumps at once: checked in a
      // macrotask, after the promise continuations of this batch.
      this.#hostTimer.clear();
      if (this.#immediate === undefined) this.#wake();
      return;
    }
    this.#hostTimer.arm(when, delay, clock._autojump !== undefined);
  }
}
