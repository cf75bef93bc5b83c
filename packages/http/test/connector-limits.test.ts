// Connector limits (aiohttp's TCPConnector limit / limit_per_host): a cap across all
// hosts, one per host, a fair FIFO queue, and cancelled waiters that leave it cleanly.
import { beforeAll, describe, expect, it } from "vitest";
import { CancelledError, RuntimeError } from "@aiots/loop";
import { createTask, gather, sleep } from "@aiots/tasks";
import { ClientSession, Connector, type TraceConfig } from "../src/index.js";
import { failure, gate, inLoop, useServer } from "./helpers.js";

const http = useServer();

beforeAll(() => {
  http.server.route("/tagged", (request, response) => {
    response.end(new URL(request.url ?? "/", "http://x").searchParams.get("tag") ?? "");
  });
});

describe("connector limits", () => {
  it("limit caps requests in flight across hosts", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 2 } });
      const held = gate(http.server, "/gated-limit");
      const get = async (url: string): Promise<string> => (await session.get(url)).text();
      const all = gather(...Array.from({ length: 6 }, () => get(http.url("/gated-limit"))));
      await held.arrivals(2); // two overlap on the server (no elapsed time involved) ...
      expect(session.connector.stats()).toMatchObject({ active: 2, queued: 4 });
      held.open();
      await all;
      expect(held.max).toBe(2); // ... and never more
      expect(held.arrived).toBe(6);
    });
  });

  it("serves waiters in FIFO order", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 1 } });
      const order: string[] = [];
      const get = async (tag: string): Promise<void> => {
        order.push(await (await session.get(http.url(`/tagged?tag=${tag}`))).text());
      };
      const tasks = ["a", "b", "c", "d"].map((tag) => createTask(() => get(tag)));
      await gather(...tasks);
      expect(order).toEqual(["a", "b", "c", "d"]);
    });
  });

  it("a cancelled waiter leaves the queue without taking a slot", async () => {
    await inLoop(async () => {
      const queued: string[] = [];
      const trace: TraceConfig = {
        onConnectionQueuedStart: () => queued.push("start"),
        onConnectionQueuedEnd: () => queued.push("end"),
      };
      await using session = new ClientSession({ connector: { limit: 1 }, trace });
      const holder = await session.get(http.url("/stall-body?sent=1"));
      const waiter = createTask(() => session.get(http.url("/json")));
      await sleep(10);
      expect(session.connector.stats()).toMatchObject({ active: 1, queued: 1 });
      waiter.cancel();
      expect(await failure(waiter)).toBeInstanceOf(CancelledError);
      expect(session.connector.stats()).toMatchObject({ active: 1, queued: 0 });
      expect(queued).toEqual(["start", "end"]);
      holder.release();
      expect(session.connector.stats().active).toBe(0);
      expect((await session.get(http.url("/json"))).status).toBe(200);
    });
  });

  it("a connector can be shared; connectorOwner: false leaves it open", async () => {
    await inLoop(async () => {
      const connector = new Connector({ limit: 5 });
      const a = new ClientSession({ connector, connectorOwner: false });
      const b = new ClientSession({ connector });
      expect(a.connector).toBe(b.connector);
      await (await a.get(http.url("/json"))).read();
      await a.close();
      expect(connector.closed).toBe(false);
      await (await b.get(http.url("/json"))).read();
      await b.close();
      expect(connector.closed).toBe(true);
    });
  });

  it("a session whose shared connector was closed is closed: no request, no new pool", async () => {
    await inLoop(async () => {
      const connector = new Connector({ limit: 5 });
      const owner = new ClientSession({ connector });
      const guest = new ClientSession({ connector, connectorOwner: false });
      await (await guest.get(http.url("/json"))).read();
      await owner.close();
      expect(guest.closed).toBe(true); // aiohttp: ClientSession.closed is its connector's
      const error = (await failure(guest.get(http.url("/json")))) as Error;
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).toBe("Session is closed");
      expect(connector.stats()).toMatchObject({ active: 0, queued: 0, pools: {} });
      await guest.close();
    });
  });

  it("limit: 0 means no cap", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 0 } });
      const held = gate(http.server, "/gated-unlimited");
      const get = async (): Promise<string> =>
        (await session.get(http.url("/gated-unlimited"))).text();
      const all = gather(...Array.from({ length: 8 }, () => get()));
      await held.arrivals(8); // all eight reach the server before any is answered
      held.open();
      await all;
      expect(held.max).toBe(8);
      expect(session.connector.stats().active).toBe(0);
    });
  });
});
