/**
 * Debug mode's warning for `createTask(work())`: the task is given a promise whose code
 * already runs in the caller's task, out of the new task's reach, so `cancel()` ends the
 * task but not that work (the tasks README, "Choices").
 */
import type { AbstractEventLoop } from "@aiots/loop";

/** Logs the warning through `loop.logger`, naming the task when it has a name. */
export function warnRunningPromise(loop: AbstractEventLoop, name: string | undefined): void {
  const which = name === undefined ? "" : ` (task '${name}')`;
  loop.logger.warn(
    `createTask() was given a promise that is already running${which}: cancel() ends the ` +
      "task but cannot stop that work; pass the function instead: createTask(() => work())",
  );
}
