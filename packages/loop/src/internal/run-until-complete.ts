/**
 * How `EventLoop.runUntilComplete` runs the loop until an awaitable settles (asyncio's
 * `run_until_complete`, which adds a done callback that stops the loop).
 */
import { Future, isFuture } from "../future.js";
import type { AbstractEventLoop } from "../types.js";
import { describeValue } from "./validate.js";

/**
 * Starts `loop` (through `start`) until `awaitable` settles, then stops it (`stop`) and
 * settles the returned promise with the outcome. The caller checked that the loop may run.
 * Throws `TypeError`, before starting, for a Future of another loop or a value that is
 * neither a promise-like nor a function.
 */
export function runUntilComplete<T>(
  loop: AbstractEventLoop,
  awaitable: PromiseLike<T> | (() => T | PromiseLike<T>),
  start: () => void,
  stop: () => void,
): Promise<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const finish = (settle: () => void): void => {
    stop();
    settle();
  };
  // A promise's outcome goes through the ready queue, as a task's completion does in
  // asyncio (its done callback is call_soon'd): what was queued before it runs first.
  const onValue = (value: T): void => {
    loop.callSoon(finish, () => resolve(value));
  };
  const onError = (error: unknown): void => {
    loop.callSoon(finish, () => reject(error));
  };
  if (isFuture(awaitable)) {
    if (awaitable.getLoop() !== loop) {
      throw new TypeError(
        "Expected `awaitable` to be a Future of this loop, got a Future of another loop",
      );
    }
    (awaitable as Future<T>).addDoneCallback((future) => {
      let value: T;
      try {
        value = future.result();
      } catch (error) {
        finish(() => reject(error));
        return;
      }
      finish(() => resolve(value));
    });
  } else if (typeof awaitable === "function") {
    loop.callSoon(() => {
      try {
        Promise.resolve(awaitable()).then(onValue, onError);
      } catch (error) {
        finish(() => reject(error));
      }
    });
  } else if (typeof (awaitable as { then?: unknown } | null)?.then === "function") {
    Promise.resolve(awaitable).then(onValue, onError);
  } else {
    throw new TypeError(
      `Expected \`awaitable\` to be a promise-like or a function, got ${describeValue(awaitable)}`,
    );
  }
  start();
  return promise;
}
