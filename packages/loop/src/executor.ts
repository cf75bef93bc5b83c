/**
 * Running a module's export off the loop, on a pool of worker threads (piscina).
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import type { TransferListItem } from "node:worker_threads";
import type { Piscina } from "piscina";

const ERROR_KEY = "@aiots/loop:error";

/**
 * One job for an {@link Executor}: `module`'s export `name` called with `args`.
 *
 * @example
 * ```ts
 * const job: ExecutorJob = { module: "file:///app/hash.mjs", name: "sha256", args: ["abc"] };
 * ```
 */
export interface ExecutorJob {
  /** A `file:` URL (or any specifier the worker can import). */
  readonly module: string;
  readonly name: string;
  /** Structured-cloneable arguments. */
  readonly args: readonly unknown[];
  /** Arguments to transfer rather than copy (ArrayBuffers, MessagePorts). */
  readonly transferList?: readonly TransferListItem[];
}

/**
 * What `loop.runInExecutor` runs jobs on. Implement it to plug in another pool.
 *
 * @example
 * ```ts
 * const inline: Executor = {
 *   async submit(job) {
 *     const mod = await import(job.module);
 *     return mod[job.name](...job.args);
 *   },
 *   async shutdown() {},
 * };
 * ```
 */
export interface Executor {
  /** Runs the job; rejects when it fails; aborts it (as far as it can) when `signal` aborts. */
  submit(job: ExecutorJob, signal: AbortSignal): Promise<unknown>;
  /** Stops the workers; pending jobs are abandoned. */
  shutdown(): Promise<void>;
}

/**
 * Options of {@link WorkerPoolExecutor}.
 *
 * @example
 * ```ts
 * const options: WorkerPoolExecutorOptions = { maxThreads: 2, idleTimeout: 1000 };
 * ```
 */
export interface WorkerPoolExecutorOptions {
  /** Default: `os.availableParallelism()`. */
  maxThreads?: number;
  /** Default: 0 (threads start on demand). */
  minThreads?: number;
  /** Real ms an idle thread lives. Default: 1000. */
  idleTimeout?: number;
}

/**
 * A pool of worker threads (piscina) for `loop.runInExecutor`. Jobs name a module and an
 * export, since closures cannot cross threads; results, errors (as `Error`s with the
 * original `name`, `message`, `code` and the worker's stack) and transferables come back.
 * Idle threads do not keep the process alive.
 *
 * @example
 * ```ts
 * const pool = new WorkerPoolExecutor({ maxThreads: 2 });
 * const digest = await loop.runInExecutor(pool, { module: new URL("./hash.mjs", import.meta.url), name: "sha256" }, "abc");
 * await pool.shutdown();
 * ```
 */
export class WorkerPoolExecutor implements Executor {
  readonly #pool: Piscina;
  #shutdown = false;

  constructor(options: WorkerPoolExecutorOptions = {}) {
    const maxThreads = options.maxThreads ?? availableParallelism();
    this.#pool = new (loadPiscina())({
      filename: new URL("./executor-worker.mjs", import.meta.url).href,
      maxThreads,
      minThreads: Math.min(options.minThreads ?? 0, maxThreads),
      idleTimeout: options.idleTimeout ?? 1000,
    });
  }

  /**
   * Runs one job on a worker thread.
   *
   * @example
   * ```ts
   * await pool.submit({ module: url, name: "default", args: [1, 2] }, new AbortController().signal);
   * ```
   */
  async submit(job: ExecutorJob, signal: AbortSignal): Promise<unknown> {
    const task = { module: job.module, name: job.name, args: job.args };
    const result: unknown = await this.#pool.run(task, {
      signal,
      ...(job.transferList === undefined ? {} : { transferList: [...job.transferList] as never }),
    });
    if (typeof result === "object" && result !== null && ERROR_KEY in result) {
      throw rehydrateError((result as Record<string, unknown>)[ERROR_KEY]);
    }
    return result;
  }

  /**
   * Destroys the pool: running jobs are abandoned and the threads terminated.
   *
   * @example
   * ```ts
   * await pool.shutdown();
   * ```
   */
  async shutdown(): Promise<void> {
    if (this.#shutdown) return;
    this.#shutdown = true;
    await this.#pool.destroy();
  }
}

/**
 * piscina's pool class, loaded on the first pool rather than when the package is imported:
 * it costs ~40 ms of startup that programs without an executor never use (issue #13).
 */
function loadPiscina(): typeof Piscina {
  const requireHere = createRequire(import.meta.url);
  return (requireHere("piscina") as { Piscina: typeof Piscina }).Piscina;
}

function rehydrateError(data: unknown): Error {
  const fields = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  const error = new Error(typeof fields.message === "string" ? fields.message : "job failed");
  if (typeof fields.name === "string") error.name = fields.name;
  if (typeof fields.code === "string")
    Object.defineProperty(error, "code", { value: fields.code, enumerable: true });
  if (typeof fields.stack === "string") error.stack = fields.stack;
  return error;
}
