// limitPerHost (aiohttp's TCPConnector limit_per_host) caps each origin, not all of them:
// requests in flight are counted per host on the server side, and the hosts must overlap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gather } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";
import { TestServer } from "../src/testing/index.js";
import { gate, inLoop, useServer } from "./helpers.js";

const http = useServer();
let other: TestServer;
beforeAll(async () => {
  other = await TestServer.start();
});
afterAll(async () => {
  await other.close();
});

describe("limitPerHost", () => {
  it("caps each origin at limitPerHost while other origins proceed at the same time", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 10, limitPerHost: 2 } });
      const a = gate(http.server, "/per-host");
      const b = gate(other, "/per-host");
      const get = async (url: string): Promise<string> => (await session.get(url)).text();
      const all = gather(
        ...Array.from({ length: 5 }, () => get(http.url("/per-host"))),
        ...Array.from({ length: 5 }, () => get(other.urlFor("/per-host"))),
      );
      // Both hosts reach their cap together: 4 requests held on the servers at once (a
      // global limit of 2 would never get here).
      await Promise.all([a.arrivals(2), b.arrivals(2)]);
      expect([a.now, b.now]).toEqual([2, 2]);
      expect(session.connector.stats()).toMatchObject({ active: 4, queued: 6 });
      a.open();
      b.open();
      await all;
      expect([a.max, b.max]).toEqual([2, 2]);
      expect([a.arrived, b.arrived]).toEqual([5, 5]);
      expect(session.connector.stats()).toMatchObject({ active: 0, queued: 0 });
    });
  });
});
