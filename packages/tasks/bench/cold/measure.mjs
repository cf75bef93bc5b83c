// One cold measurement in this (fresh) process: times `body()` once, with the garbage
// collector's pauses inside that window (PerformanceObserver "gc" entries), the CPU time the
// process spent in it (all threads: steadier than wall time on a shared machine) and the peak
// RSS, and prints them as one JSON line for the runner (index.mjs).
import { PerformanceObserver, performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Runs `body` once and prints `{ ms, cpuMs, gcMs, maxRssMB, ...extra }`; `body` may return an
 * object of extra fields (e.g. bytes per pending task).
 */
export async function measure(body) {
  const entries = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const extra = await body();
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  // GC entries are queued from the collector's callback: let them arrive, then take the rest.
  await nextTurn();
  await nextTurn();
  entries.push(...observer.takeRecords());
  observer.disconnect();
  const gcMs = entries
    .filter((entry) => entry.startTime >= t0 && entry.startTime < t1)
    .reduce((sum, entry) => sum + entry.duration, 0);
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ ms: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, gcMs, maxRssMB, ...extra })}\n`,
  );
}

/**
 * Heap kept per pending item: call `before()` before creating them and `after(n)` while they
 * are pending. Both force a full collection (`--expose-gc`, which the runner passes only to
 * the memory run); the result is in bytes.
 */
export function heapProbe() {
  const gc = globalThis.gc;
  if (typeof gc !== "function") return undefined;
  let base = 0;
  return {
    before() {
      gc();
      base = process.memoryUsage().heapUsed;
    },
    after(n) {
      gc();
      return (process.memoryUsage().heapUsed - base) / n;
    },
  };
}
