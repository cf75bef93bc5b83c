/**
 * "Future exception was never retrieved" (asyncio logs it from `Future.__del__`): the
 * closest thing in JavaScript is a finalizer. The registry holds the loop and the
 * exception, never the future.
 */
import type { AbstractEventLoop } from "../types.js";

interface Unretrieved {
  readonly loop: AbstractEventLoop;
  readonly message: string;
  readonly exception: unknown;
  readonly futureRepr: string;
}

const unretrieved = new FinalizationRegistry<Unretrieved>((held) => {
  if (held.loop.isClosed()) return;
  held.loop.callExceptionHandler({
    message: held.message,
    exception: held.exception,
    futureRepr: held.futureRepr,
  });
});

/**
 * Reports `exception` through `loop`'s exception handler (with `message` and
 * `futureRepr`) once `future` is garbage-collected, unless {@link retrieved} is called first.
 */
export function watchUnretrieved(
  future: object,
  loop: AbstractEventLoop,
  message: string,
  exception: unknown,
  futureRepr: string,
): void {
  unretrieved.register(future, { loop, message, exception, futureRepr }, future);
}

/** The exception of `future` was retrieved: nothing to report. */
export function retrieved(future: object): void {
  unretrieved.unregister(future);
}
