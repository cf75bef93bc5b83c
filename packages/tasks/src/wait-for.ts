/**
 * `waitFor` (asyncio's `wait_for`, 3.12 semantics built on `timeout`).
 */
import { CancelledError, TimeoutError } from "@aiots/loop";
import { Coroutine } from "./coroutine.js";
import { cancelAndWait, ensureFuture } from "./internal/ensure-future.js";
import { assertAwaitable, assertOptionalTimeout } from "@aiots/loop/internal";
import { timeout } from "./timeout.js";

/**
 * Waits for `awaitable` with a time limit of `ms` (asyncio 3.12+'s `wait_for`, which is
 * `async with timeout(ms): return await aw`). A {@link Coroutine} runs inside the calling
 * task (no new task); a library Future (a lock or queue wait, a task, `sleep`...) is
 * awaited and, on timeout or when the waiting task is cancelled, cancelled itself, so a
 * wait withdraws and passes its wake-up on; a foreign promise is mirrored into a Future
 * (and abandoned on timeout). On timeout the awaitable is cancelled and waited for (its
 * `finally` blocks have run) before `TimeoutError` is thrown. A cancellation of the
 * waiting task in the step `awaitable` completes raises `CancelledError` here. `ms` of `null`/`undefined`
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
  if (awaitable instanceof Coroutine && !(ms !== null && ms !== undefined && ms <= 0)) {
    // 3.12+: the coroutine is awaited inside the calling task, under the deadline.
    const coroutine = awaitable as Coroutine<T>;
    return timeout(ms, () => coroutine._run());
  }
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
