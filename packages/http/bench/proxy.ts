/**
 * Proxy overhead per request: N sequential 1 KiB GETs with `ClientSession` direct, through a
 * session `proxy`, and through a per-request `proxy`, against undici's own `Pool.request`
 * direct and `ProxyAgent` request (the baseline for what the proxy hop costs by itself). The
 * server and the proxy (the `proxy` package) run in their own processes; the cases alternate
 * in rounds in one run; prints microseconds per request (best and median round) and the
 * overhead over the same client direct.
 *
 *   pnpm bench:proxy   (BENCH_N=2000 BENCH_ROUNDS=3)
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pool, ProxyAgent } from "undici";
import { run } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";

const N = Number(process.env.BENCH_N ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Case = () => Promise<number>; // returns seconds

function child(file: string): { port: Promise<number>; kill(): void } {
  const process = fork(fileURLToPath(new URL(file, import.meta.url)));
  const port = new Promise<number>((resolve) =>
    process.once("message", (message) => resolve((message as { port: number }).port)),
  );
  return { port, kill: () => process.kill() };
}

const session =
  (url: string, options: { proxy?: string; perRequest?: string }): Case =>
  () =>
    run(async () => {
      await using client = new ClientSession(
        options.proxy === undefined ? {} : { proxy: options.proxy },
      );
      const request = options.perRequest === undefined ? {} : { proxy: options.perRequest };
      await (await client.get(url, request)).read(); // connect (and tunnel) outside the timing
      const start = performance.now();
      for (let i = 0; i < N; i++) await (await client.get(url, request)).read();
      return (performance.now() - start) / 1000;
    });

const undiciCase =
  (url: string, proxy: string | undefined): Case =>
  async () => {
    const { origin, pathname } = new URL(url);
    const dispatcher = proxy === undefined ? new Pool(origin) : new ProxyAgent(proxy);
    const once = async (): Promise<void> => {
      const { body } = await dispatcher.request({ origin, path: pathname, method: "GET" });
      await body.arrayBuffer();
    };
    await once();
    const start = performance.now();
    for (let i = 0; i < N; i++) await once();
    const seconds = (performance.now() - start) / 1000;
    await dispatcher.close();
    return seconds;
  };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const server = child("./server.mjs");
const proxy = child("./proxy-server.mjs");
try {
  const url = `http://127.0.0.1:${await server.port}/1k`;
  const proxyUrl = `http://127.0.0.1:${await proxy.port}`;
  const cases: Record<string, { run: Case; direct: string }> = {
    "ClientSession, direct": { run: session(url, {}), direct: "ClientSession, direct" },
    "ClientSession, session proxy": {
      run: session(url, { proxy: proxyUrl }),
      direct: "ClientSession, direct",
    },
    "ClientSession, per-request proxy": {
      run: session(url, { perRequest: proxyUrl }),
      direct: "ClientSession, direct",
    },
    "undici Pool, direct": { run: undiciCase(url, undefined), direct: "undici Pool, direct" },
    "undici ProxyAgent": { run: undiciCase(url, proxyUrl), direct: "undici Pool, direct" },
  };
  const micros: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, { run: once }] of Object.entries(cases)) {
      (micros[name] ??= []).push(((await once()) * 1e6) / N);
    }
  }
  console.log(`Node ${process.version}, ${new Date().toISOString()}`);
  console.log(`\nProxy overhead, ${N} sequential 1 KiB GETs, ${ROUNDS} rounds`);
  console.log("| client | µs/request (best) | µs/request (median) | overhead vs direct (best) |");
  console.log("| --- | ---: | ---: | ---: |");
  for (const [name, { direct }] of Object.entries(cases)) {
    const best = Math.min(...micros[name]!);
    const base = Math.min(...micros[direct]!);
    const delta = Math.round(best - base);
    const overhead =
      name === direct
        ? "—"
        : `${delta >= 0 ? "+" : "−"}${Math.abs(delta)} µs (${(best / base).toFixed(2)}x)`;
    console.log(
      `| ${name} | ${Math.round(best)} | ${Math.round(median(micros[name]!))} | ${overhead} |`,
    );
  }
} finally {
  server.kill();
  proxy.kill();
}
