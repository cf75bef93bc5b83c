/**
 * `waitFor` (asyncio's `wait_for`, 3.12 semantics built on `timeout`).
 */
import { CancelledError, TimeoutError } from "@aiots/loop";
import { cancelAndWait, ensureFuture } from "./internal/ensure-future.js";
import { assertAwaitable, assertOptionalTimeout } from "./internal/validate.js";
import { timeout } from "./timeout.js";

/**
 * Waits for `awaitable` with a time limit of `ms` (asyncio's `wait_for`). A coroutine is
 * wrapped into a task, a promise into a Future. On timeout the awaitable is cancelled
 * and waited for (its `finally` blocks have run) before `TimeoutError` is thrown. If the
 * waiting task is cancelled, the awaitable is cancelled too. `ms` of `null`/`undefined`
 * waits without limit; `0` (or less than the time left) times out unless it is done.
 *
 * @example
 * ```ts
 * try {
 *   const page = await waitFor(fetchPage(), 5000);
 * } catch (error) {
 *   if (error instanceof TimeoutError) console.log("gave up after 5 s");
 * }
 * ```
 */
export async function waitFor<T>(
  awaitable: PromiseLike<T>,
  ms: number | null | undefined,
): Promise<T> {
  assertAwaitable("awaitable", awaitable);
  assertOptionalTimeout("ms", ms);
  const future = ensureFuture(awaitable);
  if (ms !== null && ms !== undefined && ms <= 0) {
    if (future.done()) return future.result();
    await cancelAndWait(future);
    try {
      return future.result();
    } catch (error) {
      if (error instanceof CancelledError) throw new TimeoutError("timed out", { cause: error });
      throw error;
    }
  }
  return timeout(ms, () => future);
}
