// A request's own `proxy` and `proxyAuth` (#16; aiohttp's per-request `proxy`/`proxy_auth`)
// against loopback proxies made with the `proxy` package: the request goes through its
// proxy, others do not; one agent per proxy (its tunnels kept alive); the connector's limits
// hold; bad options fail before anything is sent; closing the session closes the agents.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createProxy, type ProxyServer } from "proxy";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { gather } from "@aiots/tasks";
import { BasicAuth, ClientConnectorError, ClientSession, InvalidURL } from "../src/index.js";
import { failure, inVirtualLoop, useServer } from "./helpers.js";

const target = useServer();

interface LoopbackProxy {
  readonly server: ProxyServer;
  readonly url: string;
  /** The CONNECT targets asked for, in order. */
  readonly tunnels: string[];
}

async function startProxy(): Promise<LoopbackProxy> {
  const server = createProxy(http.createServer());
  const tunnels: string[] = [];
  server.on("connect", (request: http.IncomingMessage) => tunnels.push(request.url ?? ""));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, tunnels };
}

async function connections(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}

let a: LoopbackProxy;
let b: LoopbackProxy;
beforeAll(async () => {
  [a, b] = await Promise.all([startProxy(), startProxy()]);
});
afterAll(async () => {
  for (const proxy of [a, b]) {
    proxy.server.closeAllConnections();
    await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
  }
});
afterEach(() => {
  a.tunnels.length = 0;
  b.tunnels.length = 0;
  delete a.server.authenticate;
});

describe("per-request proxy", () => {
  it("sends only the requests that name it through the proxy", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      for (let index = 0; index < 3; index++) {
        const response = await session.get(target.url("/json"), { proxy: a.url });
        expect(await response.json()).toEqual({ ok: true });
      }
      const host = new URL(target.server.origin).host;
      const tunnels = a.tunnels.length;
      expect(tunnels).toBeGreaterThanOrEqual(1);
      expect(a.tunnels.every((tunnel) => tunnel === host)).toBe(true);
      expect((await session.get(target.url("/bytes?n=3"))).status).toBe(200);
      expect(a.tunnels).toHaveLength(tunnels);
    });
  });

  it("overrides the session's proxy for that request", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ proxy: a.url });
      await (await session.get(target.url("/bytes?n=1"), { proxy: new URL(b.url) })).read();
      await (await session.get(target.url("/bytes?n=1"))).read();
      expect(b.tunnels).toHaveLength(1);
      expect(a.tunnels).toHaveLength(1);
    });
  });

  it("sends proxyAuth (or the URL's credentials) as Proxy-Authorization; none gets a 407", async () => {
    const seen: Array<string | undefined> = [];
    a.server.authenticate = (request) => {
      seen.push(request.headers["proxy-authorization"]);
      return request.headers["proxy-authorization"] === new BasicAuth("agent", "s3cret").encode();
    };
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const auth = new BasicAuth("agent", "s3cret");
      expect(
        (await session.get(target.url("/bytes?n=2"), { proxy: a.url, proxyAuth: auth })).status,
      ).toBe(200);
      const inUrl = a.url.replace("http://", "http://agent:s3cret@");
      expect((await session.get(target.url("/bytes?n=2"), { proxy: inUrl })).status).toBe(200);
      const refused = await failure(session.get(target.url("/bytes?n=2"), { proxy: a.url }));
      expect(refused).toBeInstanceOf(ClientConnectorError);
      expect((refused as Error).message).toMatch(/407/);
      expect(seen).toEqual([auth.encode(), auth.encode(), undefined]);
    });
  });

  it("sends each request's own proxyAuth: one agent per proxy and credentials, none shared", async () => {
    const seen: Array<string | undefined> = [];
    const first = new BasicAuth("agent", "one");
    const second = new BasicAuth("agent", "two");
    for (const proxy of [a, b]) {
      proxy.server.authenticate = (request) => {
        seen.push(request.headers["proxy-authorization"]);
        return true;
      };
    }
    try {
      await inVirtualLoop(async () => {
        await using session = new ClientSession();
        const get = async (proxy: string, proxyAuth: BasicAuth): Promise<void> => {
          await (await session.get(target.url("/bytes?n=2"), { proxy, proxyAuth })).read();
        };
        await get(a.url, first);
        await get(a.url, second); // the same proxy, other credentials: its own tunnel
        await get(b.url, first); // the same credentials, another proxy: that proxy
      });
      expect(seen).toEqual([first.encode(), second.encode(), first.encode()]);
      expect(a.tunnels).toHaveLength(2);
      expect(b.tunnels).toHaveLength(1);
    } finally {
      delete b.server.authenticate;
    }
  });

  it("keeps the connector's limit through a request's proxy", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 2 } });
      let peak = 0;
      const one = async (): Promise<void> => {
        const response = await session.get(target.url("/bytes?n=64"), { proxy: a.url });
        peak = Math.max(peak, session.connector.stats().active);
        await response.read();
      };
      await gather(...Array.from({ length: 6 }, () => one()));
      expect(peak).toBe(2);
      expect(a.tunnels.length).toBeGreaterThanOrEqual(1);
      expect(a.tunnels.length).toBeLessThanOrEqual(2);
    });
  });

  it("closes its proxy agents with the session", async () => {
    await inVirtualLoop(async () => {
      const session = new ClientSession();
      await (await session.get(target.url("/bytes?n=1"), { proxy: a.url })).read();
      expect(await connections(a.server)).toBe(1);
      await session.close();
    });
    for (let tries = 0; tries < 100 && (await connections(a.server)) > 0; tries++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await connections(a.server)).toBe(0);
  });

  it("rejects a bad proxy or proxyAuth before sending anything", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const before = target.server.requests.length;
      const notUrl = await failure(
        session.get(target.url("/json"), { proxy: 42 as unknown as string }),
      );
      expect(notUrl).toBeInstanceOf(TypeError);
      expect((notUrl as Error).message).toBe(
        "Expected `proxy` to be an http: or https: URL, got `42` (number)",
      );
      expect(
        await failure(session.get(target.url("/json"), { proxy: "socks5://127.0.0.1:1" })),
      ).toBeInstanceOf(InvalidURL);
      const lone = await failure(
        session.get(target.url("/json"), { proxyAuth: new BasicAuth("u", "p") }),
      );
      expect((lone as Error).message).toBe(
        "Expected `proxyAuth` only with `proxy`, got it without one",
      );
      const notAuth = await failure(
        session.get(target.url("/json"), {
          proxy: a.url,
          proxyAuth: "u:p" as unknown as BasicAuth,
        }),
      );
      expect((notAuth as Error).message).toBe(
        "Expected `proxyAuth` to be a BasicAuth, got `'u:p'` (string)",
      );
      expect(target.server.requests.length).toBe(before);
      expect(a.tunnels).toHaveLength(0);
    });
  });
});
