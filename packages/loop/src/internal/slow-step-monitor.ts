import { createHook, executionAsyncResource, type AsyncHook } from "node:async_hooks";
import { performance } from "node:perf_hooks";
import { currentContext } from "../context.js";

/**
 * Debug mode's watch on task steps. A task step is a promise reaction (a microtask) that
 * runs in its task's context, so the loop cannot time it as a callback: an async_hooks
 * hook times every reaction and, when one held the thread longer than its loop's
 * `slowCallbackDuration` while a task was the current awaiter, warns as asyncio does:
 * "Executing <Task name='x' ...> took 0.523 seconds".
 *
 * The hook is process-wide and costly, so it is installed only while at least one loop
 * runs in debug mode.
 */
let users = 0;
let hook: AsyncHook | undefined;
const starts: number[] = [];

function before(): void {
  starts.push(performance.now());
}

function after(): void {
  const start = starts.pop();
  if (start === undefined) return;
  const elapsed = performance.now() - start;
  // The store is still the reaction's own context here (Node pops it after the hooks).
  const context = currentContext();
  if (context?.awaiter === undefined) return;
  const loop = context.loop;
  if (elapsed < loop.slowCallbackDuration || !loop.getDebug()) return;
  if (!(executionAsyncResource() instanceof Promise)) return;
  loop.logger.warn(
    `Executing ${context.awaiter.toString()} took ${(elapsed / 1000).toFixed(3)} seconds`,
  );
}

/** Installs the hook for one more user; returns the function that releases it. */
export function acquireSlowStepMonitor(): () => void {
  users++;
  if (hook === undefined) hook = createHook({ before, after }).enable();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    users--;
    if (users === 0 && hook !== undefined) {
      hook.disable();
      hook = undefined;
      starts.length = 0;
    }
  };
}
