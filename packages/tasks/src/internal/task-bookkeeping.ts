/**
 * The bookkeeping `Task` reports to (asyncio keeps it in tasks.py: `_register_task`,
 * `_scheduled_tasks`): the live tasks of each loop, the observers of task creation and
 * completion, and the failed tasks whose exception nobody retrieved (reported when `run()`
 * ends). Typed against {@link TrackedTask}, not the `Task` class, so that task.ts can
 * import it without a cycle; the public `allTasks()`/`observeTasks()` are in
 * task-registry.ts.
 */
import type { AbstractEventLoop } from "@aiots/loop";

/** What the bookkeeping needs of a task: the links of its loop's live list, its outcome. */
export interface TrackedTask {
  /** Links of the loop's live-task list (an intrusive list: no hash table per task). */
  _livePrev: TrackedTask | undefined;
  _liveNext: TrackedTask | undefined;
  /** Whether its exception is still unretrieved. */
  readonly _logTraceback: boolean;
  exception(): unknown;
  getLoop(): AbstractEventLoop;
}

/** Instrumentation hooks (the public `TaskObserver`, typed against {@link TrackedTask}). */
export interface TrackedTaskObserver {
  created?(task: TrackedTask, parent: TrackedTask | undefined): void;
  done?(task: TrackedTask): void;
}

const observers = new Set<TrackedTaskObserver>();

/** Whether anyone observes tasks (checked before building a notification). */
export function hasTaskObservers(): boolean {
  return observers.size > 0;
}

/** Adds `observer`; returns the function that removes it. */
export function addTaskObserver(observer: TrackedTaskObserver): () => void {
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

/** Tells every observer that `task` was created (`kind` "created") or is done. */
export function notifyTaskObservers(
  kind: "created" | "done",
  task: TrackedTask,
  parent: TrackedTask | undefined,
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

/** The live tasks of one loop: an intrusive doubly-linked list (no hash table per task). */
interface LiveList {
  head: TrackedTask | undefined;
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

/** Links a new task into its loop's live list. */
export function addLiveTask(loop: AbstractEventLoop, task: TrackedTask): void {
  const live = liveListOf(loop);
  const head = live.head;
  if (head !== undefined) head._livePrev = task;
  task._liveNext = head;
  live.head = task;
  live.size++;
}

/** Unlinks a finished task from its loop's live list. */
export function removeLiveTask(loop: AbstractEventLoop, task: TrackedTask): void {
  const live = liveListOf(loop);
  const { _livePrev: prev, _liveNext: next } = task;
  if (prev === undefined) live.head = next;
  else prev._liveNext = next;
  if (next !== undefined) next._livePrev = prev;
  task._livePrev = task._liveNext = undefined;
  live.size--;
}

/** The live tasks of `loop`, oldest first (as asyncio lists them). */
export function liveTasks(loop: AbstractEventLoop): TrackedTask[] {
  const live = liveTasksByLoop.get(loop);
  const ordered: TrackedTask[] = [];
  for (let task = live?.head; task !== undefined; task = task._liveNext) ordered.push(task);
  return ordered.reverse();
}

const failedTasksByLoop = new WeakMap<AbstractEventLoop, Set<WeakRef<TrackedTask>>>();

/** Remembers a failed task until `run()` ends (see {@link reportUnretrievedTasks}). */
export function addFailedTask(loop: AbstractEventLoop, task: TrackedTask): void {
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

/**
 * Reports (once) every failed task of `loop` whose exception nobody retrieved, called when
 * `run()` ends. Each report is also what the finalizer would have said.
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
