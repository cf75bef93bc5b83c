/**
 * The loop's error classes, named as asyncio names them.
 *
 * `instanceof` works across the ESM and CJS builds of this package (the dual-package
 * hazard): each class recognises instances by a brand registered with `Symbol.for`, not
 * by prototype identity alone.
 */

/**
 * Makes `instanceof` work across copies of an error class, such as the ESM and CJS builds
 * of one package loaded side by side (the dual-package hazard): instances carry a brand
 * registered with `Symbol.for(id)`, and the class recognises the brand rather than its own
 * prototype. Subclasses keep ordinary `instanceof` unless they are branded too.
 *
 * @param cls - the error class to brand.
 * @param id - a process-wide unique id, by convention `"@scope/package:ClassName"`.
 * @example
 * ```ts
 * export class ClientError extends Error {
 *   override name = "ClientError";
 * }
 * brandErrorClass(ClientError, "@aiots/http:ClientError");
 * ```
 */
export function brandErrorClass(cls: abstract new (...args: never[]) => Error, id: string): void {
  const brand = Symbol.for(id);
  Object.defineProperty(cls.prototype, brand, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, instance: unknown): boolean {
      if (this !== cls) {
        // A subclass that was not branded itself: plain prototype-chain semantics.
        return Function.prototype[Symbol.hasInstance].call(this, instance);
      }
      return (
        typeof instance === "object" &&
        instance !== null &&
        (instance as Record<symbol, unknown>)[brand] === true
      );
    },
  });
}

/**
 * The operation was cancelled: thrown into a task by `task.cancel()` at the library
 * awaitable it is blocked on.
 *
 * @example
 * ```ts
 * try {
 *   await sleep(1000);
 * } catch (error) {
 *   if (error instanceof CancelledError) console.log("cancelled:", error.message);
 *   throw error;
 * }
 * ```
 */
export class CancelledError extends Error {
  override name = "CancelledError";
  readonly code: string = "ERR_AIOTS_CANCELLED";
}
brandErrorClass(CancelledError, "@aiots/loop:CancelledError");

/**
 * @internal A `CancelledError` made by the library itself (a cancelled future's error),
 * without a captured stack trace unless `withStack`. Capturing a stack costs ~5-8 µs on
 * Node 20-24 (`new Error()` walks and symbolises the frames), which made cancelling 100k
 * tasks cost more than everything else together; and the stack of an error made inside a
 * loop callback shows only loop internals, never the user's await. So the error is a
 * full `CancelledError` (class, `name`, `message`, `code`, `instanceof`), and its `stack`
 * is the header line only (`"CancelledError: msg"`). A debug loop captures stacks.
 */
export function makeCancelledError(message: string, withStack: boolean): CancelledError {
  if (withStack) return new CancelledError(message);
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new CancelledError(message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * An operation is not allowed in the current state: a Future settled twice, or its
 * `result()` read before it is done.
 *
 * @example
 * ```ts
 * const fut = loop.createFuture<number>();
 * fut.setResult(1);
 * fut.setResult(2); // throws InvalidStateError
 * ```
 */
export class InvalidStateError extends Error {
  override name = "InvalidStateError";
  readonly code: string = "ERR_AIOTS_INVALID_STATE";
}
brandErrorClass(InvalidStateError, "@aiots/loop:InvalidStateError");

/**
 * A deadline passed: raised by `waitFor`, `timeout` and the HTTP client's timeouts.
 *
 * @example
 * ```ts
 * try {
 *   await waitFor(sleep(5000), 100);
 * } catch (error) {
 *   if (error instanceof TimeoutError) console.log("too slow");
 * }
 * ```
 */
export class TimeoutError extends Error {
  override name = "TimeoutError";
  readonly code: string = "ERR_AIOTS_TIMEOUT";
}
brandErrorClass(TimeoutError, "@aiots/loop:TimeoutError");

/**
 * The loop was used in a way it cannot serve: no running loop, a loop started inside a
 * running one, or a call into a closed loop.
 *
 * @example
 * ```ts
 * try {
 *   getRunningLoop();
 * } catch (error) {
 *   if (error instanceof RuntimeError) console.log(error.message); // "no running event loop: call this from code ..."
 * }
 * ```
 */
export class RuntimeError extends Error {
  override name = "RuntimeError";
  readonly code: string = "ERR_AIOTS_RUNTIME";
}
brandErrorClass(RuntimeError, "@aiots/loop:RuntimeError");
