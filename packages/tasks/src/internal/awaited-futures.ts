/**
 * The pending library futures a task is blocked on (asyncio's `_fut_waiter`, widened: a
 * task may await several at once, e.g. `Promise.all` inside it). `task.cancel()` cancels
 * them; the task tree lists them.
 *
 * Kept as one slot on the task, not an object of its own, so that a task allocates
 * nothing for it in the common case: `undefined`, then the single future awaited, and an
 * {@link AwaitedFutureSet} only while several awaits are pending together. Settled
 * futures are pruned lazily.
 */
import type { Future } from "@aiots/loop";

/** Several awaited futures; `pruneAt` is the size at which settled ones are dropped. */
export class AwaitedFutureSet extends Set<Future<unknown>> {
  pruneAt = 8;
}

/** A task's awaited-futures slot. */
export type AwaitedFutures = Future<unknown> | AwaitedFutureSet | undefined;

/** Records that `future` is awaited; returns the new slot value. */
export function addAwaited(awaited: AwaitedFutures, future: Future<unknown>): AwaitedFutures {
  if (awaited === undefined) return future;
  if (awaited instanceof AwaitedFutureSet) {
    if (awaited.size >= awaited.pruneAt) {
      for (const f of awaited) if (f.done()) awaited.delete(f);
      awaited.pruneAt = Math.max(8, awaited.size * 2);
    }
    awaited.add(future);
    return awaited;
  }
  return awaited.done() ? future : new AwaitedFutureSet([awaited, future]);
}

/** Cancels the awaited futures with `msg`; `true` if at least one was still pending. */
export function cancelAwaited(awaited: AwaitedFutures, msg: string | undefined): boolean {
  if (awaited === undefined) return false;
  if (!(awaited instanceof AwaitedFutureSet)) return awaited.cancel(msg);
  let cancelledOne = false;
  // Over a copy: a future's cancel() override runs code of its own.
  for (const future of [...awaited]) if (future.cancel(msg)) cancelledOne = true;
  return cancelledOne;
}

/** The awaited futures still pending. */
export function pendingAwaited(awaited: AwaitedFutures): Future<unknown>[] {
  if (awaited === undefined) return [];
  if (awaited instanceof AwaitedFutureSet) return [...awaited].filter((future) => !future.done());
  return awaited.done() ? [] : [awaited];
}

/** Whether any awaited future is still pending. */
export function hasPendingAwaited(awaited: AwaitedFutures): boolean {
  if (awaited === undefined) return false;
  if (!(awaited instanceof AwaitedFutureSet)) return !awaited.done();
  for (const future of awaited) if (!future.done()) return true;
  return false;
}
