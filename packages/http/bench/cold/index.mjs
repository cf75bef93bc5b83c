// The cold HTTP benchmark: each client makes its GETs once in a fresh process (client.mjs;
// aiohttp_cold.py), against the bench server in its own process; medians of --runs (default 3)
// processes per cell, clients alternated. Needs the build (`pnpm build`; `pnpm bench` builds).
//   node bench/cold/index.mjs [--runs=3]     (BENCH_N=20000 BENCH_N_LARGE=300 as bench/index.ts)
import { execFile, execFileSync, fork } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { median, printHeader, printRow, ratio } from "../../../tasks/bench/cold/report.mjs";

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const runs = Number(/^--runs=(\d+)$/.exec(process.argv[2] ?? "")?.[1] ?? 3);
const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";
const CASES = [
  ["GET 1 KiB, c=64", "/1k", Number(process.env.BENCH_N ?? 20_000)],
  ["GET 1 MiB, c=64", "/1m", Number(process.env.BENCH_N_LARGE ?? 300)],
];

function aiohttpVersion() {
  try {
    const script = "import aiohttp; print(aiohttp.__version__)";
    return execFileSync(PYTHON, ["-c", script], { encoding: "utf8", stdio: "pipe" }).trim();
  } catch {
    return undefined;
  }
}

const aiohttp = aiohttpVersion();
const clients = [
  ["session", "ClientSession"],
  ["pool", "undici Pool.request"],
  ["fetch", "fetch"],
  ...(aiohttp === undefined ? [] : [["aiohttp", `aiohttp ${aiohttp}`]]),
];

function once(client, url, n) {
  const [command, args] =
    client === "aiohttp"
      ? [PYTHON, [here("aiohttp_cold.py"), url, String(n)]]
      : [process.execPath, [here("client.mjs"), client, url, String(n)]];
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 120_000 }, (error, stdout, stderr) => {
      if (error !== null) resolve({ error: `failed: ${(stderr || error.message).trim()}` });
      else resolve(JSON.parse(stdout.trim().split("\n").at(-1)));
    });
  });
}

/** `13.8k req/s (cpu 1.21 s), gc 12%` from the samples of n requests, or the failure. */
function rateCell(samples, n) {
  const ms = median(samples, "ms");
  if (ms === undefined) return samples.find((sample) => sample.error)?.error ?? "-";
  const gc = median(
    samples.filter((s) => s.error === undefined).map((s) => ({ share: s.gcMs / s.ms })),
    "share",
  );
  const rate = n / (ms / 1000);
  const shown = rate >= 10_000 ? `${(rate / 1000).toFixed(1)}k` : rate.toFixed(0);
  return `${shown} req/s (cpu ${(median(samples, "cpuMs") / 1000).toFixed(2)} s), gc ${(gc * 100).toFixed(0)}%`;
}

const started = Date.now();
const server = fork(here("../server.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const port = await new Promise((resolve) => server.once("message", (m) => resolve(m.port)));
console.log(
  `@aiots/http cold bench: each cell one fresh client process per run, median of ${runs}, server in its own process; Node ${process.version}; ${aiohttp === undefined ? `aiohttp: skipped (\`import aiohttp\` fails for ${PYTHON})` : `aiohttp ${aiohttp} on ${PYTHON}`}; ${cpus()[0]?.model ?? "?"} x${cpus().length}, shared with other jobs (load average ${loadavg()[0].toFixed(1)}: timings are noisy); ${new Date().toISOString()}\n`,
);
const header = ["case", ...clients.map(([, name]) => name), "ClientSession / Pool.request"];
if (aiohttp !== undefined) header.push("ClientSession / aiohttp");
printHeader(header);
for (const [label, path, n] of CASES) {
  const samples = new Map(clients.map(([client]) => [client, []]));
  for (let run = 0; run < runs; run++) {
    for (const [client] of run % 2 === 0 ? clients : [...clients].reverse()) {
      samples.get(client).push(await once(client, `http://127.0.0.1:${port}${path}`, n));
    }
  }
  const of = (client, key) => median(samples.get(client) ?? [], key);
  /** ClientSession's speed over `other`'s, by wall time and by CPU time (steadier when busy). */
  const speedup = (other) =>
    of(other, "ms") === undefined || of("session", "ms") === undefined
      ? "-"
      : `${ratio(of(other, "ms"), of("session", "ms"))} (cpu ${ratio(of(other, "cpuMs"), of("session", "cpuMs"))})`;
  const cells = clients.map(([client]) => rateCell(samples.get(client), n));
  printRow([
    label,
    ...cells,
    speedup("pool"),
    ...(aiohttp === undefined ? [] : [speedup("aiohttp")]),
  ]);
}
server.disconnect();
server.kill();
console.log(`\ncold HTTP bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
