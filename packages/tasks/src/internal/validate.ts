import { inspect } from "node:util";

/** Formats a value for a validation message: `` `NaN` (number)``. */
export function describeValue(value: unknown): string {
  const shown =
    typeof value === "function"
      ? `[Function ${value.name === "" ? "(anonymous)" : value.name}]`
      : inspect(value, { depth: 0, breakLength: Infinity });
  return `\`${shown}\` (${value === null ? "null" : typeof value})`;
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
  if (typeof value !== "function") {
    throw new TypeError(`Expected \`${name}\` to be a function, got ${describeValue(value)}`);
  }
}

/** TypeError unless `value` is awaitable (has a `then` method). */
export function assertAwaitable(
  name: string,
  value: unknown,
): asserts value is PromiseLike<unknown> {
  if (!isThenable(value)) {
    throw new TypeError(
      `Expected \`${name}\` to be an awaitable (Future, Task, Coroutine or Promise), got ${describeValue(value)}`,
    );
  }
}

/**
 * A sleep or timeout in ms: a number >= 0, `Infinity` meaning "never". (loop's `assertDelay`
 * is the other contract: a finite delay for `callLater`.) TypeError for a non-number,
 * RangeError for NaN or a negative value.
 */
export function assertTimeout(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(`Expected \`${name}\` to be a number >= 0, got ${describeValue(value)}`);
  }
  if (!(value >= 0)) {
    throw new RangeError(`Expected \`${name}\` to be a number >= 0, got ${describeValue(value)}`);
  }
}

/** An optional timeout: `undefined`/`null` (none) or a number >= 0 (`Infinity` = none). */
export function assertOptionalTimeout(
  name: string,
  value: unknown,
): asserts value is number | null | undefined {
  if (value === undefined || value === null) return;
  if (typeof value !== "number") {
    throw new TypeError(
      `Expected \`${name}\` to be a number >= 0, null or undefined, got ${describeValue(value)}`,
    );
  }
  if (!(value >= 0)) {
    throw new RangeError(
      `Expected \`${name}\` to be a number >= 0, null or undefined, got ${describeValue(value)}`,
    );
  }
}

/** An integer >= `min` (TypeError for a non-number, RangeError otherwise). */
export function assertInteger(name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Expected \`${name}\` to be an integer >= ${min}, got ${describeValue(value)}`,
    );
  }
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(
      `Expected \`${name}\` to be an integer >= ${min}, got ${describeValue(value)}`,
    );
  }
}

/** A finite number (TypeError for a non-number, RangeError for NaN/±Infinity). */
export function assertFiniteNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(`Expected \`${name}\` to be a finite number, got ${describeValue(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`Expected \`${name}\` to be a finite number, got ${describeValue(value)}`);
  }
}
