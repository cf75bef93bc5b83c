/**
 * `createTask` and the loop's task factory (asyncio's `create_task`, `loop.set_task_factory`
 * and 3.12's `eager_task_factory`).
 */
import { currentContext, getRunningLoop, type AbstractEventLoop } from "@aiots/loop";
import { expected } from "@aiots/loop/internal";
import type { TaskOptions, TaskTarget } from "./task-options.js";
import { Task } from "./task.js";

/**
 * What `createTask` calls on a loop with a task factory (asyncio's `loop.set_task_factory`).
 *
 * @example
 * ```ts
 * const named: TaskFactory = (target, options) => new Task(target, { name: "worker", ...options });
 * ```
 */
export type TaskFactory = <T>(target: TaskTarget<T>, options: TaskOptions) => Task<T>;

const factories = new WeakMap<AbstractEventLoop, TaskFactory>();
// Whether any factory was ever set: createTask skips the lookup until then.
let anyFactory = false;

/**
 * Sets the factory `createTask` uses on `loop` (default the running loop); `null` restores
 * the default (`new Task`). Throws `TypeError` for anything else.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   setTaskFactory(eagerTaskFactory); // every createTask starts eagerly
 * });
 * ```
 */
export function setTaskFactory(
  factory: TaskFactory | null,
  loop: AbstractEventLoop = getRunningLoop(),
): void {
  if (factory === null) {
    factories.delete(loop);
    return;
  }
  if (typeof factory !== "function") {
    throw new TypeError(expected("factory", "a function or null", factory));
  }
  factories.set(loop, factory);
  anyFactory = true;
}

/**
 * The task factory of `loop` (default the running loop), or `null`.
 *
 * @example
 * ```ts
 * getTaskFactory(); // null unless setTaskFactory was called
 * ```
 */
export function getTaskFactory(loop: AbstractEventLoop = getRunningLoop()): TaskFactory | null {
  return factories.get(loop) ?? null;
}

/**
 * A task factory whose tasks start eagerly (asyncio 3.12 `eager_task_factory`): each
 * `createTask` runs the first step at once, until the function first awaits, unless the
 * options say `eagerStart: false`.
 *
 * @example
 * ```ts
 * setTaskFactory(eagerTaskFactory);
 * const task = createTask(async () => console.log("runs now"));
 * ```
 */
export const eagerTaskFactory: TaskFactory = (target, options) =>
  new Task(target, { ...options, eagerStart: options.eagerStart ?? true });

/**
 * Wraps `target` (an async function, a {@link Coroutine}, or an awaitable) into a
 * {@link Task} on the running loop and schedules it (through the loop's task factory, if
 * one was set with {@link setTaskFactory}). Pass a function, not its promise
 * (`createTask(() => work())`, not `createTask(work())`): a promise's code already runs in
 * the caller's task, out of reach of `cancel()`, which then abandons it (the task ends
 * cancelled at once, the promise runs on). As in asyncio, the task's first step
 * runs on a later loop iteration: nothing of `target` runs until the caller yields (awaits
 * something), unless `options.eagerStart` (or an eager factory) runs it at once. Keep a reference or await the task: a task nobody awaits can still fail
 * silently until it is garbage-collected.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const task = createTask(async () => {
 *     await sleep(1000);
 *     return "done";
 *   }, { name: "slow" });
 *   console.log(await task); // "done", after 1 s
 * });
 * ```
 */
export function createTask<T>(target: TaskTarget<T>, options?: TaskOptions): Task<Awaited<T>> {
  if (anyFactory) {
    const loop = options?.loop ?? currentContext()?.loop;
    const factory = loop === undefined ? undefined : factories.get(loop);
    if (factory !== undefined) {
      return factory<Awaited<T>>(target as TaskTarget<Awaited<T>>, options ?? {});
    }
  }
  return new Task<Awaited<T>>(target as TaskTarget<Awaited<T>>, options);
}
