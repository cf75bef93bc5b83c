// The "bare Node + ALS" column: the bare body with each call started in its own
// AsyncLocalStorage context, as any design that gives every task its own async context
// must (aiots keeps the running loop and the current task in one AsyncLocalStorage). It is
// what this Node charges for that alone: on Node 20 and 22 the first `run()` installs
// promise hooks that every promise of the process pays from then on; on Node 24 each
// `run()` builds a context frame (a copy of every store).
import { AsyncLocalStorage } from "node:async_hooks";

/** The bare column's way to start call `i`: as it is. */
export const direct = (_i, start) => start();

/** The "bare Node + ALS" column's: inside `run(i, ...)` of one AsyncLocalStorage. */
export function inOwnContext() {
  const storage = new AsyncLocalStorage();
  return (i, start) => storage.run(i, start);
}

/**
 * A row's two entries from its bare body `body(start)`, where `start(i, fn)` starts call
 * `i`: `directKey` (`bare`, or `pLimit` on the semaphore row, whose bare body is p-limit)
 * starts each as it is, `bareAls` each inside its own context.
 */
export function bareEntries(body, directKey = "bare") {
  return {
    [directKey]: async () => body(direct),
    bareAls: async () => body(inOwnContext()),
  };
}
