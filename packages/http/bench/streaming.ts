/**
 * Benchmark of the streaming features against a server in a separate process: WebSocket
 * echo round trips per second (one connection, one message in flight) with
 * `session.wsConnect()` vs the `ws` package's own client, and Server-Sent Events per second
 * with `session.sse()` vs undici's `EventSource`. Alternated in rounds in the same run;
 * prints the best and median rate of each and the ratio to the baseline.
 *
 *   pnpm bench:streaming   (BENCH_WS_N=20000 BENCH_SSE_N=200000 BENCH_ROUNDS=3)
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { EventSource } from "undici";
import WebSocket from "ws";
import { run } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";

const WS_N = Number(process.env.BENCH_WS_N ?? 20_000);
const SSE_N = Number(process.env.BENCH_SSE_N ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Case = () => Promise<number>; // returns seconds

const wsSession =
  (url: string): Case =>
  () =>
    run(async () => {
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url, { compress: false });
      const start = performance.now();
      for (let i = 0; i < WS_N; i++) {
        await ws.send("ping");
        await ws.receive();
      }
      return (performance.now() - start) / 1000;
    });

const wsPackage =
  (url: string): Case =>
  async () => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve) => ws.once("open", resolve));
    const start = performance.now();
    for (let i = 0; i < WS_N; i++) {
      const reply = new Promise((resolve) => ws.once("message", resolve));
      ws.send("ping");
      await reply;
    }
    const seconds = (performance.now() - start) / 1000;
    ws.close();
    return seconds;
  };

const sseSession =
  (url: string): Case =>
  () =>
    run(async () => {
      await using session = new ClientSession();
      const start = performance.now();
      let count = 0;
      for await (const _ of session.sse(url, { maxReconnects: 0 })) count++;
      if (count !== SSE_N) throw new Error(`got ${count} events`);
      return (performance.now() - start) / 1000;
    });

const sseUndici =
  (url: string): Case =>
  () =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      let count = 0;
      const source = new EventSource(url);
      source.onmessage = () => {
        if (++count === SSE_N) {
          source.close();
          resolve((performance.now() - start) / 1000);
        }
      };
      source.onerror = () => {
        source.close();
        reject(new Error(`EventSource failed after ${count} events`));
      };
    });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function compare(title: string, unit: string, n: number, cases: Record<string, Case>) {
  const rates: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, once] of Object.entries(cases)) {
      const seconds = await once();
      (rates[name] ??= []).push(n / seconds);
    }
  }
  const names = Object.keys(cases);
  const ours = Math.max(...rates[names[0]!]!);
  console.log(`\n${title} (n = ${n}, ${ROUNDS} rounds)`);
  console.log(`| client | ${unit} (best) | ${unit} (median) | best / ${names[0]} |`);
  console.log("| --- | ---: | ---: | ---: |");
  for (const name of names) {
    const best = Math.max(...rates[name]!);
    console.log(
      `| ${name} | ${Math.round(best)} | ${Math.round(median(rates[name]!))} | ${(best / ours).toFixed(2)}x |`,
    );
  }
}

const server = fork(fileURLToPath(new URL("./streaming-server.mjs", import.meta.url)));
try {
  const port = await new Promise<number>((resolve) =>
    server.once("message", (message) => resolve((message as { port: number }).port)),
  );
  console.log(`Node ${process.version}, ${new Date().toISOString()}`);
  await compare("WebSocket echo, one connection", "round trips/s", WS_N, {
    "session.wsConnect": wsSession(`ws://127.0.0.1:${port}/`),
    "ws package client": wsPackage(`ws://127.0.0.1:${port}/`),
  });
  const events = `http://127.0.0.1:${port}/events?n=${SSE_N}`;
  await compare("Server-Sent Events, one stream", "events/s", SSE_N, {
    "session.sse": sseSession(events),
    "undici EventSource": sseUndici(events),
  });
} finally {
  server.kill();
}
