import { Future, type AbstractEventLoop } from "@aiots/loop";

/**
 * A Future of `loop` that settles as `thenable` does, unless it is done (cancelled) first:
 * how a task or `ensureFuture` waits on a promise it cannot stop. Cancelling the Future
 * abandons the promise; its late outcome is ignored (and its rejection handled).
 */
export function mirrorIntoFuture<T>(thenable: PromiseLike<T>, loop: AbstractEventLoop): Future<T> {
  const future = new Future<T>({ loop });
  thenable.then(
    (value) => {
      if (!future.done()) future.setResult(value);
    },
    (error: unknown) => {
      if (!future.done()) future.setException(error);
    },
  );
  return future;
}
