import { getRunningLoop } from "@aiots/loop";

/**
 * Throws `getRunningLoop()`'s RuntimeError outside a running loop, else returns `true`.
 * The waiting primitives call it on their first use (`if (!this.#inLoop) this.#inLoop =
 * inLoop()`), so a Lock, Semaphore, Event or Queue used outside `run()` fails at once,
 * not only when a caller first has to wait.
 */
export function inLoop(): true {
  getRunningLoop();
  return true;
}
