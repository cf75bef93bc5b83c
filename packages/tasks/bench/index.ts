/**
 * Benchmarks of @aiots/tasks against bare promises, p-limit and CPython asyncio, measured in
 * the same run. `pnpm bench` (node --conditions=@aiots/source --import tsx bench/index.ts).
 *
 * Workloads (N = 100k): gather of trivial tasks; tasks sleeping 0-99 ms on the real clock;
 * tasks through Semaphore(100); items through Queue(1000) with 10 consumers; sleeping tasks
 * cancelled; memory per pending task.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { setTimeout as sleepPromise } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import pLimit from "p-limit";
import { Queue, Semaphore, createTask, gather, run, sleep, type Task } from "../src/index.js";

const N = 100_000;
const REPEATS = 3;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function best(fn: () => Promise<number>, repeats = REPEATS): Promise<number> {
  let min = Infinity;
  // No forced gc() between runs: it shrinks the heap and the next run pays to regrow it.
  for (let i = 0; i < repeats; i++) {
    min = Math.min(min, await fn());
  }
  return min;
}

/** Times `body` inside run(): loop startup/shutdown excluded, as on the Python side. */
function timedRun(body: () => Promise<unknown>): Promise<number> {
  return run(async () => {
    const t0 = performance.now();
    await body();
    return performance.now() - t0;
  });
}

async function timed(body: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await body();
  return performance.now() - t0;
}

const ours = {
  gather: () =>
    timedRun(async () => {
      const tasks: Task<number>[] = new Array<Task<number>>(N);
      for (let i = 0; i < N; i++) tasks[i] = createTask(async () => 1);
      await gather(tasks);
    }),
  sleep: () =>
    timedRun(async () => {
      const tasks: Task<void>[] = new Array<Task<void>>(N);
      for (let i = 0; i < N; i++) tasks[i] = createTask(() => sleep(i % 100));
      await gather(tasks);
    }),
  semaphore: () =>
    timedRun(async () => {
      const sem = new Semaphore(100);
      const tasks: Task<void>[] = new Array<Task<void>>(N);
      for (let i = 0; i < N; i++) tasks[i] = createTask(() => sem.withLock(() => sleep(0)));
      await gather(tasks);
    }),
  semaphoreNoTasks: () =>
    timedRun(async () => {
      // p-limit's usage pattern: limit 100k promise-returning jobs from one task.
      const sem = new Semaphore(100);
      const promises: Promise<void>[] = new Array<Promise<void>>(N);
      for (let i = 0; i < N; i++) promises[i] = sem.withLock(() => sleep(0));
      await Promise.all(promises);
    }),
  queue: () =>
    run(async () => {
      // As asyncio_bench.py: the clock stops at join(), before the consumers are cancelled.
      const queue = new Queue<number>(1000);
      const t0 = performance.now();
      const consumers = Array.from({ length: 10 }, () =>
        createTask(async () => {
          for (;;) {
            await queue.get();
            queue.taskDone();
          }
        }),
      );
      for (let i = 0; i < N; i++) await queue.put(i);
      await queue.join();
      const elapsed = performance.now() - t0;
      for (const c of consumers) c.cancel();
      await gather(consumers, { returnExceptions: true });
      return elapsed;
    }),
  cancel: () =>
    timedRun(async () => {
      const tasks: Task<void>[] = new Array<Task<void>>(N);
      for (let i = 0; i < N; i++) tasks[i] = createTask(() => sleep(10_000));
      await sleep(0);
      for (const task of tasks) task.cancel();
      await gather(tasks, { returnExceptions: true });
    }),
};

const bare = {
  gather: () =>
    timed(async () => {
      const promises: Promise<number>[] = new Array<Promise<number>>(N);
      for (let i = 0; i < N; i++) promises[i] = (async () => 1)();
      await Promise.all(promises);
    }),
  sleep: () =>
    timed(async () => {
      const promises: Promise<void>[] = new Array<Promise<void>>(N);
      for (let i = 0; i < N; i++) promises[i] = sleepPromise(i % 100);
      await Promise.all(promises);
    }),
  semaphorePLimit: () =>
    timed(async () => {
      const limit = pLimit(100);
      const promises: Promise<void>[] = new Array<Promise<void>>(N);
      for (let i = 0; i < N; i++)
        promises[i] = limit(() => new Promise<void>((resolve) => setImmediate(resolve)));
      await Promise.all(promises);
    }),
  cancel: () =>
    timed(async () => {
      const controllers: AbortController[] = new Array<AbortController>(N);
      const promises: Promise<unknown>[] = new Array<Promise<unknown>>(N);
      for (let i = 0; i < N; i++) {
        const controller = (controllers[i] = new AbortController());
        promises[i] = sleepPromise(10_000, undefined, { signal: controller.signal }).catch(
          (e: unknown) => e,
        );
      }
      await new Promise((resolve) => setImmediate(resolve));
      for (const controller of controllers) controller.abort();
      await Promise.all(promises);
    }),
};

async function memoryPerTask(): Promise<number> {
  return run(async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const tasks: Task<void>[] = new Array<Task<void>>(N);
    for (let i = 0; i < N; i++) tasks[i] = createTask(() => sleep(10_000));
    await sleep(0);
    await sleep(0);
    gc();
    const after = process.memoryUsage().heapUsed;
    for (const task of tasks) task.cancel();
    await gather(tasks, { returnExceptions: true });
    return (after - before) / N;
  });
}

function python(): Record<string, number> | string {
  const python = "/usr/bin/python3";
  if (!existsSync(python)) return "skipped: /usr/bin/python3 not found";
  const script = fileURLToPath(new URL("./asyncio_bench.py", import.meta.url));
  try {
    return JSON.parse(
      execFileSync(python, [script], { encoding: "utf8", timeout: 120_000 }),
    ) as Record<string, number>;
  } catch (error) {
    return `skipped: ${(error as Error).message.split("\n")[0]}`;
  }
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? "-" : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined ? "-" : `${(a / b).toFixed(2)}x`;
}

async function main(): Promise<void> {
  console.log(
    `@aiots/tasks bench: N=${N}, best of 2-5 runs (the same count on the CPython side); Node ${process.version}; ${cpus()[0]?.model ?? "?"} x${cpus().length}; ${new Date().toISOString()}`,
  );
  const py = python();
  const pyTimes = typeof py === "string" ? undefined : py;
  if (typeof py === "string") console.log(`CPython column ${py}`);
  const rows: {
    name: string;
    ours: number;
    base?: number | undefined;
    baseName: string;
    py?: number | undefined;
    target: string;
  }[] = [];
  rows.push({
    name: "gather 100k trivial tasks",
    ours: await best(ours.gather, 5),
    base: await best(bare.gather),
    baseName: "Promise.all",
    py: pyTimes?.gather,
    target: "<= 4x Promise.all, >= 5x faster than CPython",
  });
  rows.push({
    name: "100k tasks sleeping 0-99 ms",
    ours: await best(ours.sleep, 2),
    base: await best(bare.sleep, 2),
    baseName: "timers/promises",
    py: pyTimes?.sleep,
    target: ">= 5x faster than CPython",
  });
  rows.push({
    name: "100k tasks through Semaphore(100)",
    ours: await best(ours.semaphore, 5),
    base: await best(bare.semaphorePLimit),
    baseName: "p-limit(100)",
    py: pyTimes?.semaphore,
    target: "faster than p-limit, >= 5x faster than CPython",
  });
  rows.push({
    name: "Semaphore(100).withLock x100k, one task",
    ours: await best(ours.semaphoreNoTasks),
    base: await best(bare.semaphorePLimit),
    baseName: "p-limit(100)",
    target: "faster than p-limit",
  });
  rows.push({
    name: "100k items, Queue(1000), 10 consumers",
    ours: await best(ours.queue, 5),
    baseName: "-",
    py: pyTimes?.queue,
    target: ">= 5x faster than CPython",
  });
  rows.push({
    name: "100k sleeping tasks cancelled",
    ours: await best(ours.cancel, 5),
    base: await best(bare.cancel),
    baseName: "AbortSignal timers",
    py: pyTimes?.cancel,
    target: ">= 5x faster than CPython",
  });
  console.log("");
  console.log(
    "| workload | aiots ms | baseline | baseline ms | aiots/baseline | CPython ms | CPython/aiots | target |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fmt(r.ours)} | ${r.baseName} | ${fmt(r.base)} | ${ratio(r.ours, r.base)} | ${fmt(r.py)} | ${ratio(r.py, r.ours)} | ${r.target} |`,
    );
  }
  const mem = await memoryPerTask();
  console.log(
    `| memory per pending task (sleeping) | ${mem.toFixed(0)} B | | | | ${pyTimes?.memory === undefined ? "-" : `${pyTimes.memory.toFixed(0)} B`} | ${ratio(pyTimes?.memory, mem)} | reported |`,
  );
}

await main();
