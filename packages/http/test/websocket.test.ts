// The WebSocket client against a loopback `ws` server: aiohttp's ClientWebSocketResponse
// behaviour (docs "WebSockets Client", tests/test_client_ws_functional.py), with the
// aiots rules: every wait a cancellation point, no message lost to a cancelled receive(),
// timeouts and the heartbeat on the loop's clock.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket as ServerSocket } from "ws";
import { getRunningLoop } from "@aiots/loop";
import {
  CancelledError,
  createTask,
  currentTask,
  sleep,
  waitFor,
  TimeoutError,
} from "@aiots/tasks";
import {
  BasicAuth,
  ClientConnectorError,
  ClientConnectionError,
  ClientSession,
  ConnectionTimeoutError,
  ServerTimeoutError,
  WSMessageTypeError,
  WSServerHandshakeError,
  type ClientWebSocket,
} from "../src/index.js";
import { closedPort, failure, inLoop, inVirtualLoop } from "./helpers.js";

type Behaviour = (socket: ServerSocket, path: string) => void;

let server: WebSocketServer;
let base: string;
const behaviours = new Map<string, Behaviour>();
const handshakes: Array<{ path: string; headers: Record<string, string | string[] | undefined> }> =
  [];

beforeAll(async () => {
  server = new WebSocketServer({
    host: "127.0.0.1",
    port: 0,
    handleProtocols: (protocols) => (protocols.has("chat.v2") ? "chat.v2" : false),
    verifyClient: (info, done) => {
      if (info.req.url === "/forbidden") done(false, 403, "Forbidden");
      else done(true);
    },
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  base = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  server.on("connection", (socket, request) => {
    const path = request.url ?? "/";
    handshakes.push({ path, headers: request.headers });
    (behaviours.get(path.split("?")[0]!) ?? echo)(socket, path);
  });
});

afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const echo: Behaviour = (socket) => {
  socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
};

function on(path: string, behaviour: Behaviour): string {
  behaviours.set(path, behaviour);
  return base + path;
}

describe("session.wsConnect()", () => {
  it("echoes text, bytes and JSON; negotiates the subprotocol; sends the session's headers", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({
        headers: { "X-Team": "aiots" },
        auth: new BasicAuth("alice", "s3cret"),
      });
      await using ws = await session.wsConnect(base + "/echo", {
        protocols: ["chat.v1", "chat.v2"],
      });
      expect(ws.protocol).toBe("chat.v2");
      await ws.send("hello");
      expect(await ws.receive()).toEqual({ type: "text", data: "hello" });
      await ws.send(new Uint8Array([1, 2, 3]));
      const binary = await ws.receive();
      expect(binary.type).toBe("binary");
      expect([...(binary as { data: Uint8Array }).data]).toEqual([1, 2, 3]);
      await ws.sendJson({ n: 1 });
      expect(await ws.receiveJson()).toEqual({ n: 1 });
      const { headers } = handshakes.at(-1)!;
      expect(headers["x-team"]).toBe("aiots");
      expect(headers.authorization).toBe("Basic YWxpY2U6czNjcmV0");
    });
  });

  it("iterates the data messages and ends on the server's close, with its code", async () => {
    const url = on("/three", (socket) => {
      socket.send("a");
      socket.send(Buffer.from("b"));
      socket.send("c");
      socket.close(4000, "done");
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url);
      const seen: string[] = [];
      for await (const message of ws)
        seen.push(`${message.type}:${String(Buffer.from(message.data))}`);
      expect(seen).toEqual(["text:a", "binary:b", "text:c"]);
      expect(ws.closeCode).toBe(4000);
      expect(ws.closed).toBe(true);
      expect(await ws.receive()).toEqual({ type: "closed" });
    });
  });

  it("returns the close message once, then closed", async () => {
    const url = on("/bye", (socket) => socket.close(1001, "going away"));
    await inLoop(async () => {
      await using session = new ClientSession();
      const ws = await session.wsConnect(url);
      expect(await ws.receive()).toEqual({ type: "close", code: 1001, reason: "going away" });
      expect(await ws.receive()).toEqual({ type: "closed" });
      expect(await ws.close()).toBe(false);
      await expect(ws.send("late")).rejects.toBeInstanceOf(ClientConnectionError);
    });
  });

  it("receiveStr() on a binary message throws WSMessageTypeError", async () => {
    const url = on("/binary", (socket) => socket.send(Buffer.from([0])));
    await inLoop(async () => {
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url);
      const error = await failure(ws.receiveStr());
      expect(error).toBeInstanceOf(WSMessageTypeError);
      expect((error as WSMessageTypeError).received.type).toBe("binary");
    });
  });

  it("close(code, reason) is seen by the server and ends a receive() waiting in another task", async () => {
    let closedWith: [number, string] | undefined;
    const url = on("/watch-close", (socket) =>
      socket.on("close", (code, reason) => {
        closedWith = [code, reason.toString()];
      }),
    );
    await inLoop(async () => {
      await using session = new ClientSession();
      const ws = await session.wsConnect(url);
      const reader = createTask(() => ws.receive());
      await sleep(5);
      expect(await ws.close(4001, "client done")).toBe(true);
      expect(await reader).toEqual({ type: "closed" });
      expect(ws.closeCode).toBe(4001);
      await sleep(5);
      expect(closedWith).toEqual([4001, "client done"]);
      await expect(ws.close(1005)).rejects.toThrow(RangeError);
    });
  });

  it("answers the server's pings by itself", async () => {
    let pongs = 0;
    const url = on("/pinger", (socket) => {
      socket.on("pong", () => {
        pongs++;
        socket.send(`pong ${pongs}`);
      });
      socket.ping();
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url);
      expect(await ws.receiveStr()).toBe("pong 1");
    });
  });
});

describe("cancellation", () => {
  it("cancelling a receive() loses no message: the next receive() gets them all, in order", async () => {
    let serverSide: ServerSocket | undefined;
    const url = on("/held", (socket) => {
      serverSide = socket;
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url);
      const reader = createTask(() => ws.receive());
      await sleep(5);
      reader.cancel();
      expect(await failure(reader)).toBeInstanceOf(CancelledError);
      serverSide!.send("one");
      serverSide!.send("two");
      await sleep(10);
      expect(await ws.receiveStr()).toBe("one");
      expect(await ws.receiveStr()).toBe("two");
    });
  });

  it("a receive() cancelled by waitFor's deadline leaves the late message for the next one", async () => {
    let serverSide: ServerSocket | undefined;
    const url = on("/late", (socket) => {
      serverSide = socket;
    });
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url);
      expect(await failure(waitFor(ws.receive(), 1000))).toBeInstanceOf(TimeoutError);
      serverSide!.send("late");
      expect(await ws.receiveStr()).toBe("late");
    });
  });

  it("a message that arrives as the receiver is cancelled is delivered, not dropped", async () => {
    let serverSide: ServerSocket | undefined;
    const url = on("/race", (socket) => {
      serverSide = socket;
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url);
      // Round after round, the cancel lands at a different point relative to the arrival.
      const received: string[] = [];
      for (let round = 0; round < 20; round++) {
        const reader = createTask(async () => received.push(await ws.receiveStr()));
        serverSide!.send(`m${round}`);
        for (let spin = 0; spin < round % 5; spin++) await sleep(0);
        reader.cancel();
        try {
          await reader;
        } catch (error) {
          expect(error).toBeInstanceOf(CancelledError);
        }
      }
      await ws.send("flush");
      serverSide!.send("end");
      for (;;) {
        const text = await ws.receiveStr();
        if (text === "end") break;
        received.push(text);
      }
      expect(received.filter((text) => text !== "flush")).toEqual(
        Array.from({ length: 20 }, (_, round) => `m${round}`),
      );
    });
  });

  it("a receive() of a queued message in a task with a cancellation pending still returns it", async () => {
    let serverSide: ServerSocket | undefined;
    const url = on("/queued", (socket) => {
      serverSide = socket;
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url);
      serverSide!.send("a");
      serverSide!.send("b");
      await sleep(20); // both are queued now
      const got: string[] = [];
      const reader = createTask(async () => {
        currentTask()!.cancel(); // pending: delivered at the next suspension, as in asyncio
        got.push(await ws.receiveStr());
        await sleep(0);
      });
      expect(await failure(reader)).toBeInstanceOf(CancelledError);
      expect(got).toEqual(["a"]);
      expect(await ws.receiveStr()).toBe("b");
    });
  });

  it("cancelling the handshake drops the connection", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      socket.resume(); // read, so that the client's close is seen
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      await inLoop(async () => {
        await using session = new ClientSession();
        const connecting = createTask(() => session.wsConnect(`ws://127.0.0.1:${port}/`));
        while (sockets.size === 0) await sleep(1);
        connecting.cancel();
        expect(await failure(connecting)).toBeInstanceOf(CancelledError);
        while (sockets.size > 0) await sleep(1);
      });
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("timeouts and heartbeat (virtual clock)", () => {
  it("receive(timeout) rejects with ServerTimeoutError and the connection stays usable", async () => {
    let serverSide: ServerSocket | undefined;
    const url = on("/quiet", (socket) => {
      serverSide = socket;
    });
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url, { receiveTimeout: 5000 });
      const start = loop.time();
      expect(await failure(ws.receive())).toBeInstanceOf(ServerTimeoutError);
      expect(loop.time() - start).toBeGreaterThanOrEqual(5000);
      expect(await failure(ws.receive(200))).toBeInstanceOf(ServerTimeoutError);
      serverSide!.send("still here");
      expect(await ws.receiveStr()).toBe("still here");
      expect(ws.closed).toBe(false);
    });
  });

  it("keeps a quiet connection alive with pings the server answers", async () => {
    let pings = 0;
    const url = on("/alive", (socket) => socket.on("ping", () => pings++));
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      await using ws = await session.wsConnect(url, { heartbeat: 1000 });
      await sleep(10_500);
      expect(ws.closed).toBe(false);
      expect(pings).toBeGreaterThanOrEqual(9);
      expect(pings).toBeLessThanOrEqual(11);
    });
  });

  it("fails the connection when a ping gets no pong within heartbeat / 2 (code 1006)", async () => {
    const deaf = new WebSocketServer({ host: "127.0.0.1", port: 0, autoPong: false });
    await new Promise<void>((resolve) => deaf.once("listening", resolve));
    const url = `ws://127.0.0.1:${(deaf.address() as net.AddressInfo).port}/`;
    try {
      await inVirtualLoop(async () => {
        const loop = getRunningLoop();
        await using session = new ClientSession();
        const ws: ClientWebSocket = await session.wsConnect(url, { heartbeat: 2000 });
        const start = loop.time();
        const message = await ws.receive();
        expect(message.type).toBe("error");
        const error = (message as { error: Error }).error;
        expect(error).toBeInstanceOf(ServerTimeoutError);
        expect(error.message).toBe("No PONG received after 1000 ms");
        expect(loop.time() - start).toBeGreaterThanOrEqual(3000);
        expect(loop.time() - start).toBeLessThan(3500);
        expect(ws.closeCode).toBe(1006);
        expect(ws.exception).toBe(error);
        expect(await ws.receive()).toEqual({ type: "closed" });
      });
    } finally {
      for (const client of deaf.clients) client.terminate();
      await new Promise<void>((resolve) => deaf.close(() => resolve()));
    }
  });

  it("for await throws the heartbeat's error", async () => {
    const deaf = new WebSocketServer({ host: "127.0.0.1", port: 0, autoPong: false });
    await new Promise<void>((resolve) => deaf.once("listening", resolve));
    const url = `ws://127.0.0.1:${(deaf.address() as net.AddressInfo).port}/`;
    try {
      await inVirtualLoop(async () => {
        await using session = new ClientSession();
        await using ws = await session.wsConnect(url, { heartbeat: 500 });
        const error = await failure(
          (async () => {
            for await (const _ of ws) expect.unreachable();
          })(),
        );
        expect(error).toBeInstanceOf(ServerTimeoutError);
      });
    } finally {
      for (const client of deaf.clients) client.terminate();
      await new Promise<void>((resolve) => deaf.close(() => resolve()));
    }
  });

  it("bounds the handshake with handshakeTimeout on the loop clock", async () => {
    const silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      await inVirtualLoop(async () => {
        const loop = getRunningLoop();
        await using session = new ClientSession();
        const start = loop.time();
        const error = await failure(
          session.wsConnect(`ws://127.0.0.1:${port}/`, { handshakeTimeout: 7000 }),
        );
        expect(error).toBeInstanceOf(ConnectionTimeoutError);
        expect(loop.time() - start).toBeGreaterThanOrEqual(7000);
      });
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe("handshake failures and the session", () => {
  it("a status other than 101 is WSServerHandshakeError with the status", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const error = await failure(session.wsConnect(base + "/forbidden"));
      expect(error).toBeInstanceOf(WSServerHandshakeError);
      expect((error as WSServerHandshakeError).status).toBe(403);
    });
  });

  it("a refused connection is ClientConnectorError", async () => {
    const port = await closedPort();
    await inLoop(async () => {
      await using session = new ClientSession();
      expect(await failure(session.wsConnect(`ws://127.0.0.1:${port}/`))).toBeInstanceOf(
        ClientConnectorError,
      );
    });
  });

  it("closing the session drops its open WebSockets", async () => {
    const url = on("/idle", () => {});
    await inLoop(async () => {
      const session = new ClientSession();
      const ws = await session.wsConnect(url);
      const reader = createTask(() => ws.receive());
      await sleep(5);
      await session.close();
      const message = await reader;
      expect(message.type).toBe("error");
      expect(ws.closed).toBe(true);
      await expect(session.wsConnect(url)).rejects.toThrow("Session is closed");
    });
  });

  it("rejects bad options naming them", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      await expect(session.wsConnect(base, { heartbeat: -1 })).rejects.toThrow(
        "Expected `heartbeat` to be a number >= 0, got `-1` (number)",
      );
      await expect(session.wsConnect("ftp://x/")).rejects.toThrow("Expected a ws:, wss:");
      await expect(session.wsConnect(base, { protocols: ["a b"] })).rejects.toThrow(TypeError);
    });
  });
});
