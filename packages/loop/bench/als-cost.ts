/**
 * What AsyncLocalStorage costs the promises of a process, on the Node that runs this:
 * `node --import tsx bench/als-cost.ts` (run by `bench/all-nodes.sh` on each Node).
 *
 * Each mode runs in a fresh child process, because on Node 20-22 the first
 * `AsyncLocalStorage.run` installs promise hooks for every promise of the process, for
 * good; Node 24 carries the store in V8's continuation-preserved embedder data
 * (AsyncContextFrame) and installs no hook.
 *
 * - `plain`: 100k `async () => 1` calls and a `Promise.all`, ALS never used.
 * - `als`: the same inside `als.run(store, ...)`, as every task step of aiots runs.
 */
import { execFileSync } from "node:child_process";
import { AsyncLocalStorage } from "node:async_hooks";
import { fileURLToPath } from "node:url";

const N = 100_000;
const ROUNDS = 7;

async function once(): Promise<number> {
  const start = performance.now();
  const promises = new Array<Promise<number>>(N);
  for (let i = 0; i < N; i++) promises[i] = (async () => 1)();
  await Promise.all(promises);
  return performance.now() - start;
}

async function child(mode: string): Promise<void> {
  const times: number[] = [];
  const als = mode === "als" ? new AsyncLocalStorage<object>() : undefined;
  for (let round = 0; round < ROUNDS + 2; round++) {
    times.push(als === undefined ? await once() : await als.run({ round }, once));
  }
  times.splice(0, 2); // warm-up
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ median: times[times.length >> 1] }));
}

const mode = process.argv[2];
if (mode !== undefined) {
  await child(mode);
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (m: string): number =>
    (
      JSON.parse(
        execFileSync(process.execPath, [...process.execArgv, self, m], { encoding: "utf8" }),
      ) as { median: number }
    ).median;
  const plain = run("plain");
  const als = run("als");
  const perCall = ((als - plain) * 1000) / N;
  console.log(
    `AsyncLocalStorage cost, Node ${process.version}: 100k async calls + Promise.all: ` +
      `${plain.toFixed(1)} ms without ALS, ${als.toFixed(1)} ms inside als.run() ` +
      `(${(als / plain).toFixed(2)}x, ${perCall >= 0 ? "+" : "-"}${Math.abs(perCall).toFixed(2)} µs per async call)`,
  );
}
