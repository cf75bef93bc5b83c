import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { gather, run } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";
const server = fork(fileURLToPath(new URL("./server.mjs", import.meta.url)), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const port = await new Promise<number>((resolve) => server.once("message", (m) => resolve((m as { port: number }).port)));
const url = `http://127.0.0.1:${port}/1m`;
const N = 300;
const loopRun = () => run(async () => {
  await using session = new ClientSession();
  let remaining = N;
  const worker = async (): Promise<void> => {
    while (remaining > 0) { remaining--; const r = await session.get(url); await r.read(); }
  };
  const start = performance.now();
  await gather(...Array.from({ length: 64 }, () => worker()));
  return N / ((performance.now() - start) / 1000);
});
const undici = async () => {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 100 });
  let remaining = N;
  const worker = async (): Promise<void> => {
    while (remaining > 0) { remaining--; const { body } = await pool.request({ path: "/1m", method: "GET" }); await body.arrayBuffer(); }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: 64 }, () => worker()));
  const r = N / ((performance.now() - start) / 1000);
  await pool.close();
  return r;
};
for (let round = 0; round < 4; round++) {
  console.log("loop", (await loopRun()).toFixed(0), "undici", (await undici()).toFixed(0));
}
server.kill();
