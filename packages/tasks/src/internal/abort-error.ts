import { CancelledError } from "@aiots/loop";

/**
 * The `CancelledError` that `error` stands for, or `undefined`: a `CancelledError` is
 * itself, and an `AbortError` whose `cause` (or itself) is `reason` (the reason a task's
 * `signal` was aborted with, see `Task.signal`) is that cancellation. Node's `fs`,
 * `timers/promises`, `events.once`, `stream` and `child_process` reject with
 * `AbortError { cause: signal.reason }`; `fetch` rejects with the reason itself.
 */
export function cancellationOf(error: unknown, reason: unknown): CancelledError | undefined {
  if (error instanceof CancelledError) return error;
  if (reason === undefined || typeof error !== "object" || error === null) return undefined;
  const { name, cause } = error as { name?: unknown; cause?: unknown };
  if (name === "AbortError" && cause === reason && reason instanceof CancelledError) return reason;
  return undefined;
}
