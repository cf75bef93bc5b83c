// Every timer of a request runs on the session's loop clock: `total`, `connect`, `sockRead`
// and the retries' backoff, each driven here by a virtual clock against a loopback server
// that never answers (no real time passes beyond the I/O).
import { describe, expect, it } from "vitest";
import { getRunningLoop } from "@aiots/loop";
import {
  ClientSession,
  ConnectionTimeoutError,
  SocketTimeoutError,
  TotalTimeoutError,
  type TraceConfig,
} from "../src/index.js";
import { failure, inVirtualLoop, useServer } from "./helpers.js";

const http = useServer();

describe("timeouts on the loop clock", () => {
  it("total: 60 s of virtual time against a server that never answers", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession({ timeout: { total: 60_000 } });
      const started = loop.time();
      expect(await failure(session.get(http.url("/hang")))).toBeInstanceOf(TotalTimeoutError);
      expect(loop.time() - started).toBeGreaterThanOrEqual(60_000);
      expect(loop.time() - started).toBeLessThan(60_005);
    });
  });

  it("connect: waiting 10 s (virtual) for a slot held by a request that never ends", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession({ connector: { limit: 1 } });
      const holder = await session.get(http.url("/stall-body?sent=1"));
      const started = loop.time();
      const error = await failure(session.get(http.url("/json"), { timeout: { connect: 10_000 } }));
      expect(error).toBeInstanceOf(ConnectionTimeoutError);
      expect(loop.time() - started).toBeGreaterThanOrEqual(10_000);
      expect(loop.time() - started).toBeLessThan(10_005);
      holder.release();
      expect(session.connector.stats()).toMatchObject({ active: 0, queued: 0 });
    });
  });

  it("backoff: sockRead failures retried after 1 s then 2 s, all virtual", async () => {
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      const delays: number[] = [];
      const trace: TraceConfig = { onRequestRetry: (event) => delays.push(event.delay) };
      await using session = new ClientSession({
        timeout: { sockRead: 500 },
        retry: { attempts: 3, initialDelay: 1000, factor: 2, jitter: false },
        trace,
      });
      const started = loop.time();
      const error = await failure(session.get(http.url("/hang")));
      const elapsed = loop.time() - started;
      expect(error).toBeInstanceOf(SocketTimeoutError);
      expect(delays).toEqual([1000, 2000]);
      // 3 silences of 500 ms and backoffs of 1000 and 2000 ms.
      expect(elapsed).toBeGreaterThanOrEqual(4500);
      expect(elapsed).toBeLessThan(4520);
      expect(http.server.hits("/hang")).toBeGreaterThanOrEqual(3);
    });
  });
});
