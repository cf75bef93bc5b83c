// A virtual clock driving real I/O waits for the process's own I/O before it jumps (issue
// #11, item 10): a round trip to a server in the same process (awaited on loop Futures, as
// the library's awaitables are), a DNS lookup, a connect, a file read, all finish at loop
// time 0 while a virtual timer is pending, however loaded the machine (the clock counts
// idle Node turns and looks at libuv's requests, not at real milliseconds). A peer that
// never answers still lets time jump. Real sockets and files, no real-time waits.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { lookup } from "node:dns/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventLoop, VirtualClock, getRunningLoop, type Future } from "../src/index.js";
import { sleep, trackLoops } from "./helpers.js";

const track = trackLoops();

let server: net.Server;
let port = 0;
const held: net.Socket[] = [];

beforeAll(async () => {
  // Echoes each chunk, except "hang": that socket is held and never answered.
  server = net.createServer((socket) => {
    socket.on("data", (chunk) => {
      if (chunk.toString() === "hang") held.push(socket);
      else socket.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function connect(): Future<net.Socket> {
  const connected = getRunningLoop().createFuture<net.Socket>();
  const socket = net.connect(port, "127.0.0.1", () => connected.setResult(socket));
  socket.once("error", (error) => connected.setException(error));
  return connected;
}

/**
 * Sends `message` and waits for the reply as a library awaitable does: on a Future of the
 * loop, which the socket's callback settles (so the loop sees the reply arrive).
 */
function roundTrip(socket: net.Socket, message: string): Future<string> {
  const reply = getRunningLoop().createFuture<string>();
  socket.once("data", (chunk) => reply.setResult(chunk.toString()));
  socket.write(message);
  return reply;
}

/** Runs `io` on a virtual clock with a 1000 ms timer pending; returns when each ended. */
async function beside(io: () => Promise<unknown>): Promise<{ io: number; timer: number }> {
  const loop = track(new EventLoop({ clock: new VirtualClock() }));
  return loop.runUntilComplete(async () => {
    const times = { io: -1, timer: -1 };
    const timer = sleep(1000).then(() => (times.timer = getRunningLoop().time()));
    await io();
    times.io = getRunningLoop().time();
    await timer;
    return times;
  });
}

describe("a virtual clock waits for the process's own I/O before it jumps", () => {
  it("a connect and 20 round trips to an in-process server all end at loop time 0", async () => {
    const replies: string[] = [];
    const times = await beside(async () => {
      const socket = await connect();
      for (let index = 0; index < 20; index++) replies.push(await roundTrip(socket, `m${index}`));
      socket.destroy();
    });
    expect(replies).toEqual(Array.from({ length: 20 }, (_, index) => `m${index}`));
    expect(times).toEqual({ io: 0, timer: 1000 });
  });

  it("a DNS lookup of localhost ends at loop time 0", async () => {
    const times = await beside(() => lookup("localhost"));
    expect(times).toEqual({ io: 0, timer: 1000 });
  });

  it("a file read ends at loop time 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "aiots-clock-"));
    try {
      const file = join(dir, "big");
      await writeFile(file, Buffer.alloc(8 * 1024 * 1024, 7));
      let length = 0;
      const times = await beside(async () => {
        length = (await readFile(file)).length;
      });
      expect(length).toBe(8 * 1024 * 1024);
      expect(times).toEqual({ io: 0, timer: 1000 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a peer that never answers does not stop time: the timer fires at 1000", async () => {
    let answered = false;
    const times = await beside(async () => {
      const socket = await connect();
      const reply = roundTrip(socket, "hang").then(() => (answered = true));
      await sleep(1000);
      expect(answered).toBe(false);
      socket.destroy();
      void reply;
    });
    expect(times).toEqual({ io: 1000, timer: 1000 });
  });
});
