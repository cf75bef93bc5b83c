/**
 * The loop's debug mode (asyncio's `PYTHONASYNCIODEBUG` and `slow_callback_duration`):
 * whether the environment turns it on, and the timing of callbacks. Task steps are timed by
 * slow-step-monitor.ts, creation sites recorded by creation-sources.ts.
 */
import { performance } from "node:perf_hooks";
import type { Logger, Runnable } from "../types.js";

/** Debug mode's default: on when `AIOTS_DEBUG` is set, except to "", "0" or "false". */
export function debugFromEnvironment(): boolean {
  const value = process.env.AIOTS_DEBUG;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/**
 * A runner for the ready queue that runs a callback and reports it through `loop.logger`
 * if it held the loop for `loop.slowCallbackDuration` real ms or longer.
 */
export function timedRunner(loop: {
  readonly logger: Logger;
  readonly slowCallbackDuration: number;
}): (handle: Runnable) => void {
  return (handle) => {
    const start = performance.now();
    handle._run();
    const elapsed = performance.now() - start;
    if (elapsed >= loop.slowCallbackDuration) {
      loop.logger.warn(
        `Executing ${handle.toString()} took ${(elapsed / 1000).toFixed(3)} seconds`,
      );
    }
  };
}
