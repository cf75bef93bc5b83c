// The cold benchmark of @aiots/tasks (the headline): every workload run once in a fresh
// process, timed around run() (asyncio.run on the CPython side, Effect.runPromise, Effection's
// run), medians of --runs processes (default 3), side by side with CPython, bare Node, p-limit,
// Effect 4 and Effection 3, with each cell's GC share. Needs the build (`pnpm build`; `pnpm
// bench` builds first).
//   node bench/cold/index.mjs [--runs=3] [--rows=gather,sleep,...] [--1m] [--only-1m]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { firstTask, measureOnce, PYTHON } from "./spawn.mjs";
import { median, printHeader, printRow, ratio, timeCell } from "./report.mjs";

const ROWS = [
  ["gather", "gather 100k trivial tasks"],
  ["sleep", "100k tasks sleeping 0-99 ms"],
  ["semaphore", "100k tasks through Semaphore(100)"],
  ["queue", "100k items, Queue(1000), 10 consumers"],
  ["cancel", "100k sleeping tasks cancelled"],
  ["chain", "100k chains of 10 async calls"],
];
const IMPLS = ["aiots", "cpython", "bare", "bareAls", "pLimit", "effect", "effection"];
/** A peer's cell stops repeating once its runs took this long (Effection's slow rows)... */
const CELL_BUDGET_MS = 20_000;
/** ... and a run of a 100k row is cut after this long. */
const RUN_TIMEOUT_MS = 45_000;

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, "").split("=");
    return [key, value ?? "true"];
  }),
);
const runs = Number(args.get("runs") ?? 3);
const only1m = args.has("only-1m");
const rows = only1m
  ? []
  : ROWS.filter(([key]) => !args.has("rows") || args.get("rows").split(",").includes(key));

function version(pkg) {
  const url = new URL(`../../node_modules/${pkg}/package.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")).version;
}

function pythonVersion() {
  try {
    return execFileSync(PYTHON, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

const python = pythonVersion();
const names = {
  aiots: "aiots",
  cpython: python === undefined ? "CPython" : `${python.replace("Python", "CPython")}`,
  bare: "bare Node",
  bareAls: "bare Node + ALS",
  pLimit: `p-limit ${version("p-limit")}`,
  effect: `Effect ${version("effect")}`,
  effection: `Effection ${version("effection")}`,
};

async function implsOf(row) {
  const own = Object.keys((await import(`./${row}.mjs`)).default);
  return IMPLS.filter((impl) => (impl === "cpython" ? python !== undefined : own.includes(impl)));
}

/** Runs every implementation of `row` `runs` times, interleaved; returns impl -> samples. */
async function measureRow(row, { timeoutMs }) {
  const impls = await implsOf(row);
  const samples = new Map(impls.map((impl) => [impl, []]));
  const spent = new Map(impls.map((impl) => [impl, 0]));
  for (let run = 0; run < runs; run++) {
    for (const impl of run % 2 === 0 ? impls : [...impls].reverse()) {
      const peer = impl !== "aiots" && impl !== "cpython";
      if (peer && spent.get(impl) > CELL_BUDGET_MS && samples.get(impl).length > 0) continue;
      const t0 = Date.now();
      samples.get(impl).push(await measureOnce(row, impl, { timeoutMs }));
      spent.set(impl, spent.get(impl) + Date.now() - t0);
    }
  }
  return samples;
}

async function coldTable() {
  const shown = IMPLS.filter((impl) => impl !== "cpython" || python !== undefined);
  const header = ["workload", ...shown.map((impl) => names[impl])];
  header.splice(3, 0, "CPython / aiots");
  header.push(
    "aiots / bare Node (semaphore: / p-limit)",
    "aiots / bare Node + ALS",
    "Effect / aiots",
  );
  printHeader(header);
  for (const [row, label] of rows) {
    const samples = await measureRow(row, { timeoutMs: RUN_TIMEOUT_MS });
    const of = (impl, key) => median(samples.get(impl) ?? [], key);
    /** The ratio of wall times, and of CPU times (steadier when the machine is busy). */
    const both = (a, b) =>
      of(a, "ms") === undefined || of(b, "ms") === undefined
        ? "-"
        : `${ratio(of(a, "ms"), of(b, "ms"))} (cpu ${ratio(of(a, "cpuMs"), of(b, "cpuMs"))})`;
    const cells = shown.map((impl) => (samples.has(impl) ? timeCell(samples.get(impl), runs) : ""));
    cells.splice(2, 0, both("cpython", "aiots"));
    const base = samples.has("bare") ? "bare" : "pLimit";
    printRow([
      label,
      ...cells,
      both("aiots", base),
      both("aiots", "bareAls"),
      both("effect", "aiots"),
    ]);
  }
}

async function sleepersTable() {
  const impls = await implsOf("sleepers-1m");
  printHeader([
    "1M tasks sleeping 1 s",
    "wall (cpu), GC share",
    "peak RSS",
    "heap per pending task",
    "wall / bare",
    "peak RSS / bare",
  ]);
  const results = new Map();
  for (const impl of impls) {
    const samples = [];
    for (let run = 0; run < runs; run++) {
      samples.push(await measureOnce("sleepers-1m", impl, { timeoutMs: 180_000 }));
    }
    const heap = await measureOnce("sleepers-1m", impl, { heap: true, timeoutMs: 180_000 });
    results.set(impl, { samples, heap });
  }
  const of = (impl, key) => median(results.get(impl)?.samples ?? [], key);
  for (const [impl, { samples, heap }] of results) {
    const rss = of(impl, "maxRssMB");
    printRow([
      names[impl],
      timeCell(samples, runs),
      rss === undefined ? "-" : `${rss.toFixed(0)} MB`,
      heap.heapPerTask === undefined ? (heap.error ?? "-") : `${heap.heapPerTask.toFixed(0)} B`,
      ratio(of(impl, "ms"), of("bare", "ms")),
      ratio(rss, of("bare", "maxRssMB")),
    ]);
  }
}

async function firstTaskLine() {
  const samples = { aiots: [], bare: [] };
  for (let run = 0; run < 5; run++) {
    for (const impl of ["bare", "aiots"]) samples[impl].push(await firstTask(impl));
  }
  const [aiots, bare] = [samples.aiots, samples.bare].map((s) => [
    median(s, "ms"),
    median(s, "cpuMs"),
  ]);
  const loaded = samples.aiots.at(-1)?.loaded ?? [];
  console.log(
    `time to first task (an empty run(), median of 5 processes, from process start): aiots ${aiots[0].toFixed(1)} ms (cpu ${aiots[1].toFixed(1)}), bare node ${bare[0].toFixed(1)} ms (cpu ${bare[1].toFixed(1)}): +${(aiots[0] - bare[0]).toFixed(1)} ms (cpu +${(aiots[1] - bare[1]).toFixed(1)}; target <= +15 ms); piscina loaded at startup: ${loaded.includes("piscina") ? "yes" : "no"}`,
  );
}

const started = Date.now();
console.log(
  `@aiots/tasks cold bench: each cell one fresh process per run, median of ${runs}; Node ${process.version}; ${python ?? "no CPython"} (${PYTHON}); ${cpus()[0]?.model ?? "?"} x${cpus().length}, shared with other jobs (load average ${loadavg()[0].toFixed(1)}: timings are noisy); ${new Date().toISOString()}`,
);
if (rows.length > 0) {
  console.log("");
  await coldTable();
}
if (args.has("1m") || only1m) {
  console.log("");
  await sleepersTable();
}
if (!only1m && !args.has("rows")) {
  console.log("");
  await firstTaskLine();
}
console.log(`\ncold bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
