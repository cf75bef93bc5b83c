/**
 * The bookkeeping around tasks: the live tasks of each loop (`allTasks()`), the observers
 * of task creation and completion (`observeTasks()`), and the failed tasks whose exception
 * nobody retrieved (reported when `run()` ends). `Task` reports to it; nothing here runs a
 * task.
 */
import { getRunningLoop, type AbstractEventLoop } from "@aiots/loop";
import type { Task } from "./task.js";
import { assertObject } from "@aiots/loop/internal";

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

const observers = new Set<TaskObserver>();

/** @internal Whether anyone observes tasks (checked before building a notification). */
export function hasTaskObservers(): boolean {
  return observers.size > 0;
}

/** The live tasks of one loop: an intrusive doubly-linked list (no hash table per task). */
interface LiveList {
  head: Task<unknown> | undefined;
  size: number;
}
const liveTasksByLoop = new WeakMap<AbstractEventLoop, LiveList>();
let lastLoop: AbstractEventLoop | undefined;
let lastLive: LiveList | undefined;
function liveListOf(loop: AbstractEventLoop): LiveList {
  if (loop === lastLoop) return lastLive!;
  let live = liveTasksByLoop.get(loop);
  if (live === undefined) liveTasksByLoop.set(loop, (live = { head: undefined, size: 0 }));
  lastLoop = loop;
  lastLive = live;
  return live;
}

/** @internal Links a new task into its loop's live list. */
export function addLiveTask(loop: AbstractEventLoop, task: Task<unknown>): void {
  const live = liveListOf(loop);
  const head = live.head;
  if (head !== undefined) head._livePrev = task;
  task._liveNext = head;
  live.head = task;
  live.size++;
}

/** @internal Unlinks a finished task from its loop's live list. */
export function removeLiveTask(loop: AbstractEventLoop, task: Task<unknown>): void {
  const live = liveListOf(loop);
  const { _livePrev: prev, _liveNext: next } = task;
  if (prev === undefined) live.head = next;
  else prev._liveNext = next;
  if (next !== undefined) next._livePrev = prev;
  task._livePrev = task._liveNext = undefined;
  live.size--;
}

const failedTasksByLoop = new WeakMap<AbstractEventLoop, Set<WeakRef<Task<unknown>>>>();

/** @internal Remembers a failed task until `run()` ends (see {@link reportUnretrievedTasks}). */
export function addFailedTask(loop: AbstractEventLoop, task: Task<unknown>): void {
  let failed = failedTasksByLoop.get(loop);
  if (failed === undefined) failedTasksByLoop.set(loop, (failed = new Set()));
  failed.add(new WeakRef(task));
  if (failed.size > 1024 && (failed.size & 1023) === 0) {
    for (const ref of failed) {
      const other = ref.deref();
      if (other === undefined || !other._logTraceback) failed.delete(ref);
    }
  }
}

/** @internal Tells every observer that `task` was created (`kind` "created") or is done. */
export function notifyTaskObservers(
  kind: "created" | "done",
  task: Task<unknown>,
  parent: Task<unknown> | undefined,
): void {
  for (const observer of [...observers]) {
    try {
      if (kind === "created") observer.created?.(task, parent);
      else observer.done?.(task);
    } catch (error) {
      task.getLoop().callExceptionHandler({
        message: `Exception in task observer (${kind})`,
        exception: error,
        task,
      });
    }
  }
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
  const tasks = new Set<Task<unknown>>();
  const live = liveTasksByLoop.get(loop ?? getRunningLoop());
  // Oldest first, as asyncio lists them.
  const ordered: Task<unknown>[] = [];
  for (let task = live?.head; task !== undefined; task = task._liveNext) ordered.push(task);
  for (let i = ordered.length - 1; i >= 0; i--) tasks.add(ordered[i]!);
  return tasks;
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
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

/**
 * @internal Reports (once) every failed task of `loop` whose exception nobody retrieved,
 * called when `run()` ends. Each report is also what the finalizer would have said.
 */
export function reportUnretrievedTasks(loop: AbstractEventLoop): void {
  const failed = failedTasksByLoop.get(loop);
  if (failed === undefined) return;
  failedTasksByLoop.delete(loop);
  for (const ref of failed) {
    const task = ref.deref();
    if (task === undefined || !task._logTraceback) continue;
    const exception = task.exception();
    loop.callExceptionHandler({ message: "Task exception was never retrieved", exception, task });
  }
}
