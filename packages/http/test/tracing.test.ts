// Tracing hooks (aiohttp docs: "Client Tracing", TraceConfig signals).
import { describe, expect, it } from "vitest";
import { getRunningLoop } from "@aiots/loop";
import { sleep } from "@aiots/tasks";
import { ClientConnectorError, ClientSession, type TraceConfig } from "../src/index.js";
import { closedPort, failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("tracing", () => {
  it("reports start, connection create then reuse, chunks and end", async () => {
    await inLoop(async () => {
      const events: string[] = [];
      let chunkBytes = 0;
      const trace: TraceConfig = {
        onRequestStart: (event) =>
          events.push(`start ${event.method} ${new URL(event.url).pathname}`),
        onConnectionCreate: (event) => events.push(`create ${event.origin}`),
        onConnectionReuse: () => events.push("reuse"),
        onResponseChunkReceived: (event) => {
          chunkBytes += event.chunk.length;
        },
        onRequestEnd: (event) => events.push(`end ${event.response.status}`),
      };
      await using session = new ClientSession({ trace: [trace] });
      await (await session.get(http.url("/bytes?n=100"))).read();
      await sleep(5); // undici reuses a socket one event-loop turn after its response ended
      await (await session.get(http.url("/bytes?n=100"))).read();
      expect(events).toEqual([
        "start GET /bytes",
        `create ${http.server.origin}`,
        "end 200",
        "start GET /bytes",
        "reuse",
        "end 200",
      ]);
      expect(chunkBytes).toBe(200);
    });
  });

  it("reports exceptions, and the headers sent", async () => {
    const port = await closedPort();
    await inLoop(async () => {
      const errors: unknown[] = [];
      let sent: ReadonlyArray<readonly [string, string]> = [];
      const trace: TraceConfig = {
        onRequestStart: (event) => {
          sent = event.headers;
        },
        onRequestException: (event) => errors.push(event.error),
      };
      await using session = new ClientSession({ trace, headers: { "X-Trace": "1" } });
      await failure(session.get(`http://127.0.0.1:${port}/`));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(ClientConnectorError);
      expect(sent).toContainEqual(["X-Trace", "1"]);
    });
  });

  it("a hook that throws is reported to the loop and does not break the request", async () => {
    await inLoop(async () => {
      const reported: string[] = [];
      getRunningLoop().setExceptionHandler((_loop, context) => reported.push(context.message));
      await using session = new ClientSession({
        trace: {
          onRequestStart: () => {
            throw new Error("hook bug");
          },
        },
      });
      expect((await session.get(http.url("/json"))).status).toBe(200);
      expect(reported).toEqual(["trace hook onRequestStart failed"]);
    });
  });
});
