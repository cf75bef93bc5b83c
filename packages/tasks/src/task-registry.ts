/**
 * The public view of the task bookkeeping (asyncio's `all_tasks()`): the live tasks of a
 * loop, and the observers of task creation and completion. The bookkeeping itself, which
 * `Task` reports to, is internal/task-bookkeeping.ts.
 */
import { getRunningLoop, type AbstractEventLoop } from "@aiots/loop";
import { assertObject } from "@aiots/loop/internal";
import { addTaskObserver, liveTasks } from "./internal/task-bookkeeping.js";
import type { Task } from "./task.js";

/**
 * Instrumentation hooks for {@link observeTasks}.
 *
 * @example
 * ```ts
 * const observer: TaskObserver = { created: (task, parent) => {}, done: (task) => {} };
 * ```
 */
export interface TaskObserver {
  /** A task was created; `parent` is the task that created it, if any. */
  created?(task: Task<unknown>, parent: Task<unknown> | undefined): void;
  /** A task finished (result, exception or cancelled). */
  done?(task: Task<unknown>): void;
}

/**
 * The tasks of a loop (default: the running one) that are not done yet (asyncio's
 * `all_tasks()`).
 *
 * @example
 * ```ts
 * console.log(allTasks().size);
 * ```
 */
export function allTasks(loop?: AbstractEventLoop): Set<Task<unknown>> {
  // Only tasks are ever tracked (Task's constructor adds itself).
  return new Set(liveTasks(loop ?? getRunningLoop()) as Task<unknown>[]);
}

/**
 * Subscribes to task creation and completion (for timelines and tracing); returns the
 * unsubscribe function. `task.createdAt` and `task.finishedAt` are in loop ms.
 *
 * @example
 * ```ts
 * const stop = observeTasks({
 *   created: (task, parent) => console.log("+", task.getName(), "by", parent?.getName()),
 *   done: (task) => console.log("-", task.getName(), task.finishedAt! - task.createdAt, "ms"),
 * });
 * await run(main);
 * stop();
 * ```
 */
export function observeTasks(observer: TaskObserver): () => void {
  assertObject("observer", observer);
  return addTaskObserver(observer);
}
