/**
 * Cold benchmarks of `map` and `RateLimiter` (`pnpm bench` runs it after `index.ts`).
 *
 * "Cold": every measurement is one fresh Node process that runs its workload once, so JIT
 * warm-up is included, as a CLI or a serverless function would see it. Each workload runs
 * COLD_RUNS times (alternating between contenders) and the median is reported.
 *
 * - map over 100k items, concurrency 100, `async (x) => x + 1`: aiots `map` vs p-map,
 *   p-limit (`Promise.all` of `limit(fn)`), and the Semaphore form
 *   (`Promise.all` of `sem.withLock(fn)`), each timed from the call to the results.
 * - RateLimiter overhead per acquire: 100k `await limiter.acquire()` in one task with a
 *   limit that is never reached, against 100k uncontended `Semaphore.acquire()`/`release()`.
 *   And 100k acquires queued on a limit of 1000 per 1000 ms on the virtual clock (100
 *   windows), which measures the waiting path.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pLimit from "p-limit";
import pMap from "p-map";
import {
  RateLimiter,
  Semaphore,
  VirtualClock,
  createTask,
  gather,
  map,
  run,
} from "../src/index.js";

const N = 100_000;
const CONCURRENCY = 100;
const COLD_RUNS = 5;

const items = (): number[] => Array.from({ length: N }, (_, i) => i);
const work = async (x: number): Promise<number> => x + 1;

function check(results: number[]): void {
  if (results.length !== N || results[N - 1] !== N) throw new Error("wrong results");
}

/** One workload, run once in this process; returns ms (or ns per acquire). */
const workloads: Record<string, () => Promise<number>> = {
  "aiots map": () =>
    run(async () => {
      const input = items();
      const t0 = performance.now();
      check(await map(input, work, { concurrency: CONCURRENCY }));
      return performance.now() - t0;
    }),
  "p-map": async () => {
    const input = items();
    const t0 = performance.now();
    check(await pMap(input, work, { concurrency: CONCURRENCY }));
    return performance.now() - t0;
  },
  "p-limit": async () => {
    const input = items();
    const t0 = performance.now();
    const limit = pLimit(CONCURRENCY);
    check(await Promise.all(input.map((x) => limit(() => work(x)))));
    return performance.now() - t0;
  },
  "Semaphore.withLock": () =>
    run(async () => {
      const input = items();
      const t0 = performance.now();
      const sem = new Semaphore(CONCURRENCY);
      check(await Promise.all(input.map((x) => sem.withLock(() => work(x)))));
      return performance.now() - t0;
    }),
  "RateLimiter.acquire (free), ns/acquire": () =>
    run(async () => {
      const limiter = new RateLimiter({ limit: 2 ** 31, interval: 1000 });
      const t0 = performance.now();
      for (let i = 0; i < N; i++) await limiter.acquire();
      return ((performance.now() - t0) * 1e6) / N;
    }),
  "Semaphore acquire+release (free), ns/acquire": () =>
    run(async () => {
      const sem = new Semaphore(1);
      const t0 = performance.now();
      for (let i = 0; i < N; i++) {
        await sem.acquire();
        sem.release();
      }
      return ((performance.now() - t0) * 1e6) / N;
    }),
  "RateLimiter.acquire (queued, virtual clock), ns/acquire": () =>
    run(
      async () => {
        const limiter = new RateLimiter({ limit: 1000, interval: 1000 });
        const t0 = performance.now();
        const tasks = Array.from({ length: N }, () => createTask(() => limiter.acquire()));
        await gather(tasks);
        return ((performance.now() - t0) * 1e6) / N;
      },
      { clock: new VirtualClock() },
    ),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function cold(name: string): number {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), name],
    { encoding: "utf8" },
  );
  return Number(out.trim());
}

function fmt(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function table(title: string, names: string[], unit: string, baseline: string): void {
  const times = new Map<string, number[]>(names.map((name) => [name, []]));
  for (let i = 0; i < COLD_RUNS; i++) for (const name of names) times.get(name)!.push(cold(name));
  const base = median(times.get(baseline)!);
  console.log(`\n${title}\n`);
  console.log(`| workload | median ${unit} (cold, ${COLD_RUNS} processes each) | / ${baseline} |`);
  console.log("| --- | --- | --- |");
  for (const name of names) {
    const value = median(times.get(name)!);
    console.log(`| ${name} | ${fmt(value)} | ${(value / base).toFixed(2)}x |`);
  }
}

const only = process.argv[2];
if (only !== undefined) {
  const workload = workloads[only];
  if (workload === undefined) throw new Error(`no workload ${only}`);
  console.log(await workload());
} else {
  console.log(
    `@aiots/tasks map/RateLimiter bench: Node ${process.version}; ${new Date().toISOString()}`,
  );
  table(
    `map over ${N} items, concurrency ${CONCURRENCY}`,
    ["aiots map", "p-map", "p-limit", "Semaphore.withLock"],
    "ms",
    "p-map",
  );
  table(
    `RateLimiter overhead (${N} acquires)`,
    [
      "RateLimiter.acquire (free), ns/acquire",
      "Semaphore acquire+release (free), ns/acquire",
      "RateLimiter.acquire (queued, virtual clock), ns/acquire",
    ],
    "ns",
    "Semaphore acquire+release (free), ns/acquire",
  );
}
