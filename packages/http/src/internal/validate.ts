/**
 * Argument checks with p-queue's message shape:
 * ``Expected `delay` to be a finite number >= 0, got `NaN` (number)``.
 */

/** Renders a value for an error message. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol") return value.toString();
  if (typeof value === "function") return "[Function]";
  if (typeof value === "object" && value !== null) {
    try {
      return JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

function typeName(value: unknown): string {
  return value === null ? "null" : typeof value;
}

/** The message for a bad argument. */
export function expected(name: string, what: string, value: unknown): string {
  return `Expected \`${name}\` to be ${what}, got \`${show(value)}\` (${typeName(value)})`;
}

/**
 * A number >= 0 (milliseconds, sizes), `Infinity` included where `allowInfinity`; TypeError
 * if not a number, RangeError if out of range. The message says which of the two is wanted.
 */
export function checkNonNegative(name: string, value: unknown, allowInfinity = false): number {
  const what = allowInfinity ? "a number >= 0" : "a finite number >= 0";
  if (typeof value !== "number") throw new TypeError(expected(name, what, value));
  if (Number.isNaN(value) || value < 0 || (!allowInfinity && !Number.isFinite(value))) {
    throw new RangeError(expected(name, what, value));
  }
  return value;
}

/** An integer >= `min`. */
export function checkInteger(name: string, value: unknown, min: number): number {
  if (typeof value !== "number") throw new TypeError(expected(name, `an integer >= ${min}`, value));
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(expected(name, `an integer >= ${min}`, value));
  }
  return value;
}

/** A boolean. */
export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new TypeError(expected(name, "a boolean", value));
  return value;
}

/** A function. */
export function checkFunction(name: string, value: unknown): void {
  if (typeof value !== "function") throw new TypeError(expected(name, "a function", value));
}

/** A size in bytes: an integer >= 0, or `Infinity` (no bound). */
export function checkSize(name: string, value: unknown): number {
  const what = "an integer >= 0 or Infinity";
  if (typeof value !== "number") throw new TypeError(expected(name, what, value));
  if (value !== Infinity && (!Number.isInteger(value) || value < 0)) {
    throw new RangeError(expected(name, what, value));
  }
  return value;
}
