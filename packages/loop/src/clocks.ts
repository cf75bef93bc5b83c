/**
 * The loop's clocks: the real monotonic clock, and a virtual one for tests and demos
 * whose time jumps to the next timer when nothing else is ready and the process is quiet
 * (trio's `MockClock` with autojump, made to wait for the process's own I/O).
 */
import { performance } from "node:perf_hooks";
import { hostRequestsInFlight } from "./internal/host-io.js";
import { assertDelay } from "./internal/validate.js";
import type { Clock } from "./types.js";

/**
 * The real clock: `performance.now()`, monotonic milliseconds with sub-ms resolution.
 *
 * @example
 * ```ts
 * const loop = new EventLoop({ clock: new RealClock() }); // the default
 * ```
 */
export class RealClock implements Clock {
  /**
   * The current monotonic time in ms.
   *
   * @example
   * ```ts
   * new RealClock().now(); // e.g. 1234.567
   * ```
   */
  now(): number {
    return performance.now();
  }
}

/**
 * Options of {@link VirtualClock}.
 *
 * @example
 * ```ts
 * const options: VirtualClockOptions = { autojumpThreshold: 5 };
 * ```
 */
export interface VirtualClockOptions {
  /**
   * Real milliseconds the loop must have been idle (nothing ready, timers pending, no I/O of
   * the process in flight) before time jumps to the next timer. `0` (the default) jumps as
   * soon as the process is quiet. Raise it only for I/O the process cannot see: a peer in
   * another process that answers within that time (trio's `autojump_threshold`).
   */
  autojumpThreshold?: number;
}

type AdvanceListener = () => void;

/**
 * Node turns (macrotasks, each with a poll for I/O) the loop must have been idle before
 * the clock jumps: enough for a request to an in-process server to reach it and its answer
 * to come back, however loaded the machine (a turn is not a duration).
 */
const QUIET_TURNS = 8;
/** While libuv requests are in flight, how often (real ms) the clock looks again. */
const REQUEST_POLL_MS = 1;

/**
 * A virtual clock starting at 0. A loop driven by it jumps time to the next timer as soon
 * as nothing is ready and the process is quiet (or after `autojumpThreshold` real ms of
 * idleness), so a program that sleeps 1000 ms and 2000 ms runs in milliseconds of real time
 * and reports loop times of exactly 1000 and 3000. The order of events is the same as on
 * the real clock.
 *
 * Real I/O is waited for, not jumped over: before a jump the loop lets the process go
 * through a few idle turns of Node's event loop (so a request to a server in the same
 * process gets there and back, whatever the load) and waits for libuv requests in flight
 * (DNS lookups, connects, file-system calls). Work it cannot see that way (a worker-thread
 * job, a peer in another process) can hold the clock with {@link VirtualClock.paceWithRealTime}.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const loop = new EventLoop({ clock });
 * const fut = loop.createFuture<string>();
 * loop.callLater(2000, () => fut.setResult("done"));
 * await loop.runUntilComplete(fut); // at once in real time
 * loop.time(); // 2000
 * ```
 */
export class VirtualClock implements Clock {
  #now = 0;
  readonly #autojumpThreshold: number;
  readonly #listeners = new Set<AdvanceListener>();
  // The loop's idleness: its work count when it began, the quiet turns since, and when
  // (real ms) it began; whether the last look found a jump allowed.
  #idleEpoch = Number.NaN;
  #quietTurns = 0;
  #idleSince = 0;
  #mayJump = false;
  // Real work in flight: jumps are paced so that virtual time since `#paceVirtual` never
  // runs ahead of real time since `#paceReal`.
  #held = 0;
  #paceReal = 0;
  #paceVirtual = 0;

  constructor(options: VirtualClockOptions = {}) {
    const threshold = options.autojumpThreshold ?? 0;
    assertDelay("autojumpThreshold", threshold);
    this.#autojumpThreshold = threshold;
  }

  /**
   * Real ms of loop idleness before time jumps to the next timer.
   *
   * @example
   * ```ts
   * new VirtualClock({ autojumpThreshold: 5 }).autojumpThreshold; // 5
   * ```
   */
  get autojumpThreshold(): number {
    return this.#autojumpThreshold;
  }

  /**
   * The virtual time in ms.
   *
   * @example
   * ```ts
   * new VirtualClock().now(); // 0
   * ```
   */
  now(): number {
    return this.#now;
  }

  /**
   * Moves time forward by `ms`; timers that became due run on the loop's next iteration.
   *
   * @example
   * ```ts
   * clock.advance(500);
   * ```
   */
  advance(ms: number): void {
    assertDelay("ms", ms);
    this.#now += ms;
    this.#notify();
  }

  /**
   * Marks real work in flight that the loop cannot see (a worker-thread job, a request to a
   * peer in another process) until the returned function is called. Meanwhile time still
   * jumps from timer to timer, but never ahead of real time: each jump waits until as much
   * real time has passed since the hold began as virtual time would have. `toThread` and
   * `loop.runInExecutor` hold the clock for each job. Calling the release twice is harmless.
   *
   * @example
   * ```ts
   * const release = clock.paceWithRealTime();
   * try {
   *   await queryAnotherProcess();
   * } finally {
   *   release();
   * }
   * ```
   */
  paceWithRealTime(): () => void {
    if (this.#held++ === 0) {
      this.#paceReal = performance.now();
      this.#paceVirtual = this.#now;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#held === 0) this.#notify();
    };
  }

  /**
   * @internal The loop's wait (real ms) before it looks again at the timer due at
   * `deadline`, with nothing ready; `work` counts what the loop has done (a change ends
   * the idleness). `0`: on the next macrotask.
   */
  _sleepTime(deadline: number, work: number): number {
    this.#mayJump = false;
    if (deadline <= this.#now) return 0;
    const real = performance.now();
    if (work !== this.#idleEpoch) {
      this.#idleEpoch = work;
      this.#quietTurns = 0;
      this.#idleSince = real;
    } else {
      this.#quietTurns++;
    }
    if (this.#held > 0) {
      const ahead = deadline - this.#paceVirtual - (real - this.#paceReal);
      if (ahead > 0) return ahead;
    }
    if (this.#quietTurns < QUIET_TURNS) return 0;
    if (hostRequestsInFlight()) {
      // The quiet turns start again once the request is done: its callback starts more.
      this.#quietTurns = 0;
      return REQUEST_POLL_MS;
    }
    const idle = real - this.#idleSince;
    if (idle < this.#autojumpThreshold) return this.#autojumpThreshold - idle;
    this.#mayJump = true;
    return 0;
  }

  /**
   * @internal The loop is idle with `deadline` the earliest timer and `work` its work count:
   * jumps there if the last {@link VirtualClock._sleepTime} allowed it and nothing happened
   * since (trio's `_autojump`).
   */
  _autojump(deadline: number, work: number): void {
    if (!this.#mayJump || work !== this.#idleEpoch) return;
    this.#mayJump = false;
    if (deadline > this.#now) this.#now = deadline;
  }

  /** @internal A loop listens while it runs so that `advance()` wakes it. */
  _onAdvance(listener: AdvanceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}
