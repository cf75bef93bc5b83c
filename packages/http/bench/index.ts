/**
 * Benchmark: N GETs of 1 KiB at concurrency 64, and a 1 MiB body case, against a server
 * in a separate process. ClientSession vs undici Pool.request, global fetch, node:http
 * with a keep-alive agent, and Python's aiohttp (if importable), alternated in rounds in
 * the same run. Prints req/s, the ratios to ClientSession, and memory before/after.
 *
 *   pnpm bench          (N and rounds: BENCH_N=20000 BENCH_ROUNDS=3)
 */
import { execFileSync, fork, spawn } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { Pool } from "undici";
import { gather, run } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";

const N = Number(process.env.BENCH_N ?? 20_000);
const N_LARGE = Number(process.env.BENCH_N_LARGE ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 64;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

type Client = (url: string, n: number) => Promise<number>; // returns seconds

async function spread(n: number, worker: () => Promise<void>): Promise<void> {
  let remaining = n;
  const loops = Array.from({ length: CONCURRENCY }, async () => {
    while (remaining > 0) {
      remaining--;
      await worker();
    }
  });
  await Promise.all(loops);
}

const clientSession: Client = (url, n) =>
  run(async () => {
    await using session = new ClientSession({ connector: { limit: 100 } });
    await (await session.get(url)).read();
    const start = performance.now();
    let remaining = n;
    const worker = async (): Promise<void> => {
      while (remaining > 0) {
        remaining--;
        const response = await session.get(url);
        await response.read();
      }
    };
    await gather(...Array.from({ length: CONCURRENCY }, () => worker()));
    return (performance.now() - start) / 1000;
  });

const undiciPool: Client = async (url, n) => {
  const origin = new URL(url).origin;
  const path = new URL(url).pathname;
  const pool = new Pool(origin, { connections: 100 });
  const once = async (): Promise<void> => {
    const { body } = await pool.request({ path, method: "GET" });
    await body.arrayBuffer();
  };
  await once();
  const start = performance.now();
  await spread(n, once);
  const seconds = (performance.now() - start) / 1000;
  await pool.close();
  return seconds;
};

const globalFetch: Client = async (url, n) => {
  const once = async (): Promise<void> => {
    const response = await fetch(url);
    await response.arrayBuffer();
  };
  await once();
  const start = performance.now();
  await spread(n, once);
  return (performance.now() - start) / 1000;
};

const nodeHttp: Client = async (url, n) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
  const once = (): Promise<void> =>
    new Promise((resolve, reject) => {
      http
        .get(url, { agent }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            Buffer.concat(chunks);
            resolve();
          });
          response.on("error", reject);
        })
        .on("error", reject);
    });
  await once();
  const start = performance.now();
  await spread(n, once);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return seconds;
};

function findPython(): string | undefined {
  for (const python of ["/usr/bin/python3", "python3"]) {
    try {
      execFileSync(python, ["-c", "import aiohttp"], { stdio: "ignore" });
      return python;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

const python = findPython();
const aiohttpClient: Client = (url, n) =>
  new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL("./aiohttp_client.py", import.meta.url));
    const child = spawn(python!, [script, url, String(n), String(CONCURRENCY)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`aiohttp client exited with ${code}`));
      else resolve((JSON.parse(out) as { seconds: number }).seconds);
    });
  });

async function main(): Promise<void> {
  const serverPath = fileURLToPath(new URL("./server.mjs", import.meta.url));
  const server = fork(serverPath, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve) =>
    server.once("message", (m) => resolve((m as { port: number }).port)),
  );
  const base = `http://127.0.0.1:${port}`;

  const clients: Array<[string, Client]> = [
    ["ClientSession", clientSession],
    ["undici Pool.request", undiciPool],
    ["fetch", globalFetch],
    ["node:http agent", nodeHttp],
  ];
  if (python !== undefined) clients.push([`aiohttp (${python})`, aiohttpClient]);
  else console.log("aiohttp: skipped (`import aiohttp` fails for /usr/bin/python3 and python3)");

  gc();
  const before = process.memoryUsage();
  const cases: Array<[string, string, number]> = [
    ["1 KiB", `${base}/1k`, N],
    ["1 MiB", `${base}/1m`, N_LARGE],
  ];
  const results = new Map<string, number[]>();
  let sessionMemory: number[] = [];
  for (const [label, url, n] of cases) {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? clients : [...clients].reverse();
      for (const [name, client] of order) {
        const seconds = await client(url, n);
        const key = `${label}\t${name}`;
        results.set(key, [...(results.get(key) ?? []), n / seconds]);
      }
    }
  }
  // The leak check, untimed: a forced gc() between timed rounds shrank the heap, and the
  // next round paid to regrow it (it doubled ClientSession's CPU per request in the rounds
  // after it; the tasks bench dropped its forced gc() for the same reason).
  for (let run = 0; run < ROUNDS; run++) {
    await clientSession(`${base}/1k`, N);
    gc();
    sessionMemory.push(process.memoryUsage().heapUsed);
  }
  gc();
  const after = process.memoryUsage();
  server.disconnect();
  server.kill();

  console.log(
    `\nNode ${process.version}, ${new Date().toISOString().slice(0, 10)}, N=${N} (1 KiB) / ${N_LARGE} (1 MiB), concurrency ${CONCURRENCY}, best of ${ROUNDS} alternated rounds\n`,
  );
  console.log("case\tclient\treq/s (best)\treq/s (median)\tClientSession / client");
  for (const [label] of cases) {
    const best = (name: string): number => Math.max(...(results.get(`${label}\t${name}`) ?? [0]));
    const median = (name: string): number => {
      const values = [...(results.get(`${label}\t${name}`) ?? [0])].sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)]!;
    };
    const ours = best("ClientSession");
    for (const [name] of clients) {
      console.log(
        `${label}\t${name}\t${best(name).toFixed(0)}\t${median(name).toFixed(0)}\t${(ours / best(name)).toFixed(2)}x`,
      );
    }
  }
  const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  console.log(
    `\nmemory: heapUsed ${mb(before.heapUsed)} -> ${mb(after.heapUsed)}, rss ${mb(before.rss)} -> ${mb(after.rss)}`,
  );
  console.log(
    `heapUsed after each of ${ROUNDS} more ClientSession 1 KiB runs (untimed, each then gc()): ${sessionMemory.map(mb).join(", ")}`,
  );
  sessionMemory = [];
}

await main();
