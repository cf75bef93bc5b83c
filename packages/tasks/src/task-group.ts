/**
 * `TaskGroup` and `taskGroup` (asyncio's `TaskGroup`, Lib/asyncio/taskgroups.py).
 */
import { CancelledError, Future, RuntimeError, getRunningLoop, type EventLoop } from "@aiots/loop";
import { ExceptionGroup } from "./errors.js";
import type { TaskOptions, TaskTarget } from "./task-options.js";
import { Task, currentTask } from "./task.js";
import { assertOptionalSignal, linkSignal } from "./internal/abort-link.js";
import { LeftoverScope } from "./internal/leftover-scope.js";
import type { LeftoversReport } from "./leftovers-report.js";
import { assertFunction, assertObject } from "@aiots/loop/internal";

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
  // Debug mode only: what the group leaves behind (see LeftoversReport).
  #leftovers: LeftoverScope | undefined;

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
   * Cancels the group (asyncio 3.15 `TaskGroup.cancel()`): every child and the body are
   * cancelled, and the group then ends without an error: `taskGroup()` resolves (with
   * `undefined` if the body was cut short, as its `Promise<R | undefined>` type says)
   * instead of raising `CancelledError`. Children
   * that failed before still raise their `ExceptionGroup`. A no-op once the group is
   * finished; calling it twice is the same as once.
   *
   * @example
   * ```ts
   * await taskGroup(async (tg) => {
   *   tg.createTask(() => serve());
   *   await shutdownRequested.wait();
   *   tg.cancel(); // stops serve() and leaves the group quietly
   * });
   * ```
   */
  cancel(): void {
    if (!this.#entered) throw new RuntimeError("TaskGroup has not been entered");
    if (this.#exiting && this.#tasks.size === 0) return;
    if (this.#aborting) return;
    this.#abort();
    const parent = this.#parentTask!;
    if (!this.#exiting && !this.#parentCancelRequested && !parent.done()) {
      // Cancel the body too; `_exit` takes this request back with uncancel().
      this.#parentCancelRequested = true;
      parent.cancel();
    }
  }

  /**
   * Starts `fn` as a task that joins the group once it says it is ready (trio's
   * `nursery.start`): `fn` gets `started(value)` to call once, and `start` resolves with
   * `value` then. Until that call the child is not the group's: if it fails, `start`
   * rejects with its error and the group is not affected; if it returns without calling
   * `started`, `start` rejects with `RuntimeError`. Cancelling the returned Future (or the
   * task awaiting it) before then cancels the child.
   *
   * @example
   * ```ts
   * await taskGroup(async (tg) => {
   *   const port = await tg.start<number>(async (started) => {
   *     const server = await listen(0);
   *     started(server.port); // the caller goes on; the server keeps running in tg
   *     await server.closed;
   *   });
   *   await fetchFrom(port);
   * });
   * ```
   */
  start<T>(
    fn: (started: (value: T) => void) => unknown,
    options: Omit<TaskOptions, "loop"> = {},
  ): Future<T> {
    assertFunction("fn", fn);
    if (!this.#entered) throw new RuntimeError("TaskGroup has not been entered");
    if (this.#exiting && this.#tasks.size === 0) throw new RuntimeError("TaskGroup is finished");
    if (this.#aborting) throw new RuntimeError("TaskGroup is shutting down");
    const starting = new Starting<T>({ loop: this.#loop! });
    const task = new Task<unknown>(() => fn(starting.started), { ...options, loop: this.#loop! });
    starting.child = task;
    starting.adopt = this.#adopt;
    task.addDoneCallback(starting.onChildDone);
    return starting;
  }

  // A started child joins the group: its outcome now counts as any child's.
  readonly #adopt = (task: Task<unknown>): void => {
    this.#tasks.add(task);
    task.addDoneCallback(this.#onTaskDone as (future: Future<unknown>) => void);
    if (this.#aborting) task.cancel();
  };

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
    try {
      await this._exit(false, undefined);
    } finally {
      this._reportLeftovers();
    }
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
    if (this.#loop.getDebug())
      this.#leftovers = LeftoverScope.forGroup(this.#loop, this.#parentTask);
  }

  /**
   * @internal Debug mode: the group has exited; reports what it left behind (once), to
   * `handler` if given (`taskGroup`'s `onLeftovers`).
   */
  _reportLeftovers(handler?: (report: LeftoversReport) => void): void {
    const leftovers = this.#leftovers;
    if (leftovers === undefined) return;
    this.#leftovers = undefined;
    leftovers.handler = handler;
    leftovers.close();
  }

  /**
   * @internal asyncio's `_aexit`: rejects with what to raise, or resolves with whether
   * the body's `CancelledError` is absorbed (it came from {@link cancel}).
   */
  async _exit(failed: boolean, error: unknown): Promise<boolean> {
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
    return failed && error instanceof CancelledError;
  }

  #abort(): void {
    this.#aborting = true;
    this.#leftovers?.noteCancelled(this.#tasks);
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
 * Options of {@link taskGroup}.
 *
 * @example
 * ```ts
 * const options: TaskGroupOptions = { signal: AbortSignal.timeout(5000) };
 * ```
 */
export interface TaskGroupOptions {
  /** Aborting it cancels the group; `taskGroup` then rejects with its reason. */
  signal?: AbortSignal;
  /**
   * Debug mode: receives the group's {@link LeftoversReport} when it ends (children still
   * running when it was cancelled, tasks its code started outside it and still running,
   * timers and tracked resources its tasks left), instead of `run()`'s `onLeftovers`, the
   * loop's exception handler or `console.warn`. Called only when something was left.
   */
  onLeftovers?: (report: LeftoversReport) => void;
}

/**
 * Runs `body` with a new {@link TaskGroup} and waits for every task it started (the
 * structured-concurrency form of asyncio's `async with TaskGroup() as tg`). The first
 * failing task cancels its siblings and the body; all errors are raised together as an
 * {@link ExceptionGroup}. If the body throws, the children are cancelled and the body's
 * error is part of the group. Cancelling the calling task cancels everything and
 * propagates `CancelledError`.
 *
 * Resolves with the body's value, or with `undefined` when {@link TaskGroup.cancel} cut the
 * body short (trio's `move_on`: the group is left quietly, and the value the body never
 * returned does not exist); a body that returned before the group was cancelled still gives
 * its value. Hence the `Promise<R | undefined>` type: a group nobody cancels gives `R`.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const results = await taskGroup(async (tg) => {
 *     const a = tg.createTask(() => sleep(10, "a"));
 *     const b = tg.createTask(() => sleep(20, "b"));
 *     return [a, b];
 *   });
 *   // `undefined` only if something called tg.cancel() before the body returned.
 *   console.log(results?.map((t) => t.result())); // ["a", "b"]
 * });
 * ```
 */
export async function taskGroup<R>(
  body: (tg: TaskGroup) => R | PromiseLike<R>,
  options: TaskGroupOptions = {},
): Promise<R | undefined> {
  assertFunction("body", body);
  assertObject("options", options);
  const { signal, onLeftovers } = options;
  assertOptionalSignal(signal);
  if (onLeftovers !== undefined) assertFunction("onLeftovers", onLeftovers);
  if (signal?.aborted === true) throw signal.reason;
  const tg = new TaskGroup();
  let aborted = false;
  const onAbort = {
    cancel: (): void => {
      aborted = true;
      tg.cancel();
    },
  };
  const link = signal === undefined ? undefined : linkSignal(signal, onAbort);
  let result: R | undefined;
  try {
    result = await runBody(tg, body);
  } finally {
    link?.detach(onAbort);
    tg._reportLeftovers(onLeftovers);
  }
  if (aborted) throw signal!.reason;
  return result;
}

async function runBody<R>(
  tg: TaskGroup,
  body: (tg: TaskGroup) => R | PromiseLike<R>,
): Promise<R | undefined> {
  let result: R;
  try {
    result = await body(tg);
  } catch (error) {
    // _exit throws the group when the body failed with another error; a CancelledError
    // it does not replace propagates, as it does out of asyncio's `async with`, unless it
    // came from tg.cancel().
    if (await tg._exit(true, error)) return undefined;
    throw error;
  }
  await tg._exit(false, undefined);
  return result;
}

/**
 * The Future {@link TaskGroup.start} returns, and the child's `started` callback: until
 * `started(value)`, the child belongs to the caller, and its outcome settles this future.
 */
class Starting<T> extends Future<T> {
  child: Task<unknown> | undefined;
  adopt: ((task: Task<unknown>) => void) | undefined;

  readonly started = (value: T): void => {
    if (this.adopt === undefined) throw new RuntimeError("started() was already called");
    const adopt = this.adopt;
    this.adopt = undefined;
    if (this.done()) return; // the caller gave up waiting: the child is cancelled anyway
    adopt(this.child!);
    this.setResult(value);
  };

  readonly onChildDone = (child: Future<unknown>): void => {
    if (this.adopt === undefined || this.done()) return;
    this.adopt = undefined;
    if (child.cancelled()) super.cancel();
    else if (child.exception() !== undefined) this.setException(child.exception());
    else this.setException(new RuntimeError("the child returned without calling started()"));
  };

  /** Cancels the child that has not called `started` yet. */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    this.child?.cancel(msg);
    return super.cancel(msg);
  }
}
