/**
 * The exception-handler chain (asyncio's `call_exception_handler`): the custom handler,
 * then the default one, then a last-resort log line; and the default handler's report.
 */
import type { AbstractEventLoop, ExceptionContext, ExceptionHandler, Logger } from "../types.js";
import { formatContextValue } from "./format.js";

/**
 * Reports `context` to `handler`, or to `loop.defaultExceptionHandler` when there is none.
 * Never throws: a failing handler is reported through the default handler, and a failing
 * default handler through `loop.logger`.
 */
export function callExceptionHandler(
  loop: AbstractEventLoop,
  handler: ExceptionHandler | undefined,
  context: ExceptionContext,
): void {
  if (handler === undefined) {
    try {
      loop.defaultExceptionHandler(context);
    } catch (error) {
      lastResortLog(loop.logger, "Exception in default exception handler", error);
    }
    return;
  }
  try {
    handler(loop, context);
  } catch (error) {
    try {
      loop.defaultExceptionHandler({
        message: "Unhandled error in exception handler",
        exception: error,
        context,
      });
    } catch (inner) {
      lastResortLog(
        loop.logger,
        "Exception in default exception handler while handling an unexpected error in custom exception handler",
        inner,
      );
    }
  }
}

/**
 * The default handler's report: the message, then one `key: value` line per other context
 * entry, then where the context's handle was created (`source`, debug mode) if known.
 */
export function formatExceptionContext(
  context: ExceptionContext,
  source: string | undefined,
): string {
  const lines = [context.message === "" ? "Unhandled exception in event loop" : context.message];
  for (const key of Object.keys(context).sort()) {
    if (key === "message" || key === "exception") continue;
    lines.push(`${key}: ${formatContextValue(context[key])}`);
  }
  if (source !== undefined) lines.push(`Handle created at (most recent call first):\n${source}`);
  return lines.join("\n");
}

function lastResortLog(logger: Logger, message: string, error: unknown): void {
  try {
    logger.error(message, error);
  } catch {
    // The logger itself failed: nothing left to report to.
  }
}
