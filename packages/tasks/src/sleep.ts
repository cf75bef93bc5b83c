/**
 * `sleep` and `checkpoint` (asyncio's `sleep(delay, result)` and `sleep(0)`).
 */
import {
  Future,
  getRunningLoop,
  markRunnable,
  type AbstractEventLoop,
  type HandleLike,
  type LoopContext,
  type Runnable,
} from "@aiots/loop";
import { assertTimeout } from "@aiots/loop/internal";

/** A Future settled by a timer; cancelling it clears the timer. */
class SleepFuture<T> extends Future<T> implements Runnable {
  #timer: HandleLike | undefined;
  /** @internal What the sleep resolves with (kept here: the timer's handle has one argument). */
  readonly _value: T;

  constructor(loop: AbstractEventLoop, ms: number, value: T) {
    super({ loop });
    this._value = value;
    if (ms === Infinity) return;
    // sleep(0) queues itself (a Runnable): no Handle. Cancelled, it finds itself done.
    if (ms <= 0) loop._callSoonRunnable(this);
    else this.#timer = loop._callLaterWithArg(ms, wake, this);
  }

  /** @internal Run by the loop for `sleep(0)` (see the constructor). */
  declare readonly _resumes: LoopContext | undefined;

  /** @internal */
  _run(): void {
    if (!this.done()) this.setResult(this._value);
  }

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this.#timer?.cancel();
    this.#timer = undefined;
    return true;
  }
}

markRunnable(SleepFuture);

function wake<T>(future: SleepFuture<T>): void {
  if (!future.done()) future.setResult(future._value);
}

/**
 * A Future that resolves with `value` after `ms` milliseconds of loop time (asyncio's
 * `sleep(delay, result)`). It is a cancellation point: cancelling the awaiting task (or
 * the returned future) clears the timer at once. `sleep(0)` yields to the loop for one
 * iteration; `sleep(Infinity)` never resolves unless cancelled. Unlike asyncio's
 * coroutine, the timer starts when `sleep` is called, not when it is awaited.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   console.log("hello");
 *   await sleep(1000);
 *   console.log("world");
 *   const answer = await sleep(10, 42); // 42
 * });
 * ```
 */
export function sleep(ms: number): Future<void>;
export function sleep<T>(ms: number, value: T): Future<T>;
export function sleep<T>(ms: number, value?: T): Future<T | undefined> {
  assertTimeout("ms", ms);
  return new SleepFuture<T | undefined>(getRunningLoop(), ms, value);
}

/**
 * Yields to the loop for one iteration and delivers a pending cancellation: the place
 * for a task that runs a long computation or awaits only foreign promises to notice
 * `cancel()` (like trio's `checkpoint()`, asyncio's `await sleep(0)`).
 *
 * @example
 * ```ts
 * for (const chunk of chunks) {
 *   crunch(chunk);
 *   await checkpoint(); // cancellable here, and lets other tasks run
 * }
 * ```
 */
export function checkpoint(): Future<void> {
  return new SleepFuture<undefined>(getRunningLoop(), 0, undefined);
}
