// Connector limits (aiohttp's TCPConnector limit / limit_per_host): a cap across all
// hosts, one per host, a fair FIFO queue, and cancelled waiters that leave it cleanly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CancelledError } from "@aiots/loop";
import { createTask, gather, sleep } from "@aiots/tasks";
import { ClientSession, Connector, type TraceConfig } from "../src/index.js";
import { TestServer } from "../src/testing/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();
let other: TestServer;
const inFlight = new Map<TestServer, { now: number; max: number }>();

function countingRoute(server: TestServer): void {
  const counter = { now: 0, max: 0 };
  inFlight.set(server, counter);
  server.route("/counted", async (request, response) => {
    counter.now++;
    counter.max = Math.max(counter.max, counter.now);
    await new Promise((resolve) => setTimeout(resolve, 20));
    counter.now--;
    response.end(new URL(request.url ?? "/", "http://x").searchParams.get("tag") ?? "");
  });
}

beforeAll(async () => {
  other = await TestServer.start();
  countingRoute(http.server);
  countingRoute(other);
});
afterAll(async () => {
  await other.close();
});

describe("connector limits", () => {
  it("limit caps requests in flight across hosts", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 2 } });
      inFlight.get(http.server)!.max = 0;
      const get = async (url: string): Promise<string> => (await session.get(url)).text();
      await gather(...Array.from({ length: 6 }, () => get(http.url("/counted"))));
      expect(inFlight.get(http.server)!.max).toBe(2);
    });
  });

  it("limitPerHost caps each origin while others proceed", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 10, limitPerHost: 1 } });
      inFlight.get(http.server)!.max = 0;
      inFlight.get(other)!.max = 0;
      const get = async (url: string): Promise<string> => (await session.get(url)).text();
      const started = Date.now();
      await gather(
        ...Array.from({ length: 3 }, () => get(http.url("/counted"))),
        ...Array.from({ length: 3 }, () => get(other.urlFor("/counted"))),
      );
      expect(inFlight.get(http.server)!.max).toBe(1);
      expect(inFlight.get(other)!.max).toBe(1);
      expect(Date.now() - started).toBeLessThan(3 * 6 * 20); // the two hosts overlapped
    });
  });

  it("serves waiters in FIFO order", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 1 } });
      const order: string[] = [];
      const get = async (tag: string): Promise<void> => {
        order.push(await (await session.get(http.url(`/counted?tag=${tag}`))).text());
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

  it("limit: 0 means no cap", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 0 } });
      inFlight.get(http.server)!.max = 0;
      const get = async (): Promise<string> => (await session.get(http.url("/counted"))).text();
      await gather(...Array.from({ length: 8 }, () => get()));
      expect(inFlight.get(http.server)!.max).toBe(8);
      expect(session.connector.stats().active).toBe(0);
    });
  });
});
