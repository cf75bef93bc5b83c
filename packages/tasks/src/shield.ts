/**
 * `shield` (asyncio's `shield`).
 */
import { Future, copyOutcome } from "@aiots/loop";
import { ensureFuture } from "./internal/ensure-future.js";
import { assertAwaitable } from "@aiots/loop/internal";

/**
 * Protects an awaitable from cancellation (asyncio's `shield`): returns an outer Future
 * that mirrors it. Cancelling the task that awaits the outer future (or the outer future
 * itself) rejects that await with `CancelledError`, but the inner work goes on; if the
 * inner one is cancelled by someone else, the outer one is cancelled too. A coroutine is
 * wrapped into a task first. Keep a reference to the inner task if you want its result
 * after a cancellation.
 *
 * @example
 * ```ts
 * const save = createTask(saveToDisk(data));
 * try {
 *   await shield(save);
 * } catch (error) {
 *   if (error instanceof CancelledError) await save; // still finishes
 *   throw error;
 * }
 * ```
 */
export function shield<T>(awaitable: PromiseLike<T>): Future<T> {
  assertAwaitable("awaitable", awaitable);
  const inner = ensureFuture(awaitable);
  if (inner.done()) return inner;
  const outer = new Future<T>({ loop: inner.getLoop() });
  const onInnerDone = (): void => {
    if (outer.cancelled()) {
      // Nobody will look at it through the outer future any more.
      if (!inner.cancelled()) inner.exception();
      return;
    }
    copyOutcome(inner, outer);
  };
  const onOuterDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(onInnerDone);
  };
  inner.addDoneCallback(onInnerDone);
  outer.addDoneCallback(onOuterDone);
  return outer;
}
