/**
 * Argument checks for every aiots package, in p-queue's message shape:
 * ``Expected `concurrency` to be a number from 1 and up, got `0` (number)``.
 *
 * The one place that prints a bad value, so that @aiots/loop, @aiots/tasks and @aiots/http
 * show the same value the same way. The other packages import it as `@aiots/loop/internal`,
 * a subpath export for the aiots packages only: not public API, not in the loop's `.d.ts`
 * or README, and free to change in any release.
 */
import { inspect } from "node:util";

/**
 * Formats a value for a validation message: `` `NaN` (number)``, `` `'GET '` (string)``,
 * `` `{ a: 1 }` (object)``, `` `[Function tick]` (function)``.
 */
export function describeValue(value: unknown): string {
  const shown =
    typeof value === "function"
      ? `[Function ${value.name === "" ? "(anonymous)" : value.name}]`
      : inspect(value, { depth: 0, breakLength: Infinity });
  return `\`${shown}\` (${value === null ? "null" : typeof value})`;
}

/** The message for a bad argument: ``Expected `name` to be <what>, got `value` (type)``. */
export function expected(name: string, what: string, value: unknown): string {
  return `Expected \`${name}\` to be ${what}, got ${describeValue(value)}`;
}

/** Whether `value` has a callable `then` (a Promise, a Future, a Coroutine...). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** TypeError unless `value` is a function. */
export function assertFunction(
  name: string,
  value: unknown,
): asserts value is (...args: never[]) => unknown {
  if (typeof value !== "function") throw new TypeError(expected(name, "a function", value));
}

/** TypeError unless `value` is an object (not null; an options bag, an observer...). */
export function assertObject(name: string, value: unknown): asserts value is object {
  if (typeof value !== "object" || value === null) {
    throw new TypeError(expected(name, "an object", value));
  }
}

/** TypeError unless `value` is a boolean. */
export function assertBoolean(name: string, value: unknown): asserts value is boolean {
  if (typeof value !== "boolean") throw new TypeError(expected(name, "a boolean", value));
}

/** TypeError unless `value` is awaitable (has a `then` method). */
export function assertAwaitable(
  name: string,
  value: unknown,
): asserts value is PromiseLike<unknown> {
  if (!isThenable(value)) {
    throw new TypeError(expected(name, "an awaitable (Future, Task, Coroutine or Promise)", value));
  }
}

/**
 * A delay in ms for `callLater` and the like: a finite number >= 0. TypeError for a
 * non-number, RangeError for NaN, a negative value or `Infinity`.
 */
export function assertDelay(name: string, value: unknown): asserts value is number {
  const what = "a finite number >= 0";
  if (typeof value !== "number") throw new TypeError(expected(name, what, value));
  if (!(value >= 0) || value === Infinity) throw new RangeError(expected(name, what, value));
}

/**
 * A sleep or timeout in ms: a number >= 0, `Infinity` meaning "never" (where
 * {@link assertDelay} wants a finite one). TypeError for a non-number, RangeError for NaN or
 * a negative value.
 */
export function assertTimeout(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") throw new TypeError(expected(name, "a number >= 0", value));
  if (!(value >= 0)) throw new RangeError(expected(name, "a number >= 0", value));
}

/** An optional timeout: `undefined`/`null` (none) or a number >= 0 (`Infinity` = none). */
export function assertOptionalTimeout(
  name: string,
  value: unknown,
): asserts value is number | null | undefined {
  if (value === undefined || value === null) return;
  const what = "a number >= 0, null or undefined";
  if (typeof value !== "number") throw new TypeError(expected(name, what, value));
  if (!(value >= 0)) throw new RangeError(expected(name, what, value));
}

/** A finite number (TypeError for a non-number, RangeError for NaN/±Infinity). */
export function assertFiniteNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") throw new TypeError(expected(name, "a finite number", value));
  if (!Number.isFinite(value)) throw new RangeError(expected(name, "a finite number", value));
}

/** An integer >= `min` (TypeError for a non-number, RangeError otherwise). */
export function assertInteger(name: string, value: unknown, min: number): asserts value is number {
  const what = `an integer >= ${min}`;
  if (typeof value !== "number") throw new TypeError(expected(name, what, value));
  if (!Number.isInteger(value) || value < min) throw new RangeError(expected(name, what, value));
}

/**
 * A size or capacity: an integer >= 0, or `Infinity` (no bound). TypeError for a
 * non-number, RangeError otherwise.
 */
export function assertSize(name: string, value: unknown): asserts value is number {
  const what = "an integer >= 0 or Infinity";
  if (typeof value !== "number") throw new TypeError(expected(name, what, value));
  if (value !== Infinity && !(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(expected(name, what, value));
  }
}
