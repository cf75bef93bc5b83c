/**
 * `timeout` and `timeoutAt` (asyncio's `asyncio.timeout` / `timeout_at`, Lib/asyncio/timeouts.py).
 */
import { RuntimeError, TimeoutError, getRunningLoop, isFuture, type Handle } from "@aiots/loop";
import { currentTask, isTask, type Task } from "./task.js";
import {
  expected,
  isThenable,
  assertFunction,
  assertOptionalTimeout,
  assertFiniteNumber,
} from "@aiots/loop/internal";

const CREATED = "created";
const ENTERED = "active";
const EXPIRING = "expiring";
const EXPIRED = "expired";
const EXITED = "finished";
type State = typeof CREATED | typeof ENTERED | typeof EXPIRING | typeof EXPIRED | typeof EXITED;

/**
 * The handle `timeout()`/`timeoutAt()` pass to their body (asyncio's `Timeout`): read or
 * move the deadline while the body runs.
 *
 * @example
 * ```ts
 * await timeout(1000, async (cm) => {
 *   cm.reschedule(getRunningLoop().time() + 5000); // more time
 *   await work();
 *   console.log(cm.expired()); // false
 * });
 * ```
 */
export class Timeout {
  #state: State = CREATED;
  #when: number | null;
  #handle: Handle | undefined;
  #task: Task<unknown> | undefined;
  #cancelling = 0;
  // The body, raced against the deadline: `#abandon` rejects the race when the body is
  // blocked on a promise the cancellation cannot reach; `#bodyTask` is a Task body.
  #abandon: ((error: unknown) => void) | undefined;
  #bodyTask: Task<unknown> | undefined;

  /** @internal Made by {@link timeout} and {@link timeoutAt}. */
  constructor(when: number | null) {
    this.#when = when;
  }

  /**
   * The deadline in loop time (ms), or `null` for none.
   *
   * @example
   * ```ts
   * cm.when(); // e.g. 1500
   * ```
   */
  when(): number | null {
    return this.#when;
  }

  /**
   * Moves the deadline to loop time `when` (ms), or removes it with `null`. Only while the
   * body runs (RuntimeError otherwise).
   *
   * @example
   * ```ts
   * cm.reschedule(null); // no deadline any more
   * ```
   */
  reschedule(when: number | null): void {
    if (this.#state !== ENTERED) {
      if (this.#state === CREATED) throw new RuntimeError("Timeout has not been entered");
      throw new RuntimeError(`Cannot change state of ${this.#state} Timeout`);
    }
    if (when !== null) {
      if (typeof when !== "number" || Number.isNaN(when)) {
        throw new (typeof when === "number" ? RangeError : TypeError)(
          expected("when", "a number (loop time in ms) or null", when),
        );
      }
    }
    this.#when = when;
    this.#handle?.cancel();
    this.#handle = undefined;
    if (when === null || when === Infinity) return;
    const loop = getRunningLoop();
    this.#handle =
      when <= loop.time() ? loop.callSoon(this.#onTimeout) : loop.callAt(when, this.#onTimeout);
  }

  /**
   * Whether the deadline passed (the body was cancelled by this timeout).
   *
   * @example
   * ```ts
   * cm.expired(); // true after the deadline
   * ```
   */
  expired(): boolean {
    return this.#state === EXPIRING || this.#state === EXPIRED;
  }

  /**
   * `<Timeout [active] when=1500>`.
   *
   * @example
   * ```ts
   * String(cm);
   * ```
   */
  toString(): string {
    return `<Timeout [${this.#state}]${this.#state === ENTERED ? ` when=${this.#when}` : ""}>`;
  }

  /** @internal asyncio's `__aenter__`. */
  _enter(): void {
    if (this.#state !== CREATED) throw new RuntimeError("Timeout has already been entered");
    const task = currentTask();
    if (task === undefined) throw new RuntimeError("Timeout should be used inside a task");
    this.#state = ENTERED;
    this.#task = task;
    this.#cancelling = task.cancelling();
    this.reschedule(this.#when);
  }

  /**
   * @internal asyncio's `__aexit__`: returns the error to throw instead of `error`
   * (a TimeoutError replacing the CancelledError this timeout caused), or `error` itself.
   */
  _exit(failed: boolean, error: unknown): unknown {
    this.#handle?.cancel();
    this.#handle = undefined;
    if (this.#state === EXPIRING) {
      this.#state = EXPIRED;
      // No cancellation requested besides ours: the CancelledError is ours to convert
      // (also an AbortError that the task's own `signal` caused).
      const cancellation = failed ? this.#task!._cancellationOf(error) : undefined;
      if (this.#task!.uncancel() <= this.#cancelling && cancellation !== undefined) {
        return new TimeoutError("timed out", { cause: cancellation });
      }
    } else if (this.#state === ENTERED) {
      this.#state = EXITED;
    }
    this.#abandon = undefined;
    this.#bodyTask = undefined;
    return error;
  }

  /**
   * @internal What the body returned, as the awaitable to wait for: a library Future (a
   * waitFor's) is itself, since the cancellation reaches it; a promise is raced against
   * the deadline, so that a body blocked on a foreign promise can be abandoned.
   */
  _race<T>(body: T | PromiseLike<T>): T | PromiseLike<T> {
    if (!isThenable(body)) return body;
    if (isFuture(body)) {
      if (isTask(body)) this.#bodyTask = body;
      return body;
    }
    return new Promise<T>((resolve, reject) => {
      // The abandoned body's late rejection lands here too: handled, never unhandled.
      body.then(resolve, reject);
      this.#abandon = reject;
    });
  }

  readonly #onTimeout = (): void => {
    if (this.#state !== ENTERED) return;
    this.#task!.cancel();
    this.#state = EXPIRING;
    this.#handle = undefined;
    // A body blocked on a library awaitable got the CancelledError in this iteration; one
    // blocked on a foreign promise did not: next iteration, give up on it.
    getRunningLoop().callSoon(this.#abandonIfStuck);
  };

  readonly #abandonIfStuck = (): void => {
    if (this.#state !== EXPIRING) return;
    this.#bodyTask?._abandonIfBlockedElsewhere();
    if (this.#abandon === undefined) return;
    const cancellation = this.#task!._takePendingCancellation();
    if (cancellation !== undefined) this.#abandon(cancellation);
  };
}

/**
 * Runs `fn` in the current task with a deadline `ms` from now (asyncio's
 * `async with asyncio.timeout(delay)`). When the deadline passes, the current task is
 * cancelled; the `CancelledError` that comes out of `fn` becomes a `TimeoutError`. Timeouts
 * nest: an inner timeout converts only its own cancellation, an outer one or an explicit
 * `task.cancel()` still propagates as `CancelledError` (uncancel bookkeeping).
 * `ms` of `null`, `undefined` or `Infinity` means no deadline (reschedule it later).
 *
 * @example
 * ```ts
 * try {
 *   await timeout(500, async () => {
 *     await sleep(1000);
 *   });
 * } catch (error) {
 *   if (error instanceof TimeoutError) console.log("took too long");
 * }
 * ```
 */
export async function timeout<T>(
  ms: number | null | undefined,
  fn: (cm: Timeout) => T | PromiseLike<T>,
): Promise<T> {
  assertOptionalTimeout("ms", ms);
  assertFunction("fn", fn);
  const when =
    ms === null || ms === undefined || ms === Infinity ? null : getRunningLoop().time() + ms;
  return runWithTimeout(new Timeout(when), fn);
}

/**
 * Like {@link timeout}, with an absolute deadline in loop time (ms, `loop.time()`'s clock)
 * (asyncio's `timeout_at`). A deadline in the past expires on the next loop iteration.
 *
 * @example
 * ```ts
 * const deadline = getRunningLoop().time() + 10_000;
 * await timeoutAt(deadline, () => step1());
 * await timeoutAt(deadline, () => step2()); // same budget for both
 * ```
 */
export async function timeoutAt<T>(
  when: number | null,
  fn: (cm: Timeout) => T | PromiseLike<T>,
): Promise<T> {
  if (when !== null) assertFiniteOrInfinity(when);
  assertFunction("fn", fn);
  return runWithTimeout(new Timeout(when), fn);
}

function assertFiniteOrInfinity(when: unknown): void {
  if (when === Infinity) return;
  assertFiniteNumber("when", when);
}

async function runWithTimeout<T>(cm: Timeout, fn: (cm: Timeout) => T | PromiseLike<T>): Promise<T> {
  cm._enter();
  let result: T;
  try {
    result = await cm._race(fn(cm));
  } catch (error) {
    throw cm._exit(true, error);
  }
  cm._exit(false, undefined);
  return result;
}
