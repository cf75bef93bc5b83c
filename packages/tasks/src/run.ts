/**
 * `run` and `Runner` (asyncio's `runners.py`).
 */
import {
  CancelledError,
  EventLoop,
  RuntimeError,
  getRunningLoopOrUndefined,
  type Clock,
} from "@aiots/loop";
import { isCoroutine, type Coroutine } from "./coroutine.js";
import { KeyboardInterrupt } from "./errors.js";
import { gatherFutures } from "./gather.js";
import { Task } from "./task.js";
import { reportUnretrievedTasks } from "./internal/task-bookkeeping.js";
import { allTasks } from "./task-registry.js";
import { exitQuietlyIfUncaught } from "./internal/quiet-interrupt.js";
import { LeftoverScope } from "./internal/leftover-scope.js";
import type { LeftoversReport } from "./leftovers-report.js";
import { assertOptionalSignal } from "./internal/abort-link.js";
import { expected, assertFunction, assertObject, assertBoolean } from "@aiots/loop/internal";

/**
 * What `run()` and `Runner.run()` accept as the main task: an async (or plain) function, or
 * a {@link Coroutine}.
 *
 * @example
 * ```ts
 * const main: MainTarget<number> = async () => 42;
 * await run(main); // 42
 * ```
 */
export type MainTarget<T> = (() => T | PromiseLike<T>) | Coroutine<T>;

/**
 * Options of {@link run} and {@link Runner}.
 *
 * @example
 * ```ts
 * const options: RunOptions = { debug: true, clock: new VirtualClock() };
 * ```
 */
export interface RunOptions {
  /**
   * Debug mode of the loop: slow callbacks, never-awaited coroutines, ... are reported, and
   * what the program left behind when it ends (see `onLeftovers`).
   */
  debug?: boolean;
  /**
   * Debug mode: receives the {@link LeftoversReport} of `run()` (tasks still running when
   * `main` ended, timers still scheduled, tracked resources such as HTTP responses still
   * open) and of every task group of the loop that has no `onLeftovers` of its own, instead
   * of the loop's exception handler or `console.warn`. Called only when something was left.
   */
  onLeftovers?: (report: LeftoversReport) => void;
  /** The loop's clock; a `VirtualClock` makes sleeps instant in real time. */
  clock?: Clock;
  /** Makes the loop (asyncio's `loop_factory`); `debug` and `clock` are then ignored. */
  loopFactory?: () => EventLoop;
  /**
   * Aborting it cancels the main task, with the signal's reason's message as the
   * `CancelledError` message; `run` then rejects with that `CancelledError` (unless `main`
   * swallows it). The listener is removed when `main` ends.
   */
  signal?: AbortSignal;
}

/** @internal Replaceable in tests: what the second Ctrl-C does. */
export const sigintExit = { exit: (code: number): void => process.exit(code) };

/**
 * asyncio's `Runner`: owns one loop for several `run()` calls, then `close()`s it
 * (cancelling and awaiting the tasks still pending, shutting the executor down, closing
 * the loop). Supports `await using`.
 *
 * @example
 * ```ts
 * await using runner = new Runner({ clock: new VirtualClock() });
 * await runner.run(setUp);
 * await runner.run(main);
 * ```
 */
export class Runner implements AsyncDisposable {
  readonly #options: RunOptions;
  #loop: EventLoop | undefined;
  #closed = false;
  #interruptCount = 0;
  #leftovers: LeftoverScope | undefined;

  /**
   * Nothing is created until the first `run()` or `getLoop()`.
   *
   * @example
   * ```ts
   * const runner = new Runner({ debug: true });
   * ```
   */
  constructor(options: RunOptions = {}) {
    assertObject("options", options);
    if (options.debug !== undefined) assertBoolean("debug", options.debug);
    if (options.loopFactory !== undefined) assertFunction("loopFactory", options.loopFactory);
    if (options.onLeftovers !== undefined) assertFunction("onLeftovers", options.onLeftovers);
    this.#options = options;
  }

  /**
   * The runner's loop (created on first use).
   *
   * @example
   * ```ts
   * runner.getLoop().time();
   * ```
   */
  getLoop(): EventLoop {
    if (this.#closed) throw new RuntimeError("Runner is closed");
    if (this.#loop === undefined) {
      const { loopFactory, debug, clock } = this.#options;
      this.#loop =
        loopFactory !== undefined
          ? loopFactory()
          : new EventLoop({
              ...(clock !== undefined ? { clock } : {}),
              ...(debug !== undefined ? { debug } : {}),
            });
      if (this.#loop.getDebug()) {
        this.#leftovers = LeftoverScope.forRun(this.#loop, this.#options.onLeftovers);
      }
    }
    return this.#loop;
  }

  /**
   * Runs `main` as a task on the loop until it is done and returns its result (rejects
   * with its error). The first SIGINT cancels it (and `run` rejects with
   * `KeyboardInterrupt` unless it swallowed the cancellation); a second one exits the
   * process with code 130. Throws `RuntimeError` when called from inside a running loop.
   *
   * @example
   * ```ts
   * const answer = await runner.run(async () => 42);
   * ```
   */
  run<T>(main: MainTarget<T>, options: { name?: string; signal?: AbortSignal } = {}): Promise<T> {
    if (getRunningLoopOrUndefined() !== undefined) {
      throw new RuntimeError("run() cannot be called from a running event loop");
    }
    if (typeof main !== "function" && !isCoroutine(main)) {
      throw new TypeError(expected("main", "an async function or a Coroutine", main));
    }
    assertOptionalSignal(options.signal);
    return this.#run(main, options.name, options.signal);
  }

  async #run<T>(
    main: MainTarget<T>,
    name: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const loop = this.getLoop();
    const task = new Task<T>(main, {
      loop,
      ...(name !== undefined ? { name } : {}),
      ...(signal !== undefined ? { signal } : {}),
    });
    this.#interruptCount = 0;
    // As asyncio: take over SIGINT only if nobody else handles it.
    const handleSigint = process.listenerCount("SIGINT") === 0;
    if (handleSigint) {
      loop.addSignalHandler("SIGINT", () => {
        this.#interruptCount++;
        if (this.#interruptCount === 1 && !task.done()) {
          task.cancel();
          // Blocked on a plain promise, main would not see the cancellation before that
          // promise settles: one iteration later, it is abandoned and ends cancelled.
          loop.callSoon(() => task._abandonIfBlockedElsewhere());
          return;
        }
        sigintExit.exit(130);
      });
    }
    try {
      return await loop.runUntilComplete(task);
    } catch (error) {
      if (error instanceof CancelledError && this.#interruptCount > 0 && task.uncancel() === 0) {
        throw new KeyboardInterrupt("interrupted (SIGINT)", { cause: error });
      }
      throw error;
    } finally {
      if (handleSigint && !loop.isClosed()) loop.removeSignalHandler("SIGINT");
    }
  }

  /**
   * Cancels every task still pending and waits for them (their `finally` blocks run),
   * shuts the default executor down, reports failed tasks whose exception nobody
   * retrieved and, in debug mode, what was left behind (see `RunOptions.onLeftovers`), and
   * closes the loop. Idempotent.
   *
   * @example
   * ```ts
   * await runner.close();
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const loop = this.#loop;
    this.#loop = undefined;
    if (loop === undefined) return;
    const leftovers = this.#leftovers;
    this.#leftovers = undefined;
    try {
      leftovers?.noteCancelled(allTasks(loop));
      await cancelAllTasks(loop);
      await loop.shutdownDefaultExecutor();
    } finally {
      reportUnretrievedTasks(loop);
      leftovers?.close();
      loop.close();
    }
  }

  /** `await using` support: `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = [...allTasks(loop)];
  if (toCancel.length === 0) return;
  for (const task of toCancel) task.cancel();
  await loop.runUntilComplete(gatherFutures(toCancel, true, loop));
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    const exception = task.exception();
    if (exception !== undefined) {
      loop.callExceptionHandler({
        message: "unhandled exception during run() shutdown",
        exception,
        task,
      });
    }
  }
}

/**
 * Runs `main` on a fresh event loop and returns its result (asyncio's `run`): `main` (an
 * async function or a Coroutine) becomes the root task; when it ends, every task still
 * pending is cancelled and awaited (their `finally` blocks run before `run` settles), the
 * worker pool is shut down and the loop closed. Rejects with `main`'s error. The first
 * Ctrl-C cancels `main` (at once, even while it awaits a plain promise: that await is
 * abandoned) and `run` rejects with `KeyboardInterrupt`; left unhandled, that ends the
 * process with the one line `KeyboardInterrupt: interrupted (SIGINT)` and exit status 130
 * (with `debug: true`, Node's usual stack trace). The second Ctrl-C exits at once.
 * Throws `RuntimeError` inside a running loop.
 *
 * @example
 * ```ts
 * import { run, sleep, createTask } from "@aiots/tasks";
 *
 * await run(async () => {
 *   const say = async (what: string, ms: number) => {
 *     await sleep(ms);
 *     console.log(what);
 *   };
 *   const t1 = createTask(() => say("hello", 1000));
 *   const t2 = createTask(() => say("world", 2000));
 *   await t1;
 *   await t2; // 2 s in total, not 3
 * });
 * ```
 */
export function run<T>(main: MainTarget<T>, options: RunOptions = {}): Promise<T> {
  if (getRunningLoopOrUndefined() !== undefined) {
    throw new RuntimeError("run() cannot be called from a running event loop");
  }
  const runner = new Runner(options);
  const result = runner.run(main, options.signal !== undefined ? { signal: options.signal } : {});
  return (async () => {
    try {
      return await result;
    } catch (error) {
      await runner.close();
      if (error instanceof KeyboardInterrupt && options.debug !== true) {
        exitQuietlyIfUncaught(error);
      }
      throw error;
    } finally {
      await runner.close();
    }
  })();
}
