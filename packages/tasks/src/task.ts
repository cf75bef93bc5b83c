/**
 * Task: a Future that drives an async function, and can really be cancelled (asyncio's
 * Lib/asyncio/tasks.py `Task`, `create_task`, `current_task`); the live tasks, the
 * observers and the unretrieved failures are kept by internal/task-bookkeeping.ts.
 *
 * How cancellation reaches an async function: each task runs its function inside
 * `runInContext({ loop, awaiter: task })`; every `await` of a library Future inside it
 * (also in helper promises started from it) calls `task._onAwait(future)`, so the task
 * knows the pending futures it is blocked on. `task.cancel()` cancels them (asyncio
 * cancels `_fut_waiter`), or, when the task is blocked on something foreign, arms a
 * "must cancel" flag that rejects its next library await.
 */
import { AsyncResource } from "node:async_hooks";
import {
  CancelledError,
  Future,
  RuntimeError,
  currentContext,
  enterContext,
  fulfilledOutcome,
  getRunningLoop,
  isFuture,
  outcomeOf,
  runInContextWith,
  type Awaiter,
  type AbstractEventLoop,
  type LoopContext,
  type Runnable,
} from "@aiots/loop";
import { isCoroutine } from "./coroutine.js";
import {
  addAwaited,
  cancelAwaited,
  pendingAwaited,
  type AwaitedFutures,
} from "./internal/awaited-futures.js";
import { cancellationOf } from "./internal/abort-error.js";
import { brandClass } from "./internal/brand.js";
import { describeValue, isThenable } from "@aiots/loop/internal";
import { assertOptionalSignal, linkSignal } from "./internal/abort-link.js";
import { mirrorIntoFuture } from "./internal/mirror-future.js";
import {
  addFailedTask,
  addLiveTask,
  hasTaskObservers,
  notifyTaskObservers,
  removeLiveTask,
} from "./internal/task-bookkeeping.js";
import { warnRunningPromise } from "./internal/running-promise-warning.js";
import { TaskCancellation } from "./internal/task-cancellation.js";
import type { TaskOptions, TaskTarget } from "./task-options.js";

let taskCounter = 0;

/**
 * Whether `value` is a {@link Task} of this package, from either of its builds (ESM or
 * CJS).
 *
 * @example
 * ```ts
 * isTask(createTask(async () => 1)); // true
 * isTask(Promise.resolve(1)); // false
 * ```
 */
export function isTask(value: unknown): value is Task<unknown> {
  return isBrandedTask(value);
}

/**
 * A Future that runs an async function on the loop: asyncio's `Task`. Create it with
 * {@link createTask} (or a `TaskGroup`). The first step is scheduled with `loop.callSoon`:
 * like asyncio's `create_task`, nothing of the function runs until the creator yields to
 * the loop.
 *
 * `cancel(msg)` makes the library awaitable the task is blocked on (a `sleep`, a Future,
 * `gather`, a lock, a queue...) reject with `CancelledError(msg)` in the same loop
 * iteration; a task blocked on a foreign promise gets it at its next library await or
 * {@link checkpoint}. For foreign APIs, `task.signal` is an `AbortSignal` aborted on
 * cancel. A `CancelledError` that escapes the function makes the task cancelled; catching
 * it and carrying on is allowed and visible through `cancelling()`.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const task = createTask(async () => {
 *     await sleep(10_000);
 *   }, { name: "sleeper" });
 *   await sleep(0);
 *   task.cancel("enough");
 *   try {
 *     await task;
 *   } catch (error) {
 *     console.log(task.cancelled(), error); // true CancelledError: enough
 *   }
 * });
 * ```
 */
export class Task<T = unknown> extends Future<T> implements Awaiter, Runnable {
  // A number until a name is needed: "Task-<n>" is built on demand.
  #name: string | number;
  /** @internal Links of the loop's live-task list. */
  _livePrev: Task<unknown> | undefined;
  /** @internal */
  _liveNext: Task<unknown> | undefined;
  #target: TaskTarget<T> | undefined;
  // The cancellation state, created on first need (see internal/task-cancellation.ts).
  #cancel: TaskCancellation | undefined;
  // The pending futures the function awaits (see internal/awaited-futures.ts).
  #awaited: AwaitedFutures;
  // What the function returned, until the task is done: the Future the task waits for,
  // or the async function's promise.
  #outcome: Future<unknown> | Promise<unknown> | undefined;
  #finishedAt: number | undefined;
  // The creator's async context (every AsyncLocalStorage store), until the first step.
  #creationContext: AsyncResource | undefined;
  /** The task that created this one (`undefined` for a root task). */
  readonly parent: Task<unknown> | undefined;
  /** Loop time (ms) at which the task was created. */
  readonly createdAt: number;
  /**
   * @internal The task is its own loop context (`{ loop, awaiter }`, one object fewer per
   * task): every step of the task runs in it. As a `Runnable`, the step it starts: the
   * loop runs it to its next real suspension before any other task's step.
   */
  get _resumes(): LoopContext {
    return this;
  }

  /** @internal As a {@link LoopContext}: the task's loop. */
  get loop(): AbstractEventLoop {
    return this.getLoop();
  }

  /** @internal As a {@link LoopContext}: the awaiter of the task's code, the task itself. */
  get awaiter(): Awaiter {
    return this;
  }

  /**
   * Prefer {@link createTask}. Schedules the first step at once.
   *
   * @example
   * ```ts
   * const task = new Task(async () => 42, { name: "answer" });
   * ```
   */
  constructor(target: TaskTarget<T>, options?: TaskOptions) {
    // One context lookup for both the loop and the parent task.
    const context = currentContext();
    const running = context?.loop;
    const loop =
      options?.loop ?? (running !== undefined && !running.isClosed() ? running : getRunningLoop());
    super({ loop });
    if (isCoroutine(target)) {
      target._claim();
    } else if (typeof target !== "function" && !isThenable(target)) {
      throw new TypeError(
        `Expected \`target\` to be a function, a Coroutine or an awaitable, got ${describeValue(target)}`,
      );
    }
    const name = options?.name;
    if (name !== undefined && typeof name !== "string") {
      throw new TypeError(`Expected \`name\` to be a string, got ${describeValue(name)}`);
    }
    const signal = options?.signal;
    assertOptionalSignal(signal);
    if (
      typeof target === "object" &&
      !isCoroutine(target) &&
      !isFuture(target) &&
      loop.getDebug()
    ) {
      warnRunningPromise(loop, name);
    }
    this.#name = name ?? ++taskCounter;
    this.#target = target;
    this.createdAt = loop.time();
    const creator = context?.awaiter;
    this.parent = isTask(creator) ? creator : undefined;
    const eagerStart = options?.eagerStart;
    if (eagerStart !== undefined && typeof eagerStart !== "boolean") {
      throw new TypeError(
        `Expected \`eagerStart\` to be a boolean, got ${describeValue(eagerStart)}`,
      );
    }
    const eager = eagerStart === true && loop.isRunning();
    addLiveTask(loop, this);
    // The task itself is queued (see `_run`): no Handle, no argument array. A later first
    // step runs in the creator's async context, carried by one AsyncResource (asyncio's
    // create_task copies the context); an eager one runs now, in it.
    if (!eager) {
      this.#creationContext = new AsyncResource("aiots.Task");
      loop._callSoonRunnable(this);
    }
    if (hasTaskObservers()) notifyTaskObservers("created", this, this.parent);
    // Before an eager first step: an already aborted signal means the body never runs.
    if (signal !== undefined) {
      const link = linkSignal(signal, this);
      if (link !== undefined) this.#cancellation().abortLink = link;
    }
    // asyncio's __eager_start: the first step runs now, as the current task; the task is
    // scheduled again only by what it awaits.
    if (eager) this._run();
  }

  /**
   * The task's name.
   *
   * @example
   * ```ts
   * createTask(work, { name: "worker-1" }).getName(); // "worker-1"
   * ```
   */
  getName(): string {
    const name = this.#name;
    return typeof name === "number" ? `Task-${name}` : name;
  }

  /**
   * Renames the task.
   *
   * @example
   * ```ts
   * currentTask()?.setName("main");
   * ```
   */
  setName(name: string): void {
    if (typeof name !== "string")
      throw new TypeError(`Expected \`name\` to be a string, got ${describeValue(name)}`);
    this.#name = name;
  }

  /**
   * Loop time (ms) at which the task finished, `undefined` while it runs.
   *
   * @example
   * ```ts
   * await task;
   * console.log(task.finishedAt! - task.createdAt); // how long it ran
   * ```
   */
  get finishedAt(): number | undefined {
    return this.#finishedAt;
  }

  /**
   * An `AbortSignal` aborted (with a `CancelledError` reason) when the task is cancelled:
   * hand it to foreign APIs (`fetch`, `fs`, `setTimeout` from `timers/promises`). The
   * `AbortError` they reject with (its `cause` is this reason) is the task's cancellation:
   * escaping the function, it ends the task cancelled. Created on first use; after
   * `uncancel()` brings `cancelling()` back to 0, a fresh one.
   *
   * @example
   * ```ts
   * const response = await fetch(url, { signal: currentTask()!.signal });
   * ```
   */
  get signal(): AbortSignal {
    return this.#cancellation().signal(this.cancelled());
  }

  #cancellation(): TaskCancellation {
    return (this.#cancel ??= new TaskCancellation());
  }

  /**
   * Requests cancellation; returns `false` if the task is already done. The pending
   * library futures the task awaits are cancelled with `msg` (so the await rejects with
   * `CancelledError(msg)` in this loop iteration); if there are none, the next library
   * await of the task rejects instead. Increments `cancelling()`. Cancelling twice is
   * allowed: each call counts.
   *
   * @example
   * ```ts
   * task.cancel("shutting down"); // true
   * ```
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    this._logTraceback = false;
    const c = this.#cancellation();
    c.requested++;
    c.abortIfSignalled(msg);
    if (c.delivering) return true;
    if (!cancelAwaited(this.#awaited, msg)) {
      // Not blocked on a pending library future (not started, running, awaiting something
      // foreign, or its await already completed): the next library await (or the end of
      // the function) delivers it. A second request before that is the same delivery:
      // the await that resumes the task takes it (see `_onResume`). While the function
      // runs on native promises, it may have returned already (see `probeReturn`).
      const outcome = this.#outcome;
      if (!c.mustCancel && outcome !== undefined && !isFuture(outcome)) c.probeReturn();
      c.mustCancel = true;
      c.message = msg;
    }
    return true;
  }

  /**
   * How many cancellation requests are pending (asyncio 3.11 `cancelling()`): `cancel()`
   * adds one, `uncancel()` removes one.
   *
   * @example
   * ```ts
   * task.cancel();
   * task.cancelling(); // 1
   * ```
   */
  cancelling(): number {
    return this.#cancel?.requested ?? 0;
  }

  /**
   * Removes one pending cancellation request and returns how many are left; at 0 a
   * not-yet-delivered cancellation is dropped (asyncio 3.13). For code that caught a
   * `CancelledError` on purpose, as `timeout()` and `TaskGroup` do.
   *
   * @example
   * ```ts
   * try {
   *   await sleep(1000);
   * } catch (error) {
   *   if (currentTask()!.uncancel() > 0) throw error; // someone else wants us gone too
   * }
   * ```
   */
  uncancel(): number {
    return this.#cancel?.uncancel() ?? 0;
  }

  /**
   * @internal The CancelledError `error` stands for: itself, or the cancellation of this
   * task when `error` is an `AbortError` caused by this task's `signal`; else `undefined`.
   */
  _cancellationOf(error: unknown): CancelledError | undefined {
    return cancellationOf(error, this.#cancel?.abortReason);
  }

  /**
   * @internal Ends the task cancelled at once if a cancellation is still undelivered
   * because the function is blocked on something foreign (a plain promise): the function
   * is abandoned (it runs on, its outcome is ignored and its rejection handled). Returns
   * whether it did. For deadlines and Ctrl-C, which must not wait for foreign code.
   */
  _abandonIfBlockedElsewhere(): boolean {
    // A probe still pending: the function may have returned (see `#probeReturn`).
    const c = this.#cancel;
    if (this.done() || c === undefined || !c.mustCancel || c.armProbe !== undefined) return false;
    c.mustCancel = false;
    this.#target = undefined;
    this.#finishCancelled(c.message);
    return true;
  }

  /** asyncio: a Task's result is set by its function only. */
  override setResult(_value: T): never {
    throw new RuntimeError("Task does not support setResult()");
  }

  /** asyncio: a Task's exception is set by its function only. */
  override setException(_error: unknown): never {
    throw new RuntimeError("Task does not support setException()");
  }

  /**
   * The library futures this task is blocked on right now (for the task tree).
   *
   * @example
   * ```ts
   * task.awaiting(); // [<Future pending>]
   * ```
   */
  awaiting(): Future<unknown>[] {
    return pendingAwaited(this.#awaited);
  }

  /**
   * @internal The loop's hook (`Awaiter`): an awaited future's outcome is about to reach
   * this task's function. A cancellation requested since the future completed (armed as
   * "must cancel") is raised there instead, as asyncio's `__step` does. Until the next
   * loop iteration (the function has then resumed), a CancelledError on its way to the
   * function absorbs further `cancel()` calls: one delivery, however many requests.
   */
  _onResume(fulfilled: boolean, value: unknown): CancelledError | undefined {
    if (this.done()) return undefined;
    const c = this.#cancel;
    if (c !== undefined && c.mustCancel) return c.takeRequest(this.getLoop());
    if (!fulfilled && value instanceof CancelledError) {
      this.#cancellation().markDelivering(this.getLoop());
    }
    return undefined;
  }

  /**
   * @internal A CancelledError is about to be raised into this task's function by library
   * code other than an await (TaskGroup's exit): a pending ("must cancel") request merges
   * into it, as asyncio would have thrown it into that same await, and `cancel()` calls
   * until the next loop iteration are counted, not delivered again.
   */
  _raisingCancellation(): void {
    const c = this.#cancellation();
    c.mustCancel = false;
    c.markDelivering(this.getLoop());
  }

  /**
   * @internal Takes a pending ("must cancel") request, to be raised by library code into
   * the function (a `timeout()` abandoning a body stuck on a foreign promise).
   */
  _takePendingCancellation(): CancelledError | undefined {
    const c = this.#cancel;
    if (c === undefined || !c.mustCancel || this.done()) return undefined;
    return c.takeRequest(this.getLoop());
  }

  /** The `Awaiter` hook of `@aiots/loop`, called by `Future.then` inside this task's context (not for users; kept in the types because `Task implements Awaiter`). */
  _onAwait(future: Future<unknown>): unknown {
    if (this.done()) return undefined;
    if (future === this) return new RuntimeError(`Task cannot await on itself: ${this.toString()}`);
    // asyncio's Future.__await__: a done future does not suspend, so it is no place to
    // deliver a cancellation (a put that went through is not undone by its await).
    if (future.done()) return undefined;
    const c = this.#cancel;
    if (c !== undefined && c.mustCancel) {
      // asyncio's __step: a future yielded while a cancellation is pending is cancelled
      // (a library wait withdraws itself, nothing is taken); the await raises through it.
      const refusal = c.takeRequest(this.getLoop());
      return future.cancel(c.message) ? undefined : refusal;
    }
    this.#awaited = addAwaited(this.#awaited, future);
    // A real suspension (asyncio: __step yields a pending future): another step may start.
    if (!future.done()) this.getLoop()._stepSuspended(this);
    return undefined;
  }

  /** @internal */
  override _reprInfo(): string[] {
    const info = super._reprInfo();
    info.splice(1, 0, `name='${this.getName()}'`);
    if (this.cancelling() > 0 && !this.done()) info.splice(0, 1, "cancelling");
    return info;
  }

  // The single step: asyncio re-enters __step at each await; here the async function's
  // continuations inherit the context, so one entry suffices. Methods, not per-instance
  // closures: creating a task allocates as little as possible.
  /**
   * @internal Queued on the loop (a `Runnable`) by the constructor, for the first step,
   * and by the Future the function returned, once it is done.
   */
  _run(): void {
    try {
      // Queued for the first step (no outcome yet), or by the Future the function returned.
      const outcome = this.#outcome;
      if (outcome === undefined) {
        this._step();
      } else {
        this.#outcome = undefined;
        this.#onFutureDone(outcome as Future<unknown>);
      }
    } catch (error) {
      this.getLoop().callExceptionHandler({
        message: `Exception in callback Task._step(${this.toString()})`,
        exception: error,
        task: this,
      });
    }
  }

  /** @internal */
  _step(): void {
    const c = this.#cancel;
    if (c !== undefined && c.mustCancel) {
      // Cancelled before it started: CPython throws into the unstarted coroutine, which
      // never runs its body.
      c.mustCancel = false;
      this.#target = undefined;
      this.#creationContext = undefined;
      this.#finishCancelled(c.message);
      return;
    }
    // The task is its own loop context; its continuations inherit it, and the creator's
    // stores, in which the first step runs.
    const creation = this.#creationContext;
    if (creation === undefined) {
      runInContextWith(this, runTarget, this);
    } else {
      this.#creationContext = undefined;
      creation.runInAsyncScope(runTargetInCreatorContext, this);
    }
  }

  /** @internal Runs the function; called inside the task's context. */
  _runTarget(): void {
    const target = this.#target!;
    this.#target = undefined;
    let outcome: unknown;
    try {
      outcome =
        typeof target === "function"
          ? target()
          : isCoroutine(target)
            ? target._run()
            : isFuture(target)
              ? target
              : // An already-running promise: mirrored into a Future the task awaits, so
                // that `cancel()` abandons it at once (it cannot be stopped from here).
                mirrorIntoFuture(target, this.getLoop());
    } catch (error) {
      this.#onRejected(error);
      return;
    }
    if (isFuture(outcome)) {
      // asyncio's __step: wait on a Future through a done callback (no promise needed).
      const refused = this._onAwait(outcome);
      if (refused !== undefined) {
        this.#onRejected(refused);
        return;
      }
      // The task itself is the done callback (see `_run`): no closure.
      this.#outcome = outcome;
      outcome._addDoneRunnable(this);
    } else if (outcome instanceof Promise && Object.getPrototypeOf(outcome) === Promise.prototype) {
      // An async function's promise. Shared handlers, no closures per task: a native
      // promise reaction runs in the context that was current at `then()` (this task's),
      // so the handlers find the task there.
      this.#outcome = outcome;
      void outcome.then(Task.#fulfilledInContext, Task.#rejectedInContext);
    } else if (isThenable(outcome)) {
      // Any other thenable may call back from anywhere: closures. A `then()` that throws
      // rejects, as `await` does (unless it settled first).
      try {
        outcome.then(
          (value) => this.#onFulfilled(value),
          (error: unknown) => this.#onRejected(error),
        );
      } catch (error) {
        this.#onRejected(error);
      }
    } else {
      this.#onFulfilled(outcome);
    }
  }

  static readonly #fulfilledInContext = (value: unknown): void => {
    Task.#inContext().#onFulfilled(value, true);
  };

  static readonly #rejectedInContext = (error: unknown): void => {
    Task.#inContext().#onRejected(error, true);
  };

  static #inContext(): Task<unknown> {
    const task = currentContext()?.awaiter;
    if (!isTask(task)) throw new RuntimeError("task outcome settled outside its task");
    return task;
  }

  #onFutureDone(future: Future<unknown>): void {
    const fulfilled = fulfilledOutcome(future);
    const value = outcomeOf(future, fulfilled);
    if (fulfilled) this.#onFulfilled(value);
    else this.#onRejected(value);
  }

  // `ended`: called by the reaction to the function's promise, the step's last code.
  #onFulfilled(value: unknown, ended = false): void {
    if (this.done()) return;
    const c = this.#cancel;
    if (c !== undefined) {
      if (c.armProbe !== undefined) {
        // Returned before the request (see `probeReturn`): the result stands.
        c.armProbe = undefined;
        c.mustCancel = false;
      }
      if (c.mustCancel) {
        // Cancelled right before the function returned (CPython: "Task is cancelled right
        // before coro stops").
        c.mustCancel = false;
        this.#finishCancelled(c.message, ended);
        return;
      }
    }
    super.setResult(value as T);
    this.#finish(ended);
  }

  #onRejected(error: unknown, ended = false): void {
    if (this.done()) return;
    const c = this.#cancel;
    if (c !== undefined) {
      c.mustCancel = false;
      c.armProbe = undefined;
    }
    const cancellation = cancellationOf(error, c?.abortReason);
    if (cancellation !== undefined) {
      // CPython: any CancelledError escaping the coroutine cancels the task; awaiting the
      // task re-raises that very error (asyncio's _cancelled_exc).
      this.#cancellation().cancelledError = cancellation;
      this.#finishCancelled(cancellation.message, ended);
      return;
    }
    super.setException(error);
    addFailedTask(this.getLoop(), this);
    this.#finish(ended);
  }

  /**
   * @internal The CancelledError that ended the task, if one did (asyncio's _cancelled_exc);
   * for a task not cancelled, one with the message of a cancellation it was sent while not
   * waiting on a future (asyncio's `_make_cancelled_error` and `_cancel_message`).
   */
  override _makeCancelledError(): CancelledError {
    if (!this.cancelled()) return new CancelledError(this.#cancel?.message ?? "");
    return this.#cancel?.cancelledError ?? super._makeCancelledError();
  }

  #finishCancelled(msg: string | undefined, ended = false): void {
    super.cancel(msg);
    this.#finish(ended);
  }

  #finish(ended: boolean): void {
    const c = this.#cancel;
    if (c?.abortLink !== undefined) {
      c.abortLink.detach(this);
      c.abortLink = undefined;
    }
    const loop = this.getLoop();
    this.#finishedAt = loop.time();
    this.#awaited = undefined;
    this.#outcome = undefined;
    removeLiveTask(loop, this);
    if (hasTaskObservers()) notifyTaskObservers("done", this, undefined);
    // The step ended (asyncio's __step returns): the loop may start the next one.
    loop._stepSuspended(this, ended);
  }
}

function runTarget(task: Task<unknown>): void {
  task._runTarget();
}

// Inside the creator's context (a scope of its own, left when the first step returns):
// one store change instead of runInContextWith's two.
function runTargetInCreatorContext(this: Task<unknown>): void {
  enterContext(this);
  this._runTarget();
}
// `instanceof Task` and `isTask` recognise the tasks of both builds (ESM and CJS).
const isBrandedTask = brandClass(Task, "@aiots/tasks:Task");

/**
 * The task whose code is running, or `undefined` outside any task (asyncio's
 * `current_task()`).
 *
 * @example
 * ```ts
 * await run(async () => {
 *   console.log(currentTask()?.getName()); // "Task-1"
 * });
 * ```
 */
export function currentTask(): Task<unknown> | undefined {
  const awaiter = currentContext()?.awaiter;
  return isTask(awaiter) ? awaiter : undefined;
}
