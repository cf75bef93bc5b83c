/**
 * The running loop and the current awaiter (a Task), carried by one `AsyncLocalStorage`.
 *
 * Every batch of ready callbacks runs inside `runInContext({ loop, awaiter: undefined })`;
 * a task runs each of its steps inside `runInContext({ loop, awaiter: task })`, and the
 * async continuations inherit that context, so `Future.then` (called by `await`) sees the
 * task that is waiting.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { EventLoop } from "./event-loop.js";
import type { Future } from "./future.js";
import { RuntimeError } from "./errors.js";

/**
 * Something that awaits futures on a loop, in practice a Task of `@aiots/tasks`.
 *
 * @example
 * ```ts
 * const awaiter: Awaiter = {
 *   _onAwait: (future) => undefined, // no pending cancellation: let the await proceed
 *   toString: () => "<Task name='worker-1'>",
 * };
 * runInContext({ loop, awaiter }, () => fut.then(console.log));
 * ```
 */
export interface Awaiter {
  /**
   * Called by `Future.then()` when a future is awaited while this awaiter is current.
   * Returns an error to reject that await with at once (a pending cancellation), else
   * `undefined`.
   */
  _onAwait(future: Future<unknown>): unknown;
  /** For debug reports, e.g. `"<Task name='worker-1' ...>"`. */
  toString(): string;
}

/**
 * What `currentContext()` returns: the loop whose work is running, and the awaiter (task)
 * whose step it is, if any.
 *
 * @example
 * ```ts
 * const context: LoopContext = { loop, awaiter: undefined };
 * runInContext(context, () => getRunningLoop() === loop); // true
 * ```
 */
export interface LoopContext {
  readonly loop: EventLoop;
  readonly awaiter: Awaiter | undefined;
}

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

/** @internal `runInContext` with one argument and no closure (for the hot paths). */
export function runInContextWith<A, R>(context: LoopContext, fn: (arg: A) => R, arg: A): R {
  return storage.run(context, fn, arg);
}

// What to do about it, since the usual cause is code called outside `run()`.
const NO_RUNNING_LOOP =
  "no running event loop: call this from code that `run(main)` (from @aiots/tasks) runs, " +
  "e.g. `await run(async () => { ... })`, or from a task or a loop callback";

/**
 * The loop whose work is running (a callback, a task step or a continuation of one).
 * Throws `RuntimeError("no running event loop: ...")` anywhere else, as asyncio's
 * `get_running_loop()` does, with a hint: run the code inside `run(main)`.
 *
 * @example
 * ```ts
 * loop.callSoon(() => {
 *   getRunningLoop() === loop; // true
 * });
 * getRunningLoop(); // throws RuntimeError: no running event loop
 * ```
 */
export function getRunningLoop(): EventLoop {
  const loop = getRunningLoopOrUndefined();
  if (loop === undefined) throw new RuntimeError(NO_RUNNING_LOOP);
  return loop;
}

/**
 * Like `getRunningLoop()`, but returns `undefined` instead of throwing.
 *
 * @example
 * ```ts
 * const loop = getRunningLoopOrUndefined() ?? new EventLoop();
 * ```
 */
export function getRunningLoopOrUndefined(): EventLoop | undefined {
  const loop = storage.getStore()?.loop;
  // A stopped loop's last continuations still see their loop (their callbacks stay queued
  // for the next run, as in asyncio); a closed loop is gone.
  return loop === undefined || loop.isClosed() ? undefined : loop;
}
