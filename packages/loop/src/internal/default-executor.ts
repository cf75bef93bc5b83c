/**
 * The loop's side of `runInExecutor`: the lazily created default worker pool and the
 * submission of one job, settled into a Future of the loop.
 */
import { pathToFileURL } from "node:url";
import { WorkerPoolExecutor, type Executor } from "../executor.js";
import { Future } from "../future.js";
import type { AbstractEventLoop, ExecutorCall, Logger } from "../types.js";
import { expected } from "./validate.js";

/** The default executor (asyncio's `_default_executor`): created on first use. */
export class DefaultExecutor {
  #executor: Executor | undefined;

  /** The pool, created now if there is none. */
  get(): Executor {
    return (this.#executor ??= new WorkerPoolExecutor());
  }

  /** Forgets the pool and waits for it to shut down; a later `get()` makes a new one. */
  async shutdown(): Promise<void> {
    const executor = this.#executor;
    this.#executor = undefined;
    if (executor !== undefined) await executor.shutdown();
  }

  /** Forgets the pool and shuts it down without waiting, logging a failure. */
  shutdownInBackground(logger: Logger): void {
    const executor = this.#executor;
    this.#executor = undefined;
    if (executor !== undefined) {
      executor
        .shutdown()
        .catch((error: unknown) => logger.error("Error shutting down the default executor", error));
    }
  }
}

/**
 * Submits `job` with `args` to `executor` (or the default one) and returns a Future of
 * `loop` for its outcome; cancelling that future aborts the job.
 */
export function submitJob<R>(
  loop: AbstractEventLoop,
  executor: Executor | null,
  defaultExecutor: DefaultExecutor,
  job: ExecutorCall,
  args: unknown[],
): Future<R> {
  const specifier = resolveModule(job.module);
  const name = job.name ?? "default";
  if (typeof name !== "string") throw new TypeError(expected("name", "a string", name));
  const pool = executor ?? defaultExecutor.get();
  const future = new Future<R>({ loop });
  const controller = new AbortController();
  future.addDoneCallback((done) => {
    if (done.cancelled()) controller.abort(done._makeCancelledError());
  });
  const submitted = pool.submit(
    {
      module: specifier,
      name,
      args,
      ...(job.transferList === undefined ? {} : { transferList: job.transferList }),
    },
    controller.signal,
  );
  // A virtual clock must not jump ahead of a job it cannot see run (released when it ends).
  const release = loop.clock.paceWithRealTime?.();
  submitted.then(
    (value) => {
      release?.();
      if (!future.done() && !loop.isClosed()) future.setResult(value as R);
    },
    (error: unknown) => {
      release?.();
      if (!future.done() && !loop.isClosed()) future.setException(error);
    },
  );
  return future;
}

/**
 * A job's module as something the worker can import: URLs and absolute paths become file:
 * URLs, package names stay. A relative path is refused: the worker would resolve it against
 * its own file inside this package, not the caller's.
 */
export function resolveModule(module: unknown): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== "string" || module === "") {
    throw new TypeError(expected("module", "a URL or a non-empty string", module));
  }
  if (/^\.\.?([\\/]|$)/.test(module)) {
    throw new TypeError(
      `${expected("module", "a URL, an absolute path or a package name", module)}: a relative path would be resolved against the worker's file, not yours; pass \`new URL(${JSON.stringify(module)}, import.meta.url)\``,
    );
  }
  if (module.startsWith("/") || /^[A-Za-z]:[\\/]/.test(module)) return pathToFileURL(module).href;
  return module;
}
