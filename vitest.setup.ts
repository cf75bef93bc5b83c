/**
 * Loaded before every test file of every package (`setupFiles` in `vitest.shared.ts`).
 *
 * Two guards against tests that cannot fail:
 * - every test must make at least one assertion (`expect.hasAssertions()`), so a body whose
 *   checks sit in a callback or `catch` that never runs fails instead of passing empty;
 * - futures, tasks and event loops compare by identity in `toEqual`/`toStrictEqual`. Their
 *   state lives in `#private` fields, which a deep equality cannot see, so without this
 *   `expect([a, b]).toEqual([b, a])` passes for any two tasks and only the count is checked.
 */
import { beforeEach, expect } from "vitest";

/** A Future, Task or loop: compared by identity, never structurally. */
function hasIdentity(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const isFuture =
    typeof candidate["addDoneCallback"] === "function" &&
    typeof candidate["cancel"] === "function" &&
    typeof candidate["done"] === "function";
  const isLoop =
    typeof candidate["callSoon"] === "function" &&
    typeof candidate["runUntilComplete"] === "function";
  return isFuture || isLoop;
}

expect.addEqualityTesters([
  function identityOfFuturesAndLoops(a: unknown, b: unknown): boolean | undefined {
    if (hasIdentity(a) || hasIdentity(b)) return Object.is(a, b);
    return undefined;
  },
]);

beforeEach(() => {
  expect.hasAssertions();
});
