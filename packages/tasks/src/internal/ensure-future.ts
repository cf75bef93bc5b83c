import { Future, getRunningLoop, isFuture, type AbstractEventLoop } from "@aiots/loop";
import { Coroutine } from "../coroutine.js";
import { Task } from "../task.js";
import { assertAwaitable } from "@aiots/loop/internal";
import { mirrorIntoFuture } from "./mirror-future.js";

/**
 * asyncio's `ensure_future`: a Future stays itself, a Coroutine becomes a Task, any other
 * awaitable (a native Promise) is mirrored into a Future whose cancellation abandons the
 * promise (a promise cannot be stopped from outside).
 */
export function ensureFuture<T>(
  awaitable: PromiseLike<T>,
  loop?: AbstractEventLoop,
  name = "awaitable",
): Future<T> {
  if (isFuture(awaitable)) return awaitable as Future<T>;
  if (awaitable instanceof Coroutine)
    return new Task<T>(awaitable as Coroutine<T>, { loop: loop ?? getRunningLoop() });
  assertAwaitable(name, awaitable);
  return mirrorIntoFuture(awaitable, loop ?? getRunningLoop());
}

/** The loop of the first Future among `awaitables`, else the running loop. */
export function loopOf(awaitables: Iterable<unknown>): AbstractEventLoop {
  for (const awaitable of awaitables) if (isFuture(awaitable)) return awaitable.getLoop();
  return getRunningLoop();
}

/** asyncio's `_cancel_and_wait`: cancels `future` and waits until it is really done. */
export async function cancelAndWait(future: Future<unknown>, msg?: string): Promise<void> {
  const loop = future.getLoop();
  const waiter = new Future<void>({ loop });
  const release = (): void => {
    if (!waiter.done()) waiter.setResult(undefined);
  };
  future.addDoneCallback(release);
  try {
    future.cancel(msg);
    await waiter;
  } finally {
    future.removeDoneCallback(release);
  }
}
