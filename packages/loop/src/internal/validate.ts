import { inspect } from "node:util";

/** Formats a value for a validation message: `` `NaN` (number)``. */
export function describeValue(value: unknown): string {
  const shown =
    typeof value === "function"
      ? `[Function ${value.name === "" ? "(anonymous)" : value.name}]`
      : inspect(value, { depth: 0, breakLength: Infinity });
  return `\`${shown}\` (${value === null ? "null" : typeof value})`;
}

/** Throws a TypeError in p-queue's shape unless `value` is a function. */
export function assertFunction(
  name: string,
  value: unknown,
): asserts value is (...args: never[]) => unknown {
  if (typeof value !== "function") {
    throw new TypeError(`Expected \`${name}\` to be a function, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a finite number >= 0 (TypeError for a non-number, RangeError otherwise). */
export function assertDelay(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(
      `Expected \`${name}\` to be a finite number >= 0, got ${describeValue(value)}`,
    );
  }
  if (!(value >= 0) || value === Infinity) {
    throw new RangeError(
      `Expected \`${name}\` to be a finite number >= 0, got ${describeValue(value)}`,
    );
  }
}

/** Throws unless `value` is a finite number (TypeError for a non-number, RangeError otherwise). */
export function assertFiniteNumber(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number") {
    throw new TypeError(`Expected \`${name}\` to be a finite number, got ${describeValue(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`Expected \`${name}\` to be a finite number, got ${describeValue(value)}`);
  }
}
