/**
 * `toThread` (asyncio's `to_thread`, on the loop's worker-thread pool).
 */
import { getRunningLoop, type Future } from "@aiots/loop";
import { expected } from "@aiots/loop/internal";

/**
 * A job for a worker thread: the module to load and the name of the export to call
 * (worker threads cannot receive closures).
 *
 * @example
 * ```ts
 * const job: ThreadJob = { module: new URL("./hash.js", import.meta.url), name: "sha256" };
 * ```
 */
export interface ThreadJob {
  /** A module path or URL the worker can import. */
  module: string | URL;
  /** The export to call; default `"default"`. */
  name?: string;
}

/**
 * Runs blocking or CPU-bound work on the loop's default worker-thread pool without
 * blocking the loop (asyncio's `to_thread`). `args` must be structured-cloneable.
 * Cancelling the awaiting task (or the returned Future) abandons the job: its result is
 * ignored (a thread cannot be interrupted, as in asyncio).
 *
 * @example
 * ```ts
 * // hash.mjs: export function sha256(text) { ... }
 * const digest = await toThread<string>({ module: new URL("./hash.mjs", import.meta.url), name: "sha256" }, "data");
 * ```
 */
export function toThread<R>(job: ThreadJob, ...args: unknown[]): Future<R> {
  if (
    typeof job !== "object" ||
    job === null ||
    (typeof job.module !== "string" && !(job.module instanceof URL))
  ) {
    throw new TypeError(expected("job", "{ module: string | URL, name?: string }", job));
  }
  if (job.name !== undefined && typeof job.name !== "string") {
    throw new TypeError(expected("job.name", "a string", job.name));
  }
  return getRunningLoop().runInExecutor<R>(null, job, ...args);
}
