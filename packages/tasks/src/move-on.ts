/**
 * `moveOnAfter` and `moveOnAt`: trio's `move_on_after`/`move_on_at` cancel scopes, built
 * on `timeout`/`timeoutAt` (asyncio's `timeouts.py`).
 */
import { CancelledError, TimeoutError } from "@aiots/loop";
import { timeout, timeoutAt, type Timeout } from "./timeout.js";
import { assertFunction } from "@aiots/loop/internal";

/**
 * What {@link moveOnAfter} and {@link moveOnAt} resolve with: the body's value, or
 * `{ value: undefined, cancelled: true }` when the deadline cut it short (trio's
 * `cancel_scope.cancelled_caught`).
 *
 * @example
 * ```ts
 * const { value, cancelled }: MoveOnResult<string> = await moveOnAfter(100, fetchName);
 * ```
 */
export type MoveOnResult<T> =
  | { readonly value: T; readonly cancelled: false }
  | { readonly value: undefined; readonly cancelled: true };

/**
 * Runs `fn` in the current task with a deadline `ms` from now (trio's
 * `move_on_after`): like {@link timeout}, but when the deadline cancels the body, the
 * call resolves with `{ value: undefined, cancelled: true }` instead of rejecting with
 * `TimeoutError`. A body that finishes in time resolves `{ value, cancelled: false }`,
 * also if it caught the cancellation and returned a value anyway (trio's
 * `cancelled_caught` is false then too). Other errors, and cancellations not caused by
 * this deadline (an outer timeout, `task.cancel()`), propagate. `ms` is a number >= 0;
 * `null`, `undefined` or `Infinity` mean no deadline; `fn` gets the {@link Timeout}
 * handle to move it.
 *
 * @example
 * ```ts
 * const { value, cancelled } = await moveOnAfter(500, () => session.get(url));
 * if (cancelled) console.log("gave up after 500 ms, carrying on");
 * ```
 */
export async function moveOnAfter<T>(
  ms: number | null | undefined,
  fn: (cm: Timeout) => T | PromiseLike<T>,
): Promise<MoveOnResult<T>> {
  assertFunction("fn", fn);
  const scope = new ScopeBody(fn);
  return scope.settle(() => timeout(ms, scope.run));
}

/**
 * {@link moveOnAfter} with an absolute deadline in loop time (ms, `loop.time()`'s clock;
 * trio's `move_on_at`). A deadline in the past cancels the body at its first wait.
 *
 * @example
 * ```ts
 * const deadline = getRunningLoop().time() + 10_000;
 * const first = await moveOnAt(deadline, () => step1());
 * const second = await moveOnAt(deadline, () => step2()); // same budget for both
 * ```
 */
export async function moveOnAt<T>(
  when: number | null,
  fn: (cm: Timeout) => T | PromiseLike<T>,
): Promise<MoveOnResult<T>> {
  assertFunction("fn", fn);
  const scope = new ScopeBody(fn);
  return scope.settle(() => timeoutAt(when, scope.run));
}

/** The body, and the `Timeout` it ran under, to tell our expiry from anyone else's. */
class ScopeBody<T> {
  #cm: Timeout | undefined;
  constructor(readonly fn: (cm: Timeout) => T | PromiseLike<T>) {}

  readonly run = (cm: Timeout): T | PromiseLike<T> => {
    this.#cm = cm;
    return this.fn(cm);
  };

  async settle(start: () => Promise<T>): Promise<MoveOnResult<T>> {
    try {
      return { value: await start(), cancelled: false };
    } catch (error) {
      // Only our own deadline's TimeoutError (the one timeout() made from the body's
      // CancelledError) is swallowed; an inner timeout's passes through.
      if (
        error instanceof TimeoutError &&
        error.cause instanceof CancelledError &&
        this.#cm?.expired() === true
      ) {
        return { value: undefined, cancelled: true };
      }
      throw error;
    }
  }
}
