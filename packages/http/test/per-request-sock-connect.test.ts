// Connector limits hold whatever per-request options say: with `limit: 10`, requests that
// each set their own `sockConnect` used to get one undici Pool per value (20 sockets for
// two values, 50 for 50). One pool per origin: at most `limit` sockets in all.
import { describe, expect, it } from "vitest";
import { gather } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";
import { gate, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("per-request sockConnect", () => {
  it("50 distinct sockConnect values under limit 10 open at most 10 sockets", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 10 } });
      const held = gate(http.server, "/sock-connect-gated");
      const before = http.server.totalSockets;
      const all = gather(
        ...Array.from({ length: 50 }, async (_, index) => {
          const response = await session.get(http.url("/sock-connect-gated"), {
            timeout: { sockConnect: 1000 + index },
          });
          return response.text();
        }),
      );
      await held.arrivals(10);
      held.open();
      await all;
      expect(held.max).toBe(10);
      expect(http.server.totalSockets - before).toBeLessThanOrEqual(10);
      expect(Object.keys(session.connector.stats().pools)).toHaveLength(1);
    });
  });

  it("limitPerHost bounds the sockets to one host the same way", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 10, limitPerHost: 3 } });
      const held = gate(http.server, "/sock-connect-per-host");
      const before = http.server.totalSockets;
      const all = gather(
        ...Array.from({ length: 12 }, async (_, index) =>
          (
            await session.get(http.url("/sock-connect-per-host"), {
              timeout: { sockConnect: index % 2 === 0 ? 5000 : 6000 },
            })
          ).text(),
        ),
      );
      await held.arrivals(3);
      held.open();
      await all;
      expect(http.server.totalSockets - before).toBeLessThanOrEqual(3);
    });
  });
});
