// A job for toThread: plain JavaScript so that a worker thread loads it without a
// TypeScript loader. Spins the CPU for `ms` real milliseconds, like blocking code does.
import { performance } from "node:perf_hooks";

/** Busy-waits `ms` ms of real time; returns how many times it spun. */
export function busyWait(ms) {
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins++;
  return spins;
}
