import { CancelledError } from "@aiots/tasks";

/**
 * Awaits a foreign promise that was handed `signal` (a task's `signal`), so that the task's
 * cancellation comes out as the cancellation it is: Node's APIs reject with an `AbortError`
 * whose `cause` is the signal's reason (our `CancelledError`), and a task that ends with that
 * `AbortError` counts as *failed*, not cancelled.
 *
 * Workaround until `@aiots/tasks` does this itself (issue #11, item 3: "an `AbortError`
 * whose reason is the task's own cancellation is that cancellation"); then this helper goes.
 * Either way the foreign operation has settled when it returns or throws: no read is left
 * running behind a cancelled task.
 *
 * @example
 * ```ts
 * const signal = currentTask()!.signal;
 * const bytes = await cancellable(readFile(path, { signal }), signal);
 * ```
 */
export async function cancellable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    const reason: unknown = signal.reason;
    if (signal.aborted && reason instanceof CancelledError && isAbortError(error)) throw reason;
    throw error;
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}
