// Server-Sent Events over a loopback server: `response.iterEvents()` and `session.sse()`,
// whose reconnection follows the WHATWG EventSource processing model (§9.2.3: reconnect
// after the reconnection time with Last-Event-ID; "fail the connection" on a status other
// than 200 or a Content-Type other than text/event-stream).
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { getRunningLoop } from "@aiots/loop";
import { CancelledError, createTask, sleep } from "@aiots/tasks";
import {
  ClientResponseError,
  ClientSession,
  ContentTypeError,
  type ServerSentEvent,
} from "../src/index.js";
import { failure, inLoop, inVirtualLoop, useServer } from "./helpers.js";

const http = useServer();

function eventStream(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  response.flushHeaders();
}

/** An LLM-style stream: `count` tokens, one per write, then `[DONE]`. */
function tokens(count: number) {
  return (_request: IncomingMessage, response: ServerResponse): void => {
    eventStream(response);
    let index = 0;
    const next = (): void => {
      if (index === count) {
        response.end("data: [DONE]\n\n");
        return;
      }
      response.write(`event: token\nid: ${index}\ndata: {"token":"t${index}"}\n\n`);
      index++;
      setImmediate(next);
    };
    next();
  };
}

describe("response.iterEvents()", () => {
  it("yields the events of a token stream as they arrive", async () => {
    http.server.route("/tokens", tokens(5));
    await inLoop(async () => {
      await using session = new ClientSession();
      await using response = await session.get(http.url("/tokens"));
      const seen: string[] = [];
      for await (const event of response.iterEvents()) {
        if (event.data === "[DONE]") break;
        expect(event.type).toBe("token");
        seen.push((JSON.parse(event.data) as { token: string }).token);
      }
      expect(seen).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    });
  });

  it("is a cancellation point: cancelling the reader ends it and destroys the socket", async () => {
    http.server.route("/silent", (_request, response) => {
      eventStream(response);
      response.write("data: first\n\n");
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      const seen: string[] = [];
      const reader = createTask(async () => {
        await using response = await session.get(http.url("/silent"));
        for await (const event of response.iterEvents()) seen.push(event.data);
      });
      while (seen.length === 0) await sleep(1);
      reader.cancel();
      expect(await failure(reader)).toBeInstanceOf(CancelledError);
      expect(seen).toEqual(["first"]);
      await http.server.waitForSockets(0);
    });
  });
});

describe("session.sse()", () => {
  it("reconnects with Last-Event-ID after the server's retry delay, on the loop clock", async () => {
    const lastIds: Array<string | undefined> = [];
    http.server.route("/resume", (request, response) => {
      const last = request.headers["last-event-id"] as string | undefined;
      lastIds.push(last);
      eventStream(response);
      const from = last === undefined ? 0 : Number(last) + 1;
      // Two events per connection, then the server hangs up (as a proxy idle timeout would).
      response.end(
        `retry: 5000\nid: ${from}\ndata: e${from}\n\nid: ${from + 1}\ndata: e${from + 1}\n\n`,
      );
    });
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession();
      const stream = session.sse(http.url("/resume"));
      const seen: Array<[string, number]> = [];
      const start = loop.time();
      for await (const event of stream) {
        seen.push([event.data, Math.round(loop.time() - start)]);
        if (seen.length === 6) break;
      }
      expect(seen.map(([data]) => data)).toEqual(["e0", "e1", "e2", "e3", "e4", "e5"]);
      // Each reconnection waits the 5 s the server asked for (virtual time, no real wait).
      expect(seen[2]![1]).toBeGreaterThanOrEqual(5000);
      expect(seen[4]![1]).toBeGreaterThanOrEqual(10_000);
      expect(seen[4]![1]).toBeLessThan(11_000);
      expect(lastIds).toEqual([undefined, "1", "3"]);
      expect(stream.reconnects).toBe(2);
      expect(stream.lastEventId).toBe("5");
      expect(stream.reconnectionTime).toBe(5000);
    });
  });

  it("sends Accept: text/event-stream and the lastEventId option on the first connection", async () => {
    const seen: Array<[string | undefined, string | undefined]> = [];
    http.server.route("/headers", (request, response) => {
      seen.push([request.headers.accept, request.headers["last-event-id"] as string | undefined]);
      eventStream(response);
      response.end("data: x\n\n");
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      for await (const event of session.sse(http.url("/headers"), { lastEventId: "41" })) {
        expect(event.lastEventId).toBe("41");
        break;
      }
      expect(seen).toEqual([["text/event-stream", "41"]]);
    });
  });

  it("reconnects after a network failure with the default 3000 ms, up to maxReconnects", async () => {
    let connections = 0;
    http.server.route("/drops", (request, response) => {
      connections++;
      eventStream(response);
      response.write("data: partial\n\ndata: never dispatched");
      setImmediate(() => request.socket.destroy());
    });
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession();
      const start = loop.time();
      const seen: string[] = [];
      const stream = session.sse(http.url("/drops"), { maxReconnects: 2 });
      const error = await failure(
        (async () => {
          for await (const event of stream) seen.push(event.data);
        })(),
      );
      // A chunked body cut short is a payload error; after the last allowed reconnect it is thrown.
      expect((error as Error).name).toBe("ClientPayloadError");
      expect(seen).toEqual(["partial", "partial", "partial"]);
      expect(connections).toBe(3);
      expect(loop.time() - start).toBeGreaterThanOrEqual(6000);
    });
  });

  it("ends when the server closes cleanly and no reconnection is left", async () => {
    http.server.route("/once", (_request, response) => {
      eventStream(response);
      response.end("data: only\n\n");
    });
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const seen: ServerSentEvent[] = [];
      for await (const event of session.sse(http.url("/once"), { maxReconnects: 0 }))
        seen.push(event);
      expect(seen).toEqual([{ type: "message", data: "only", lastEventId: "" }]);
    });
  });

  it("fails without reconnecting on a status other than 200 or a wrong Content-Type", async () => {
    let hits = 0;
    http.server.route("/not-sse", (request, response) => {
      hits++;
      if (request.url!.includes("status")) {
        response.statusCode = 204;
        response.end();
        return;
      }
      response.setHeader("content-type", "application/json");
      response.end("{}");
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      const drain = async (url: string): Promise<void> => {
        for await (const _ of session.sse(url)) expect.unreachable();
      };
      const noContent = await failure(drain(http.url("/not-sse?status")));
      expect(noContent).toBeInstanceOf(ClientResponseError);
      expect((noContent as ClientResponseError).status).toBe(204);
      expect(await failure(drain(http.url("/not-sse")))).toBeInstanceOf(ContentTypeError);
      expect(hits).toBe(2);
    });
  });

  it("cancelling the task ends the stream during the reconnection delay, with no request left", async () => {
    let connections = 0;
    http.server.route("/short", (_request, response) => {
      connections++;
      eventStream(response);
      response.end("retry: 60000\ndata: x\n\n");
    });
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession();
      const stream = session.sse(http.url("/short"));
      const reader = createTask(async () => {
        for await (const _ of stream);
      });
      await sleep(1000);
      expect(connections).toBe(1);
      const before = loop.time();
      reader.cancel();
      expect(await failure(reader)).toBeInstanceOf(CancelledError);
      expect(loop.time() - before).toBeLessThan(1000);
      expect(session.connector.stats().active).toBe(0);
      await sleep(120_000);
      expect(connections).toBe(1);
    });
  });

  it("close() ends an iteration blocked on a chunk", async () => {
    http.server.route("/open", (_request, response) => {
      eventStream(response);
      response.write("data: hello\n\n");
    });
    await inLoop(async () => {
      await using session = new ClientSession();
      const stream = session.sse(http.url("/open"));
      const seen: string[] = [];
      const reader = createTask(async () => {
        for await (const event of stream) seen.push(event.data);
        return "ended";
      });
      while (seen.length === 0) await sleep(1);
      stream.close();
      expect(await reader).toBe("ended");
      expect(() => stream[Symbol.asyncIterator]()).toThrow(TypeError);
      await http.server.waitForSockets(0);
    });
  });

  it("rejects bad options naming them", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      expect(() => session.sse(http.url("/"), { reconnectionTime: -1 })).toThrow(
        "Expected `reconnectionTime` to be a finite number >= 0, got `-1` (number)",
      );
      expect(() => session.sse(http.url("/"), { lastEventId: "a\nb" })).toThrow(TypeError);
      expect(() => session.sse(http.url("/"), { maxReconnects: 1.5 })).toThrow(RangeError);
    });
  });
});
