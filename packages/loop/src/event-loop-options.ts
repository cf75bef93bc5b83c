/**
 * The options and context types of the event loop (p-queue keeps its options in their own file too).
 */
import type { TransferListItem } from "node:worker_threads";
import type { Clock } from "./clocks.js";
import type { EventLoop } from "./event-loop.js";
import type { Future } from "./future.js";
import type { Handle } from "./handles.js";

/**
 * Where the loop writes its reports (slow callbacks, unhandled exceptions).
 *
 * @example
 * ```ts
 * const logger: Logger = { warn: (m) => log.push(m), error: (m, e) => log.push(m) };
 * ```
 */
export interface Logger {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/**
 * Options of {@link EventLoop}.
 *
 * @example
 * ```ts
 * new EventLoop({ clock: new VirtualClock(), debug: true, slowCallbackDuration: 50 });
 * ```
 */
export interface EventLoopOptions {
  /** Default: a `RealClock`. */
  clock?: Clock;
  /** Debug mode; default: on when the environment variable `AIOTS_DEBUG` is set (not "0"). */
  debug?: boolean;
  /** Real ms a callback or task step may hold the loop before debug mode reports it. Default 100. */
  slowCallbackDuration?: number;
  /** Default: `console`. */
  logger?: Logger;
}

/**
 * What `callExceptionHandler` receives (asyncio's context dict).
 *
 * @example
 * ```ts
 * loop.callExceptionHandler({ message: "Lost connection", exception: error, peer: "10.0.0.1" });
 * ```
 */
export interface ExceptionContext {
  message: string;
  exception?: unknown;
  future?: Future<unknown>;
  task?: unknown;
  handle?: Handle;
  [key: string]: unknown;
}

/**
 * A custom exception handler, set with `loop.setExceptionHandler`.
 *
 * @example
 * ```ts
 * const handler: ExceptionHandler = (loop, context) => report(context.message, context.exception);
 * ```
 */
export type ExceptionHandler = (loop: EventLoop, context: ExceptionContext) => void;

/**
 * A job for `loop.runInExecutor`: the module and the name of its export to call.
 *
 * @example
 * ```ts
 * const job: ExecutorCall = { module: new URL("./work.mjs", import.meta.url), name: "crunch" };
 * ```
 */
export interface ExecutorCall {
  /** A `file:` URL, an absolute path, or a specifier the worker can import. */
  module: string | URL;
  /** The export to call; default `"default"`. */
  name?: string;
  /** Arguments to transfer rather than copy. */
  transferList?: readonly TransferListItem[];
}
