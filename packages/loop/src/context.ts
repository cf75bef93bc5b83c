/**
 * The running loop and the current awaiter (a Task), carried by one `AsyncLocalStorage`.
 *
 * Every batch of ready callbacks runs inside `runInContext({ loop, awaiter: undefined })`;
 * a task runs each of its steps inside `runInContext({ loop, awaiter: task })`, and the
 * async continuations inherit that context, so `Future.then` (called by `await`) sees the
 * task that is waiting.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { RuntimeError } from "./errors.js";
import type { AbstractEventLoop, LoopContext } from "./types.js";

// One storage per process, shared by the ESM and CJS copies of this package.
const storageKey = Symbol.for("@aiots/loop:context");
const globalSlot = globalThis as unknown as Record<
  symbol,
  AsyncLocalStorage<LoopContext> | undefined
>;
const storage: AsyncLocalStorage<LoopContext> = (globalSlot[storageKey] ??=
  new AsyncLocalStorage<LoopContext>());

/**
 * The loop context of the code that is running, or `undefined` outside any loop's work.
 *
 * @example
 * ```ts
 * const task = currentContext()?.awaiter;
 * ```
 */
export function currentContext(): LoopContext | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` with `context` as the current loop context; promise continuations created
 * inside inherit it.
 *
 * @example
 * ```ts
 * runInContext({ loop, awaiter: task }, () => task.step());
 * ```
 */
export function runInContext<R>(context: LoopContext, fn: () => R): R {
  return storage.run(context, fn);
}

/**
 * `runInContext(context, () => fn(arg))` without the closure, for hot paths: runs
 * `fn(arg)` with `context` as the current loop context.
 *
 * @example
 * ```ts
 * runInContextWith({ loop, awaiter: task }, (t) => t.toString(), task);
 * ```
 */
export function runInContextWith<A, R>(context: LoopContext, fn: (arg: A) => R, arg: A): R {
  return storage.run(context, fn, arg);
}

/**
 * Makes `context` the current loop context for the rest of the async scope that is
 * running: for code that runs inside a scope entered for it alone (an
 * `AsyncResource.runInAsyncScope`, which restores the outer context when it returns). One
 * store change where `runInContext` makes two (set, then restore); called anywhere else,
 * the context stays on after the caller's code, so prefer {@link runInContextWith}.
 *
 * @example
 * ```ts
 * creation.runInAsyncScope(() => {
 *   enterContext(task);
 *   task._runTarget();
 * });
 * ```
 */
export function enterContext(context: LoopContext): void {
  storage.enterWith(context);
}

// What to do about it, since the usual cause is code called outside `run()`.
const NO_RUNNING_LOOP =
  "no running event loop: call this from code that `run(main)` (from @aiots/tasks) runs, " +
  "e.g. `await run(async () => { ... })`, or from a task or a loop callback";

/** The running loop (the public `getRunningLoop()` narrows it to `EventLoop`). */
export function runningLoop(): AbstractEventLoop {
  const loop = runningLoopOrUndefined();
  if (loop === undefined) throw new RuntimeError(NO_RUNNING_LOOP);
  return loop;
}

/** The running loop, or `undefined`. */
export function runningLoopOrUndefined(): AbstractEventLoop | undefined {
  const loop = storage.getStore()?.loop;
  // A stopped loop's last continuations still see their loop (their callbacks stay queued
  // for the next run, as in asyncio); a closed loop is gone.
  return loop === undefined || loop.isClosed() ? undefined : loop;
}
