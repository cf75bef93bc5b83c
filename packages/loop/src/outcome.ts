/**
 * Handing a done future's outcome on (asyncio's `futures._copy_future_state`, and what
 * `Future.__await__` raises or returns): one reading for every library awaitable, without
 * a throw or an allocation. Cancelled: its `CancelledError`; failed: its exception (then
 * marked retrieved); else its result.
 */
import type { Future } from "./future.js";

/** The members of a done future that its outcome is read through. */
type DoneFuture = Pick<
  Future<unknown>,
  "cancelled" | "exception" | "result" | "_makeCancelledError"
>;

/**
 * Whether an `await` of the done `future` fulfils: it holds a result, not an exception or a
 * cancellation. A failed future's exception is marked retrieved. Throws
 * `InvalidStateError` if the future is pending.
 *
 * @example
 * ```ts
 * const fulfilled = fulfilledOutcome(future);
 * const value = outcomeOf(future, fulfilled);
 * if (fulfilled) resolve(value);
 * else reject(value);
 * ```
 */
export function fulfilledOutcome(future: DoneFuture): boolean {
  return !future.cancelled() && future.exception() === undefined;
}

/**
 * What an `await` of the done `future` settles with: its result, its exception, or the
 * `CancelledError` it raises (made, not thrown). `fulfilled` is
 * {@link fulfilledOutcome}'s answer, when the caller has it already. Throws
 * `InvalidStateError` if the future is pending.
 *
 * @example
 * ```ts
 * future.cancel("enough");
 * outcomeOf(future); // CancelledError: enough
 * ```
 */
export function outcomeOf(
  future: DoneFuture,
  fulfilled: boolean = fulfilledOutcome(future),
): unknown {
  if (fulfilled) return future.result();
  return future.cancelled() ? future._makeCancelledError() : future.exception();
}

/**
 * Copies the outcome of the done `source` to the pending `dest` (asyncio's
 * `_copy_future_state`): cancels it, or sets its exception or result. Throws
 * `InvalidStateError` if `dest` is done.
 *
 * @example
 * ```ts
 * inner.addDoneCallback(() => {
 *   if (!outer.done()) copyOutcome(inner, outer);
 * });
 * ```
 */
export function copyOutcome<T>(source: DoneFuture, dest: Future<T>): void {
  if (source.cancelled()) {
    dest.cancel();
    return;
  }
  const error = source.exception();
  if (error !== undefined) dest.setException(error);
  else dest.setResult(source.result() as T);
}
