import { describe, expect, it } from "vitest";
import { ClientSession } from "@aiots/http";
import { getRunningLoop, run, timeout, TimeoutError } from "@aiots/tasks";
import { VirtualClock } from "@aiots/loop";
import { crawl, CrawlState, linksOf } from "../src/crawler/crawl.js";
import { formatSummary, summarize } from "../src/crawler/summary.js";
import { runScenario } from "../src/runner.js";
import { CRAWLER_DEFAULTS, makeCrawler } from "../src/scenarios/crawler.js";
import { startDemoServer } from "../src/server/demo-server.js";
import { generateSite } from "../src/server/site.js";

const small = { ...CRAWLER_DEFAULTS, site: { ...CRAWLER_DEFAULTS.site, seed: 13, pages: 80 } };

describe("the crawler against the generated site", () => {
  it("visits every reachable page once and counts the 404s and the failures", async () => {
    const scenario = makeCrawler(small);
    const result = await runScenario(scenario, { virtual: true });
    expect(result.error).toBeUndefined();
    const runInfo = scenario.lastRun;
    if (runInfo === undefined) throw new Error("the crawler did not run");
    const { site, state, hits } = runInfo;
    const expected = site.expected();
    const urls = state.visits.map((visit) => visit.url);
    expect(new Set(urls).size).toBe(urls.length); // each page once
    const withStatus = (status: number | undefined) =>
      new Set(state.visits.filter((visit) => visit.status === status).map((visit) => visit.url));
    expect(withStatus(200)).toEqual(expected.ok);
    expect(withStatus(404)).toEqual(expected.notFound);
    expect(withStatus(undefined)).toEqual(expected.failed);
    expect(expected.failed.size).toBeGreaterThan(0);
    expect(expected.rateLimited.size).toBeGreaterThan(0);
    expect(expected.slow.size).toBeGreaterThan(0);
    // Retries went through the client: a 429 costs one more request (after Retry-After);
    // a timeout is not retried (it is the whole request's), a slow page is in time.
    for (const url of expected.rateLimited) expect(hits.get(url)).toBe(2);
    for (const url of [...expected.slow, ...expected.failed]) expect(hits.get(url)).toBe(1);
    expect(state.interrupted).toBe(false);

    const total = expected.ok.size + expected.notFound.size + expected.failed.size;
    expect(result.output.at(-1)).toBe(
      `${total} of ${total} discovered pages visited; ${expected.failed.size} failed (timeout 2000 ms)`,
    );
    const totalRow = result.output.find((line) => line.startsWith("total"));
    const retries = expected.rateLimited.size;
    expect(totalRow?.split(/\s+/).slice(1, 7).map(Number)).toEqual([
      total,
      expected.ok.size,
      expected.notFound.size,
      0,
      expected.failed.size,
      retries,
    ]);
    // The per-host limit held.
    expect(Number(totalRow?.split(/\s+/)[7])).toBeLessThanOrEqual(small.perHost);
  });

  it("stops cleanly when cancelled, with a consistent partial result", async () => {
    const site = generateSite({ seed: 11, pages: 120 });
    const state = new CrawlState();
    await run(
      async () => {
        const loop = getRunningLoop();
        const server = await startDemoServer({
          site,
          schedule: (ms, fn) => void loop.callLater(ms, fn),
        });
        const session = new ClientSession({ timeout: { total: 3000, sockConnect: 0 } });
        try {
          await expect(
            timeout(150, () =>
              crawl(
                {
                  root: site.root,
                  workers: 4,
                  perHost: 2,
                  follow: (url) => site.hosts.includes(url.hostname),
                  fetch: async (url) => {
                    const target = server.route(url);
                    const response = await session.get(target.url, {
                      headers: { host: target.host },
                    });
                    return { status: response.status, body: await response.text() };
                  },
                },
                state,
              ),
            ),
          ).rejects.toBeInstanceOf(TimeoutError);
        } finally {
          await session.close();
          await server.close();
        }
      },
      // No real idle threshold: the clock waits for the loopback requests in flight (it
      // used to need 100 ms on a loaded machine, or no page was visited).
      { clock: new VirtualClock() },
    );
    expect(state.interrupted).toBe(true);
    expect(state.inFlight).toBe(0);
    expect(state.visits.length).toBeGreaterThan(0);
    expect(state.visits.length).toBeLessThan(state.discovered.size);
    const rows = summarize(state, site.hosts, new Map(), new Map());
    expect(rows.reduce((sum, row) => sum + row.pages, 0)).toBe(state.visits.length);
  });
});

describe("the crawler's per-host RateLimiter", () => {
  // p-queue's intervalCap/interval: at most `limit` starts per host in a window of
  // `interval` ms; fetches here are instant fakes, so only the rate limiter spaces them.
  it("starts at most `limit` fetches per host and window, on the loop's clock", async () => {
    const hosts = ["a.test", "b.test"];
    const pages = 7;
    const starts = new Map<string, number[]>();
    await run(
      async () => {
        const loop = getRunningLoop();
        await crawl({
          root: "http://a.test/0",
          workers: 6,
          perHost: 6,
          ratePerHost: { limit: 3, interval: 1000 },
          follow: () => true,
          fetch: async (url) => {
            const { host, pathname } = new URL(url);
            starts.set(host, [...(starts.get(host) ?? []), loop.time()]);
            const index = Number(pathname.slice(1));
            // Page 0 of a.test links every page of both hosts.
            const body =
              host === "a.test" && index === 0
                ? hosts
                    .flatMap((h) =>
                      Array.from({ length: pages }, (_, i) => `<a href="http://${h}/${i}">`),
                    )
                    .join("")
                : "";
            return { status: 200, body };
          },
        });
      },
      { clock: new VirtualClock() },
    );
    expect(starts.get("a.test")).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
    expect(starts.get("b.test")).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });
});

describe("crawler parts", () => {
  it("reads links, resolves them against the page and drops fragments", () => {
    const links = linksOf(
      '<a href="/a#x">a</a> <a href="http://b.test/b">b</a> <a href="mailto:x@y">m</a>',
      "http://a.test/p/1",
    );
    expect(links.map(String)).toEqual(["http://a.test/a", "http://b.test/b"]);
  });

  it("formats the summary with a total row", () => {
    const lines = formatSummary([
      {
        host: "a.test",
        pages: 3,
        ok: 2,
        notFound: 1,
        otherStatus: 0,
        failed: 0,
        retries: 1,
        peak: 2,
      },
      {
        host: "b.test",
        pages: 2,
        ok: 1,
        notFound: 0,
        otherStatus: 0,
        failed: 1,
        retries: 2,
        peak: 3,
      },
    ]);
    expect(lines).toEqual([
      "host    pages    ok   404  other  failed  retries  peak",
      "a.test      3     2     1      0       0        1     2",
      "b.test      2     1     0      0       1        2     3",
      "total       5     3     1      0       1        3     3",
    ]);
  });
});
