// A cancelled request closes its socket and opens nothing (aiohttp opens none). undici's
// own abort re-queued the aborted request, so each cancel made it connect a replacement
// socket that sent nothing (20 cancels, 40 connections).
import { describe, expect, it } from "vitest";
import { CancelledError } from "@aiots/loop";
import { createTask } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";
import { failure, gate, inLoop, useServer } from "./helpers.js";

const http = useServer();

describe("cancelling requests in flight", () => {
  it("20 cancels close 20 sockets and open no replacement", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const held = gate(http.server, "/cancel-held");
      const before = http.server.totalSockets;
      const tasks = Array.from({ length: 20 }, () =>
        createTask(() => session.get(http.url("/cancel-held"))),
      );
      await held.arrivals(20); // all 20 are on the server, waiting for their heads
      for (const task of tasks) task.cancel();
      for (const task of tasks) expect(await failure(task)).toBeInstanceOf(CancelledError);
      expect(session.connector.stats().active).toBe(0);
      await http.server.waitForSockets(0);
      expect(http.server.totalSockets - before).toBe(20);
      held.open();
      // The next request needs a socket of its own: none was opened in advance.
      expect((await session.get(http.url("/json"))).status).toBe(200);
      expect(http.server.totalSockets - before).toBe(21);
      const { pools } = session.connector.stats();
      expect(pools[http.server.origin]?.connected).toBe(1);
    });
  });
});
