import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { startDemoServer, type DemoServer } from "../src/server/demo-server.js";
import { EXAMPLE_PAGE } from "../src/server/example-page.js";
import { generateSite } from "../src/server/site.js";

function get(
  server: DemoServer,
  url: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const target = server.route(url);
  return new Promise((resolve, reject) => {
    const req = request(target.url, { headers: { host: target.host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          headers: res.headers,
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

let server: DemoServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the embedded server", () => {
  it("plays example.com, example.org and example.net on 127.0.0.1 by the Host header", async () => {
    const delays: number[] = [];
    server = await startDemoServer({
      latencyMs: 250,
      schedule: (ms, fn) => (delays.push(ms), fn()),
    });
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const host of ["example.com", "example.org", "example.net"]) {
      const response = await get(server, `https://${host}/`);
      expect(response.status).toBe(200);
      expect(response.body).toBe(EXAMPLE_PAGE);
      expect(response.headers["content-length"]).toBe(String(Buffer.byteLength(EXAMPLE_PAGE)));
    }
    // The latency goes through the schedule it was given (the loop's callLater in scenarios).
    expect(delays).toEqual([250, 250, 250]);
    expect(server.hits.get("http://example.org/")).toBe(1);
  });

  it("answers 404 for a host it does not play", async () => {
    server = await startDemoServer({ schedule: (_ms, fn) => fn() });
    expect((await get(server, "http://nowhere.test/")).status).toBe(404);
  });

  it("serves a generated site: links, 404s, a 429 with Retry-After once, then the page", async () => {
    const site = generateSite({ seed: 3, pages: 200 });
    server = await startDemoServer({ site, schedule: (_ms, fn) => fn() });
    const root = await get(server, site.root);
    expect(root.status).toBe(200);
    expect(root.body).toContain('href="http://');
    const limited = [...site.pages.values()].find((page) => page.kind === "rate-limited");
    expect(limited).toBeDefined();
    const first = await get(server, limited?.url ?? "");
    expect(first.status).toBe(429);
    expect(first.headers["retry-after"]).toBe("1");
    expect((await get(server, limited?.url ?? "")).status).toBe(200);
    expect(server.hits.get(limited?.url ?? "")).toBe(2);
    const missing = `http://${site.hosts[0]}/missing/999999`;
    expect((await get(server, missing)).status).toBe(404);
  });
});

describe("generateSite", () => {
  it("is the same site for the same seed, and another for another seed", () => {
    const a = generateSite({ seed: 42 });
    const b = generateSite({ seed: 42 });
    const c = generateSite({ seed: 43 });
    expect([...a.pages.values()]).toEqual([...b.pages.values()]);
    expect([...a.pages.values()]).not.toEqual([...c.pages.values()]);
  });

  it("has hundreds of pages with every kind of fault, a few orphans, and broken links", () => {
    const site = generateSite({ seed: 1, pages: 300 });
    expect(site.pages.size).toBe(300);
    const kinds = new Set([...site.pages.values()].map((page) => page.kind));
    expect(kinds).toEqual(new Set(["ok", "rate-limited", "slow", "stuck"]));
    const expected = site.expected();
    expect(expected.notFound.size).toBeGreaterThan(5);
    expect(expected.failed.size).toBeGreaterThan(0);
    const reachable = expected.ok.size + expected.failed.size;
    expect(reachable).toBeLessThan(300); // orphans, and pages only a stuck page links to
    expect(reachable).toBeGreaterThan(200);
    expect(new Set([...site.pages.values()].map((page) => page.host))).toEqual(new Set(site.hosts));
  });

  it("gives each page a latency within the jitter", () => {
    const site = generateSite({ seed: 5, latencyMs: 40, jitterMs: 30 });
    for (const page of site.pages.values()) {
      expect(page.latencyMs).toBeGreaterThanOrEqual(10);
      expect(page.latencyMs).toBeLessThanOrEqual(70);
    }
  });
});
