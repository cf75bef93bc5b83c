/**
 * The loop's clocks: the real monotonic clock, and a virtual one for tests and demos
 * whose time jumps to the next timer when nothing else is ready (trio's `MockClock` with
 * autojump).
 */
import { performance } from "node:perf_hooks";
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
   * Real milliseconds the loop must have been idle (nothing ready, timers pending) before
   * time jumps to the next timer. `0` (the default) jumps at once; a few ms lets real I/O
   * (a local server, a file) get through first.
   */
  autojumpThreshold?: number;
}

type AdvanceListener = () => void;

/**
 * A virtual clock starting at 0. A loop driven by it jumps time to the next timer as soon
 * as nothing is ready (or after `autojumpThreshold` real ms of idleness), so a program
 * that sleeps 1000 ms and 2000 ms runs in milliseconds of real time and reports loop
 * times of exactly 1000 and 3000. The order of events is the same as on the real clock.
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
    for (const listener of this.#listeners) listener();
  }

  /**
   * @internal The loop's idle wait before the timer due at `deadline`: none if it is due,
   * else `autojumpThreshold` real ms.
   */
  _sleepTime(deadline: number): number {
    return deadline <= this.#now ? 0 : this.#autojumpThreshold;
  }

  /** @internal Jumps to `deadline` if it is in the future (the autojump). */
  _autojump(deadline: number): void {
    if (deadline > this.#now) this.#now = deadline;
  }

  /** @internal A loop listens while it runs so that `advance()` wakes it. */
  _onAdvance(listener: AdvanceListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
