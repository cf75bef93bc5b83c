import { Future, type AbstractEventLoop } from "@aiots/loop";

/**
 * A Future of `loop` that settles as `thenable` does, unless it is done (cancelled) first:
 * how a task or `ensureFuture` waits on a promise it cannot stop. Cancelling the Future
 * abandons the promise; its late outcome is ignored (and its rejection handled). A `then()`
 * that throws settles the Future with that error, as `await` would reject.
 */
export function mirrorIntoFuture<T>(thenable: PromiseLike<T>, loop: AbstractEventLoop): Future<T> {
  const future = new Future<T>({ loop });
  try {
    thenable.then(
      (value) => {
        if (!future.done()) future.setResult(value);
      },
      (error: unknown) => {
        if (!future.done()) future.setException(error);
      },
    );
  } catch (error) {
    // A `then()` that throws rejects, as `await` does (unless it settled first).
    if (!future.done()) future.setException(error);
  }
  return future;
}
