/**
 * `TaskGroup` and `taskGroup` (asyncio's `TaskGroup`, Lib/asyncio/taskgroups.py).
 */
import { CancelledError, Future, RuntimeError, getRunningLoop, type EventLoop } from "@aiots/loop";
import { ExceptionGroup } from "./errors.js";
import { Task, currentTask, type TaskOptions, type TaskTarget } from "./task.js";
import { assertFunction } from "./internal/validate.js";

/**
 * A scope that owns the tasks it starts (asyncio's `TaskGroup`): leaving it waits for
 * all of them; the first failure cancels the other tasks and the body, and every failure
 * is raised together as an {@link ExceptionGroup}. Cancelling the task that runs the
 * group cancels the children too.
 *
 * Prefer {@link taskGroup} (the callback form): it sees the body's error. With
 * `await using tg = new TaskGroup()`, disposal cannot see an error thrown by the body, so
 * the children are awaited rather than cancelled in that case.
 *
 * @example
 * ```ts
 * {
 *   await using tg = new TaskGroup();
 *   tg.createTask(() => download("a"));
 *   tg.createTask(() => download("b"));
 * } // both done here
 * ```
 */
export class TaskGroup implements AsyncDisposable {
  #entered = false;
  #exiting = false;
  #aborting = false;
  #loop: EventLoop | undefined;
  #parentTask: Task<unknown> | undefined;
  #parentCancelRequested = false;
  #enteredCancelling = 0;
  readonly #tasks = new Set<Task<unknown>>();
  readonly #errors: unknown[] = [];
  #onCompleted: Future<boolean> | undefined;

  /**
   * Enters the group at once in the current task (RuntimeError outside a task).
   *
   * @example
   * ```ts
   * await using tg = new TaskGroup();
   * ```
   */
  constructor() {
    this._enter();
  }

  /**
   * Starts `target` as a task owned by the group (RuntimeError once the group is finished
   * or shutting down after a failure).
   *
   * @example
   * ```ts
   * const task = tg.createTask(async () => 42, { name: "answer" });
   * ```
   */
  createTask<T>(target: TaskTarget<T>, options: Omit<TaskOptions, "loop"> = {}): Task<Awaited<T>> {
    if (!this.#entered) throw new RuntimeError("TaskGroup has not been entered");
    if (this.#exiting && this.#tasks.size === 0) throw new RuntimeError("TaskGroup is finished");
    if (this.#aborting) throw new RuntimeError("TaskGroup is shutting down");
    const task = new Task<Awaited<T>>(target as TaskTarget<Awaited<T>>, {
      ...options,
      loop: this.#loop!,
    });
    this.#tasks.add(task);
    task.addDoneCallback(this.#onTaskDone as (future: Future<Awaited<T>>) => void);
    return task;
  }

  /**
   * Waits for every task of the group (`await using`). The body's own error is not
   * visible here; use {@link taskGroup} to have it cancel the children.
   *
   * @example
   * ```ts
   * const tg = new TaskGroup();
   * tg.createTask(work);
   * await tg[Symbol.asyncDispose]();
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    // The body's error is invisible here; a cancellation of the parent since the group
    // was entered is not, and cancels the children as asyncio would.
    if (!this.#aborting && this.#parentTask!.cancelling() > this.#enteredCancelling) this.#abort();
    await this._exit(false, undefined);
  }

  /** @internal asyncio's `__aenter__`. */
  _enter(): void {
    if (this.#entered) throw new RuntimeError("TaskGroup has already been entered");
    this.#loop = getRunningLoop();
    this.#parentTask = currentTask();
    if (this.#parentTask === undefined)
      throw new RuntimeError("TaskGroup cannot determine the parent task");
    this.#enteredCancelling = this.#parentTask.cancelling();
    this.#entered = true;
  }

  /** @internal asyncio's `_aexit`: resolves to nothing, or rejects with what to raise. */
  async _exit(failed: boolean, error: unknown): Promise<void> {
    this.#exiting = true;
    // An AbortError the parent's own `signal` caused is the parent's cancellation.
    if (failed) error = this.#parentTask?._cancellationOf(error) ?? error;
    let propagateCancellation: CancelledError | undefined =
      failed && error instanceof CancelledError ? error : undefined;
    if (failed && !this.#aborting) {
      // The parent is being cancelled, or the body failed: cancel the children.
      this.#abort();
    }
    // A loop: the wait can be cancelled several times if the parent is cancelled
    // repeatedly.
    while (this.#tasks.size > 0) {
      this.#onCompleted ??= new Future<boolean>({ loop: this.#loop! });
      try {
        await this.#onCompleted;
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        if (!this.#aborting) {
          // The parent task was cancelled while the children were still running.
          propagateCancellation = e;
          this.#abort();
        }
      }
      this.#onCompleted = undefined;
    }
    if (this.#parentCancelRequested) {
      // We cancelled the parent ourselves: take that request back.
      if (this.#parentTask!.uncancel() === 0) propagateCancellation = undefined;
    }
    if (propagateCancellation !== undefined && this.#errors.length === 0) {
      // A cancel() since the last wait resumed: asyncio throws it into that wait, where
      // the handler above absorbs it into this same CancelledError.
      this.#parentTask!._raisingCancellation();
      throw propagateCancellation;
    }
    if (failed && !(error instanceof CancelledError)) this.#errors.push(error);
    if (this.#errors.length > 0) {
      const parent = this.#parentTask!;
      // Keep an outside cancellation of the parent pending, with a stable count.
      if (parent.cancelling() > 0) {
        parent.uncancel();
        parent.cancel();
      }
      const errors = this.#errors.splice(0);
      throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
  }

  #abort(): void {
    this.#aborting = true;
    for (const task of this.#tasks) if (!task.done()) task.cancel();
  }

  readonly #onTaskDone = (task: Task<unknown>): void => {
    this.#tasks.delete(task);
    if (this.#onCompleted !== undefined && this.#tasks.size === 0 && !this.#onCompleted.done()) {
      this.#onCompleted.setResult(true);
    }
    if (task.cancelled()) return;
    const error = task.exception();
    if (error === undefined) return;
    this.#errors.push(error);
    const parent = this.#parentTask!;
    if (parent.done()) {
      this.#loop!.callExceptionHandler({
        message: `Task ${task.toString()} has errored out but its parent task ${parent.toString()} is already completed`,
        exception: error,
        task,
      });
      return;
    }
    if (!this.#aborting && !this.#parentCancelRequested) {
      // Cancel the body (the parent task) and the siblings; `_exit` takes the parent's
      // cancellation back with uncancel().
      this.#abort();
      this.#parentCancelRequested = true;
      parent.cancel();
    }
  };
}

/**
 * Runs `body` with a new {@link TaskGroup} and waits for every task it started (the
 * structured-concurrency form of asyncio's `async with TaskGroup() as tg`). The first
 * failing task cancels its siblings and the body; all errors are raised together as an
 * {@link ExceptionGroup}. If the body throws, the children are cancelled and the body's
 * error is part of the group. Cancelling the calling task cancels everything and
 * propagates `CancelledError`.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const results = await taskGroup(async (tg) => {
 *     const a = tg.createTask(() => sleep(10, "a"));
 *     const b = tg.createTask(() => sleep(20, "b"));
 *     return [a, b];
 *   });
 *   console.log(results.map((t) => t.result())); // ["a", "b"]
 * });
 * ```
 */
export async function taskGroup<R>(body: (tg: TaskGroup) => R | PromiseLike<R>): Promise<R> {
  assertFunction("body", body);
  const tg = new TaskGroup();
  let result: R;
  try {
    result = await body(tg);
  } catch (error) {
    await tg._exit(true, error);
    // _exit throws the group when the body failed with another error; a CancelledError
    // it does not replace propagates, as it does out of asyncio's `async with`.
    throw error;
  }
  await tg._exit(false, undefined);
  return result;
}
