/**
 * The loop's side of `runInExecutor`: the lazily created default worker pool and the
 * submission of one job, settled into a Future of the loop.
 */
import type { EventLoop } from "../event-loop.js";
import type { ExecutorCall, Logger } from "../event-loop-options.js";
import { WorkerPoolExecutor, type Executor } from "../executor.js";
import type { Future } from "../future.js";
import { resolveModule } from "./loop-helpers.js";
import { describeValue } from "./validate.js";

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
  loop: EventLoop,
  executor: Executor | null,
  defaultExecutor: DefaultExecutor,
  job: ExecutorCall,
  args: unknown[],
): Future<R> {
  const specifier = resolveModule(job.module);
  const name = job.name ?? "default";
  if (typeof name !== "string")
    throw new TypeError(`Expected \`name\` to be a string, got ${describeValue(name)}`);
  const pool = executor ?? defaultExecutor.get();
  const future = loop.createFuture<R>();
  const controller = new AbortController();
  future.addDoneCallback((done) => {
    if (done.cancelled()) controller.abort(done._makeCancelledError());
  });
  pool
    .submit(
      {
        module: specifier,
        name,
        args,
        ...(job.transferList === undefined ? {} : { transferList: job.transferList }),
      },
      controller.signal,
    )
    .then(
      (value) => {
        if (!future.done() && !loop.isClosed()) future.setResult(value as R);
      },
      (error: unknown) => {
        if (!future.done() && !loop.isClosed()) future.setException(error);
      },
    );
  return future;
}
