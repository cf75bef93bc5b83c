// Proxies: `proxy` (undici ProxyAgent, CONNECT tunnels) with Basic proxy auth, and
// `trustEnv` (undici EnvHttpProxyAgent: HTTP_PROXY, NO_PROXY), against a loopback CONNECT
// proxy started here; the connector's limits still hold through the proxy.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, afterEach, describe, expect, it } from "vitest";
import { gather, sleep } from "@aiots/tasks";
import { ClientConnectorError, ClientSession, InvalidURL } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const target = useServer();
let proxy: http.Server;
let proxyUrl: string;
const tunnels: string[] = [];
let requiredAuth: string | undefined;

beforeAll(async () => {
  proxy = http.createServer((_request, response) => {
    response.statusCode = 501; // only CONNECT here
    response.end();
  });
  proxy.on("connect", (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    if (requiredAuth !== undefined && request.headers["proxy-authorization"] !== requiredAuth) {
      client.end("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    tunnels.push(request.url!);
    const [host, port] = request.url!.split(":");
    const upstream = net.connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

afterEach(() => {
  tunnels.length = 0;
  requiredAuth = undefined;
});

describe("proxy", () => {
  it("tunnels the requests through the proxy", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ proxy: proxyUrl });
      const response = await session.get(target.url("/json"));
      expect(await response.json()).toEqual({ ok: true });
      expect(tunnels).toEqual([new URL(target.server.origin).host]);
    });
  });

  it("sends the URL's credentials as Proxy-Authorization; wrong ones fail", async () => {
    requiredAuth = `Basic ${Buffer.from("agent:s3cret").toString("base64")}`;
    await inLoop(async () => {
      const withAuth = proxyUrl.replace("http://", "http://agent:s3cret@");
      await using session = new ClientSession({ proxy: withAuth });
      expect((await session.get(target.url("/bytes?n=3"))).status).toBe(200);
      await using anonymous = new ClientSession({ proxy: proxyUrl });
      const refused = await failure(anonymous.get(target.url("/bytes?n=3")));
      expect(refused).toBeInstanceOf(ClientConnectorError);
      expect((refused as Error).message).toMatch(/407/);
      expect(tunnels).toHaveLength(1);
    });
  });

  it("keeps the connector's limit through the proxy", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ proxy: proxyUrl, connector: { limit: 2 } });
      let peak = 0;
      const one = async (): Promise<void> => {
        const response = await session.get(target.url("/delay?ms=30"));
        peak = Math.max(peak, session.connector.stats().active);
        await response.read();
      };
      await gather(...Array.from({ length: 6 }, () => one()));
      expect(peak).toBe(2);
      expect(session.connector.stats().queued).toBe(0);
    });
  });

  it("rejects a proxy URL that is not http(s), and proxy with trustEnv", () => {
    expect(() => new ClientSession({ proxy: "socks5://127.0.0.1:1080" })).toThrow(InvalidURL);
    expect(() => new ClientSession({ proxy: proxyUrl, trustEnv: true })).toThrow(
      "Expected only one of `proxy` and `trustEnv: true`, got both",
    );
  });
});

describe("trustEnv", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of [
      "HTTP_PROXY",
      "http_proxy",
      "NO_PROXY",
      "no_proxy",
      "HTTPS_PROXY",
      "https_proxy",
    ]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("uses HTTP_PROXY, and goes direct for the hosts of NO_PROXY", async () => {
    for (const name of ["http_proxy", "no_proxy", "https_proxy"]) delete process.env[name];
    process.env.HTTP_PROXY = proxyUrl;
    await inLoop(async () => {
      await using proxied = new ClientSession({ trustEnv: true });
      expect((await proxied.get(target.url("/bytes?n=1"))).status).toBe(200);
      expect(tunnels).toHaveLength(1);
      process.env.NO_PROXY = "127.0.0.1";
      await using direct = new ClientSession({ trustEnv: true });
      await sleep(0);
      expect((await direct.get(target.url("/bytes?n=1"))).status).toBe(200);
      expect(tunnels).toHaveLength(1);
    });
  });

  it("is off by default: HTTP_PROXY is ignored", async () => {
    process.env.HTTP_PROXY = proxyUrl;
    await inLoop(async () => {
      await using session = new ClientSession();
      expect((await session.get(target.url("/bytes?n=1"))).status).toBe(200);
      expect(tunnels).toHaveLength(0);
    });
  });
});
