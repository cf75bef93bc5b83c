// What one request costs on the common path (#12's 1 KiB benchmark, #13's cold HTTP row): a
// GET on a kept-alive connection, with the session's defaults. A count, not a timing: the
// promises made (each runs Node's promise hooks while the loop's AsyncLocalStorage is in
// use), against a server in its own process (an in-process server's promises would count).
// And the `sockConnect` deadline every request starts still fires.
import { createHook } from "node:async_hooks";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRunningLoop } from "@aiots/loop";
import { ClientSession, ConnectionTimeoutError } from "../src/index.js";
import { failure, inLoop, inVirtualLoop } from "./helpers.js";

const SERVER = `
const server = require("node:http").createServer((request, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": 11 });
  response.end('{"ok":true}');
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
process.stdin.on("end", () => process.exit(0)).resume();
`;

let child: ChildProcess | undefined;
let origin = "";

beforeAll(async () => {
  child = spawn(process.execPath, ["-e", SERVER], { stdio: ["pipe", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) =>
    child!.stdout!.once("data", (data: Buffer) => resolve(data.toString().trim())),
  );
  origin = `http://127.0.0.1:${port}`;
});

afterAll(() => {
  child?.stdin?.end();
});

/** Counts the promises made while it is enabled. */
function promiseCounter(): { readonly count: number; enable(): void; disable(): void } {
  let count = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === "PROMISE") count++;
    },
  });
  return {
    get count() {
      return count;
    },
    enable: () => void hook.enable(),
    disable: () => void hook.disable(),
  };
}

/**
 * Promises per GET of `url` and its body read with `read` on a kept-alive connection (the
 * awaits inline, as a caller writes them), the fewest of five rounds of ten: how I/O timing
 * batches the loop's steps can add a hop to one round, so the fewest is the cost of the
 * request path itself.
 */
async function promisesPerRequest(
  session: ClientSession,
  url: string,
  read: "read" | "text" | "json",
): Promise<number> {
  await (await session.get(url))[read](); // opens the connection
  const perRequest: number[] = [];
  for (let round = 0; round < 5; round++) {
    const counter = promiseCounter();
    counter.enable();
    for (let index = 0; index < 10; index++) await (await session.get(url))[read]();
    counter.disable();
    perRequest.push(counter.count / 10);
  }
  return Math.round(Math.min(...perRequest));
}

describe("the cost of one request", () => {
  it("a GET and its read() on a kept-alive connection make at most 4 promises", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      // The request's promise, settled from the response head's wake-up in the task's
      // step, read()'s settled promise, and what the caller's awaits and the loop's batch
      // add. It was 6 while `request()` was an async function awaiting the head (its
      // promise and its await's), and more before #12 (an async frame per layer).
      expect(await promisesPerRequest(session, `${origin}/json`, "read")).toBeLessThanOrEqual(4);
    });
  });

  it("text() and json() cost what read() does: at most 4 promises with the GET", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      // A body received already is decoded at once and handed over in one settled promise,
      // as read() does. It was 2 more: an async frame (and its await of read()) each.
      expect(await promisesPerRequest(session, `${origin}/json`, "text")).toBeLessThanOrEqual(4);
      expect(await promisesPerRequest(session, `${origin}/json`, "json")).toBeLessThanOrEqual(4);
    });
  });

  it("sockConnect still bounds a connection that never completes, on the loop's clock", async () => {
    // A TCP server that accepts and says nothing: the TLS handshake of https never ends.
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      await inVirtualLoop(async () => {
        const loop = getRunningLoop();
        await using session = new ClientSession({ timeout: { total: null, sockConnect: 2_000 } });
        const started = loop.time();
        const error = await failure(session.get(`https://127.0.0.1:${port}/`));
        expect(error).toBeInstanceOf(ConnectionTimeoutError);
        expect((error as Error).message).toContain("timeout.sockConnect");
        expect(loop.time() - started).toBeGreaterThanOrEqual(2_000);
        expect(loop.time() - started).toBeLessThan(2_005);
      });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
