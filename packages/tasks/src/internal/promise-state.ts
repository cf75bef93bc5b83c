/**
 * Whether a native promise has settled, read synchronously. JavaScript has no API for
 * it; Node's `util.inspect` reads V8's promise state (`Promise { <pending> }`). About
 * 15 µs, so only for rare paths (a task cancelled while it waits on no library future).
 */
import { inspect } from "node:util";

const options = {
  depth: 0,
  customInspect: false,
  maxArrayLength: 0,
  maxStringLength: 0,
  breakLength: Infinity,
} as const;

/** `true` once `promise` is fulfilled or rejected. */
export function promiseSettled(promise: Promise<unknown>): boolean {
  return !inspect(promise, options).startsWith("Promise { <pending>");
}
