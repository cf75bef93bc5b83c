// ClientTimeout's four deadlines with aiohttp's meanings (aiohttp docs: "Timeouts"),
// against a loopback server that is slow on purpose. Real times are tens of ms.
import { describe, expect, it } from "vitest";
import { TimeoutError } from "@aiots/loop";
import { timeout } from "@aiots/tasks";
import {
  ClientSession,
  ConnectionTimeoutError,
  ServerTimeoutError,
  SocketTimeoutError,
  TotalTimeoutError,
} from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

async function expectNoSocketLeft(session: ClientSession): Promise<void> {
  await http.server.waitForSockets(0);
  const stats = session.connector.stats();
  expect(stats.active).toBe(0);
  for (const pool of Object.values(stats.pools)) expect(pool.running).toBe(0);
}

describe("ClientTimeout", () => {
  it("sockRead: slow headers raise SocketTimeoutError (a ServerTimeoutError and a TimeoutError)", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ timeout: { sockRead: 50 } });
      const error = await failure(session.get(http.url("/delay?ms=2000")));
      expect(error).toBeInstanceOf(SocketTimeoutError);
      expect(error).toBeInstanceOf(ServerTimeoutError);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toContain("timeout.sockRead");
      await expectNoSocketLeft(session);
    });
  });

  it("sockRead: a body that stalls raises SocketTimeoutError while reading", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ timeout: { sockRead: 50 } });
      const response = await session.get(http.url("/stall-body?sent=10"));
      const error = await failure(response.read());
      expect(error).toBeInstanceOf(SocketTimeoutError);
      expect((error as Error).message).toContain("timeout.sockRead");
      await expectNoSocketLeft(session);
    });
  });

  it("sockRead is the longest silence, not the whole body: a steady slow body completes", async () => {
    await inLoop(async () => {
      // The body takes ~300 ms, longer than sockRead (so a whole-body deadline would fail
      // it); each silence is 25 ms, a tenth of sockRead (room for a loaded machine).
      await using session = new ClientSession({ timeout: { sockRead: 250 } });
      const response = await session.get(http.url("/slow-body?chunks=12&interval=25&size=3"));
      expect(await response.read()).toHaveLength(36);
    });
  });

  it("total: covers the body too; a slow body raises TotalTimeoutError", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ timeout: { total: 80 } });
      const response = await session.get(http.url("/slow-body?chunks=10&interval=30&size=1"));
      const error = await failure(response.read());
      expect(error).toBeInstanceOf(TotalTimeoutError);
      expect(error).toBeInstanceOf(TimeoutError);
      await expectNoSocketLeft(session);
    });
  });

  it("total: slow headers raise TotalTimeoutError; a request override wins over the session", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ timeout: { total: 10_000 } });
      const error = await failure(
        session.get(http.url("/delay?ms=2000"), { timeout: { total: 50 } }),
      );
      expect(error).toBeInstanceOf(TotalTimeoutError);
      await expectNoSocketLeft(session);
      expect(
        (await session.get(http.url("/delay?ms=10"), { timeout: { total: null } })).status,
      ).toBe(200);
    });
  });

  it("connect: waiting in the connector queue counts; raises ConnectionTimeoutError and frees the queue", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 1 } });
      const busy = await session.get(http.url("/stall-body?sent=1"));
      const error = await failure(session.get(http.url("/json"), { timeout: { connect: 40 } }));
      expect(error).toBeInstanceOf(ConnectionTimeoutError);
      expect(error).toBeInstanceOf(ServerTimeoutError);
      expect(session.connector.stats().queued).toBe(0);
      busy.release();
      expect((await session.get(http.url("/json"))).status).toBe(200);
      await session.close();
      await http.server.waitForSockets(0);
    });
  });

  it("connect does not bound the response: slow headers after connecting are fine", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ timeout: { connect: 30 } });
      expect((await session.get(http.url("/delay?ms=80"))).status).toBe(200);
    });
  });

  it("sockConnect is the session's timer: one pool per origin whatever requests set", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ timeout: { sockConnect: 1000 } });
      await (await session.get(http.url("/json"))).read();
      await (await session.get(http.url("/json"), { timeout: { sockConnect: 500 } })).read();
      expect(Object.keys(session.connector.stats().pools)).toEqual([http.server.origin]);
    });
  });

  it("a task's timeout() scope bounds the request and destroys the socket (asyncio.timeout)", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const error = await failure(
        timeout(50, async () => {
          await session.get(http.url("/hang"));
        }),
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).not.toBeInstanceOf(ServerTimeoutError);
      await expectNoSocketLeft(session);
    });
  });

  it("a task's timeout() scope bounds a body read", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const response = await session.get(http.url("/stall-body?sent=3"));
      const error = await failure(timeout(50, () => response.read()));
      expect(error).toBeInstanceOf(TimeoutError);
      await expectNoSocketLeft(session);
    });
  });
});
