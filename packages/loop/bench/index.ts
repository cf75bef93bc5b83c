/**
 * @aiots/loop benchmarks, each against its Node baseline in the same run (and CPython 3.11's
 * asyncio where it has an equivalent; 3.13's for the sleep drift): `pnpm bench` in
 * packages/loop. `BENCH_ROWS=drift pnpm bench` runs only the rows whose name contains "drift".
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { EventLoop, type Future } from "@aiots/loop";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

interface Row {
  name: string;
  ours: number;
  baselineName: string;
  baseline: number;
  unit: string;
  python?: number | undefined;
  /** true when lower is better (times, bytes). */
  lowerIsBetter: boolean;
}

const rows: Row[] = [];
const ROUNDS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs `ours` and `baseline` alternately (so machine noise hits both alike): medians. */
async function measurePair(
  rounds: number,
  ours: () => Promise<number> | number,
  baseline: () => Promise<number> | number,
): Promise<[number, number]> {
  const a: number[] = [];
  const b: number[] = [];
  await ours(); // warm-up
  await baseline();
  for (let round = 0; round < rounds; round++) {
    gc();
    a.push(await ours());
    gc();
    b.push(await baseline());
  }
  return [median(a), median(b)];
}

const N_TIMERS = 100_000;
const DELAY = 2;

/** 100k callLater(2 ms) scheduled from a callback: ms until the last one fired. */
async function callLaterFired(): Promise<number> {
  const loop = new EventLoop({ debug: false });
  const done = loop.createFuture<number>();
  let fired = 0;
  let start = 0;
  const onTimer = (): void => {
    if (++fired === N_TIMERS) done.setResult(performance.now() - start);
  };
  loop.callSoon(() => {
    start = performance.now();
    for (let index = 0; index < N_TIMERS; index++) loop.callLater(DELAY, onTimer);
  });
  const elapsed = await loop.runUntilComplete(done);
  loop.close();
  return elapsed;
}

function setTimeoutFired(): Promise<number> {
  return new Promise((resolve) => {
    let fired = 0;
    const start = performance.now();
    const onTimer = (): void => {
      if (++fired === N_TIMERS) resolve(performance.now() - start);
    };
    for (let index = 0; index < N_TIMERS; index++) setTimeout(onTimer, DELAY);
  });
}

/** 100k callLater then cancel: ms. */
function callLaterCancelled(): number {
  const loop = new EventLoop({ debug: false });
  const noop = (): void => {};
  const start = performance.now();
  for (let index = 0; index < N_TIMERS; index++) loop.callLater(1000, noop).cancel();
  const elapsed = performance.now() - start;
  loop.close();
  return elapsed;
}

function setTimeoutCleared(): number {
  const noop = (): void => {};
  const start = performance.now();
  for (let index = 0; index < N_TIMERS; index++) clearTimeout(setTimeout(noop, 1000));
  return performance.now() - start;
}

const N_CANCELLED = 1_000_000;

/** heapUsed growth (bytes) after a million scheduled-then-cancelled timers, still referenced loop. */
function cancelledMemory(kind: "loop" | "node"): number {
  const noop = (): void => {};
  const loop = new EventLoop({ debug: false });
  gc();
  const before = process.memoryUsage().heapUsed;
  if (kind === "loop") {
    for (let index = 0; index < N_CANCELLED; index++)
      loop.callLater(60_000 + (index % 1000), noop).cancel();
  } else {
    for (let index = 0; index < N_CANCELLED; index++)
      clearTimeout(setTimeout(noop, 60_000 + (index % 1000)));
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  if (kind === "loop" && loop._scheduledCount > 200)
    throw new Error(`heap holds ${loop._scheduledCount} timers`);
  loop.close();
  return after - before;
}

const N_SOON = 1_000_000;

/** 1M callSoon scheduled up front, run by the loop: ops/s. */
async function callSoonBurst(): Promise<number> {
  const loop = new EventLoop({ debug: false });
  let count = 0;
  const done = loop.createFuture<void>();
  const onCall = (): void => {
    if (++count === N_SOON) done.setResult();
  };
  const start = performance.now();
  for (let index = 0; index < N_SOON; index++) loop.callSoon(onCall);
  await loop.runUntilComplete(done);
  const elapsed = performance.now() - start;
  loop.close();
  return N_SOON / (elapsed / 1000);
}

function queueMicrotaskBurst(): Promise<number> {
  return new Promise((resolve) => {
    let count = 0;
    const start = performance.now();
    const onCall = (): void => {
      if (++count === N_SOON) resolve(N_SOON / ((performance.now() - start) / 1000));
    };
    for (let index = 0; index < N_SOON; index++) queueMicrotask(onCall);
  });
}

function setImmediateBurst(): Promise<number> {
  return new Promise((resolve) => {
    let count = 0;
    const start = performance.now();
    const onCall = (): void => {
      if (++count === N_SOON) resolve(N_SOON / ((performance.now() - start) / 1000));
    };
    for (let index = 0; index < N_SOON; index++) setImmediate(onCall);
  });
}

const N_CHAIN = 100_000;

/** A callback that schedules the next one, 100k hops: ops/s (one loop iteration per hop). */
async function callSoonChain(): Promise<number> {
  const loop = new EventLoop({ debug: false });
  const done = loop.createFuture<void>();
  let count = 0;
  const hop = (): void => {
    if (++count === N_CHAIN) done.setResult();
    else loop.callSoon(hop);
  };
  const start = performance.now();
  loop.callSoon(hop);
  await loop.runUntilComplete(done);
  const elapsed = performance.now() - start;
  loop.close();
  return N_CHAIN / (elapsed / 1000);
}

function setImmediateChain(): Promise<number> {
  return new Promise((resolve) => {
    let count = 0;
    const start = performance.now();
    const hop = (): void => {
      if (++count === N_CHAIN) resolve(N_CHAIN / ((performance.now() - start) / 1000));
      else setImmediate(hop);
    };
    setImmediate(hop);
  });
}

const N_AWAIT = 100_000;

/** 100k sequential `await future`, each future settled by a callSoon: awaits/s. */
async function awaitFuture(): Promise<number> {
  const loop = new EventLoop({ debug: false });
  const elapsed = await loop.runUntilComplete(async () => {
    const start = performance.now();
    for (let index = 0; index < N_AWAIT; index++) {
      const future = loop.createFuture<number>();
      loop.callSoon(() => future.setResult(index));
      await future;
    }
    return performance.now() - start;
  });
  loop.close();
  return N_AWAIT / (elapsed / 1000);
}

/** The same with a plain promise resolved by setImmediate. */
async function awaitPromise(): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < N_AWAIT; index++) {
    await new Promise<number>((resolve) => setImmediate(resolve, index));
  }
  return N_AWAIT / ((performance.now() - start) / 1000);
}

const N_SLEEPS = 20;
const SLEEP_MS = 50;

/**
 * Real-clock timer precision: 20 sequential `await sleep(50)` (a Future settled by
 * `callLater`), and the ms they took beyond 20 x 50 (issue #10).
 */
async function sleepDrift(): Promise<number> {
  const loop = new EventLoop({ debug: false });
  const sleep = (ms: number): Future<void> => {
    const future = loop.createFuture<void>();
    loop.callLater(ms, () => future.setResult());
    return future;
  };
  const elapsed = await loop.runUntilComplete(async () => {
    const start = performance.now();
    for (let index = 0; index < N_SLEEPS; index++) await sleep(SLEEP_MS);
    return performance.now() - start;
  });
  loop.close();
  return elapsed - N_SLEEPS * SLEEP_MS;
}

async function setTimeoutDrift(): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < N_SLEEPS; index++) {
    await new Promise<void>((resolve) => setTimeout(resolve, SLEEP_MS));
  }
  return performance.now() - start - N_SLEEPS * SLEEP_MS;
}

/** The same drift on CPython 3.13's asyncio (the version issue #10 compared with), if installed. */
function pythonDrift(rounds: number): number | undefined {
  const script = String.raw`
import asyncio, time
async def drift():
    start = time.perf_counter()
    for _ in range(${N_SLEEPS}): await asyncio.sleep(${SLEEP_MS} / 1000)
    return (time.perf_counter() - start) * 1000 - ${N_SLEEPS * SLEEP_MS}
print(sorted(asyncio.run(drift()) for _ in range(${rounds}))[${rounds} // 2])
`;
  for (const python of [
    `${process.env.HOME ?? "/root"}/.pyenv/versions/3.13.0/bin/python3`,
    "/usr/bin/python3",
  ]) {
    const child = spawnSync(python, ["-c", script], { encoding: "utf8", timeout: 120_000 });
    if (child.status === 0) return Number(child.stdout.trim());
  }
  return undefined;
}

/** The same workloads on CPython's asyncio, if /usr/bin/python3 is there. */
function python(): Record<string, number> | undefined {
  const script = String.raw`
import asyncio, json, time
N_TIMERS, N_SOON, N_CHAIN = ${N_TIMERS}, ${N_SOON}, ${N_CHAIN}
def median(xs): return sorted(xs)[len(xs)//2]
async def fired():
    loop = asyncio.get_running_loop(); done = loop.create_future(); n = [0]
    def on_timer():
        n[0] += 1
        if n[0] == N_TIMERS: done.set_result(time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(N_TIMERS): loop.call_later(${DELAY} / 1000, on_timer)
    return (await done) * 1000
async def cancelled():
    loop = asyncio.get_running_loop(); f = lambda: None
    start = time.perf_counter()
    for _ in range(N_TIMERS): loop.call_later(1, f).cancel()
    return (time.perf_counter() - start) * 1000
async def burst():
    loop = asyncio.get_running_loop(); done = loop.create_future(); n = [0]
    def on_call():
        n[0] += 1
        if n[0] == N_SOON: done.set_result(None)
    start = time.perf_counter()
    for _ in range(N_SOON): loop.call_soon(on_call)
    await done
    return N_SOON / (time.perf_counter() - start)
async def chain():
    loop = asyncio.get_running_loop(); done = loop.create_future(); n = [0]
    def hop():
        n[0] += 1
        if n[0] == N_CHAIN: done.set_result(None)
        else: loop.call_soon(hop)
    start = time.perf_counter(); loop.call_soon(hop); await done
    return N_CHAIN / (time.perf_counter() - start)
async def awaits():
    loop = asyncio.get_running_loop(); start = time.perf_counter()
    for i in range(N_CHAIN):
        fut = loop.create_future(); loop.call_soon(fut.set_result, i); await fut
    return N_CHAIN / (time.perf_counter() - start)
out = {}
for name, fn in [("fired", fired), ("cancelled", cancelled), ("burst", burst), ("chain", chain), ("awaits", awaits)]:
    out[name] = median([asyncio.run(fn()) for _ in range(3)])
print(json.dumps(out))
`;
  const child = spawnSync("/usr/bin/python3", ["-c", script], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (child.status !== 0) {
    console.log(
      `(CPython asyncio column skipped: ${child.error?.message ?? child.stderr.trim().split("\n").at(-1)})`,
    );
    return undefined;
  }
  return JSON.parse(child.stdout) as Record<string, number>;
}

function format(value: number, unit: string): string {
  if (unit === "ops/s") return `${(value / 1e6).toFixed(2)} M/s`;
  if (unit === "bytes") return `${(value / 1024 / 1024).toFixed(2)} MB`;
  return `${value.toFixed(1)} ms`;
}

async function main(): Promise<void> {
  console.log(
    `@aiots/loop bench: Node ${process.version}, ${process.platform}/${process.arch}, median of ${ROUNDS} alternating rounds`,
  );
  const only = process.env.BENCH_ROWS;
  const wanted = (name: string): boolean => only === undefined || name.includes(only);
  const py = only === undefined ? python() : undefined;

  const add = async (
    name: string,
    unit: string,
    lowerIsBetter: boolean,
    python: number | undefined,
    rounds: number,
    ours: () => Promise<number> | number,
    baselineName: string,
    baseline: () => Promise<number> | number,
  ): Promise<void> => {
    if (!wanted(name)) return;
    const [oursValue, baselineValue] = await measurePair(rounds, ours, baseline);
    rows.push({
      name,
      ours: oursValue,
      baselineName,
      baseline: baselineValue,
      unit,
      python,
      lowerIsBetter,
    });
  };

  await add(
    `${N_TIMERS / 1000}k callLater(${DELAY}) fired`,
    "ms",
    true,
    py?.fired,
    ROUNDS,
    callLaterFired,
    "setTimeout",
    setTimeoutFired,
  );
  await add(
    `${N_TIMERS / 1000}k callLater + cancel`,
    "ms",
    true,
    py?.cancelled,
    ROUNDS,
    callLaterCancelled,
    "setTimeout + clearTimeout",
    setTimeoutCleared,
  );
  await add(
    `${N_CANCELLED / 1e6}M cancelled timers: heapUsed growth`,
    "bytes",
    true,
    undefined,
    3,
    () => cancelledMemory("loop"),
    "setTimeout + clearTimeout",
    () => cancelledMemory("node"),
  );
  await add(
    `${N_SOON / 1e6}M callSoon, burst`,
    "ops/s",
    false,
    py?.burst,
    ROUNDS,
    callSoonBurst,
    "queueMicrotask",
    queueMicrotaskBurst,
  );
  await add(
    `${N_SOON / 1e6}M callSoon, burst`,
    "ops/s",
    false,
    py?.burst,
    ROUNDS,
    callSoonBurst,
    "setImmediate",
    setImmediateBurst,
  );
  await add(
    `${N_CHAIN / 1000}k callSoon, chained`,
    "ops/s",
    false,
    py?.chain,
    ROUNDS,
    callSoonChain,
    "setImmediate chained",
    setImmediateChain,
  );
  await add(
    `${N_AWAIT / 1000}k await future (settled by callSoon)`,
    "ops/s",
    false,
    py?.awaits,
    ROUNDS,
    awaitFuture,
    "await promise (setImmediate)",
    awaitPromise,
  );

  const driftRow = `drift of ${N_SLEEPS} sequential sleep(${SLEEP_MS})`;
  await add(
    driftRow,
    "ms",
    true,
    wanted(driftRow) ? pythonDrift(ROUNDS) : undefined,
    ROUNDS,
    sleepDrift,
    "setTimeout",
    setTimeoutDrift,
  );

  const table = rows.map((row) => {
    // ratio > 1 means @aiots/loop is better than the baseline.
    const ratio = row.lowerIsBetter ? row.baseline / row.ours : row.ours / row.baseline;
    return {
      benchmark: row.name,
      "@aiots/loop": format(row.ours, row.unit),
      baseline: `${row.baselineName}: ${format(row.baseline, row.unit)}`,
      "loop vs baseline": row.unit === "bytes" ? "-" : `${ratio.toFixed(2)}x`,
      "CPython asyncio": row.python === undefined ? "-" : format(row.python, row.unit),
    };
  });
  console.table(table);
  console.log("ratio > 1: @aiots/loop is faster than the baseline.");
}

await main();
