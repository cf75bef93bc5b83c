import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { getRunningLoop, run, VirtualClock, type RunOptions } from "../src/index.js";

/** run() on a fresh VirtualClock: sleeps are instant in real time, loop time is exact. */
export function runVirtual<T>(
  main: () => T | PromiseLike<T>,
  options: RunOptions = {},
): Promise<T> {
  return run(main, { clock: new VirtualClock(), ...options });
}

/** The running loop's time (ms). */
export function now(): number {
  return getRunningLoop().time();
}

setFlagsFromString("--expose-gc");
const gcFn = runInNewContext("gc") as () => void;

/** Forces a full garbage collection, then lets finalizers run. */
export async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gcFn();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Resumes exactly one loop iteration later (a callSoon hop), unlike sleep(0) which takes two. */
export function nextIteration(): Promise<void> {
  const loop = getRunningLoop();
  return new Promise((resolve) => loop.callSoon(resolve));
}

/** What `promise` rejected with (the string "resolved" if it did not). */
export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  let outcome: unknown = "resolved";
  await Promise.resolve(promise).then(undefined, (error: unknown) => {
    outcome = error;
  });
  return outcome;
}
