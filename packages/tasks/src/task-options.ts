/**
 * What a `Task` runs and the options it is created with (asyncio's `create_task`
 * arguments).
 */
import type { AbstractEventLoop } from "@aiots/loop";
import type { Coroutine } from "./coroutine.js";

/**
 * What a task can run: an async (or plain) function, a {@link Coroutine}, or an awaitable.
 *
 * @example
 * ```ts
 * const target: TaskTarget<string> = async () => "done";
 * const task = createTask(target, { name: "worker" });
 * ```
 */
export type TaskTarget<T> = (() => T | PromiseLike<T>) | Coroutine<T> | PromiseLike<T>;

/**
 * Options of {@link createTask} and the {@link Task} constructor.
 *
 * @example
 * ```ts
 * const options: TaskOptions = { name: "worker-1" };
 * ```
 */
export interface TaskOptions {
  /** The task's name; default `Task-<n>`. */
  name?: string;
  /** The loop to run on; default the running loop. */
  loop?: AbstractEventLoop;
  /**
   * Runs the first step at once, inside the constructor, until the function first awaits
   * (asyncio 3.12 `Task(..., eager_start=True)`, 3.14 `create_task(eager_start=True)`),
   * when the loop is running; else the step is scheduled as usual. Default `false` (for
   * `createTask`: whatever the loop's task factory says, see `setTaskFactory`).
   */
  eagerStart?: boolean;
  /**
   * Aborting it cancels the task, with the signal's reason's message as the
   * `CancelledError` message (at once, before the first step, if it is already aborted).
   * The listener is removed when the task ends.
   */
  signal?: AbortSignal;
}
