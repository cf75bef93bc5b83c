import { ClientSession } from "@aiots/http";
import { getRunningLoop } from "@aiots/tasks";
import { crawl, CrawlState, type Fetcher } from "../crawler/crawl.js";
import { crawlProgress } from "../crawler/progress.js";
import { formatSummary, summarize } from "../crawler/summary.js";
import type { Scenario } from "../scenario.js";
import { startDemoServer } from "../server/demo-server.js";
import { generateSite, type SiteOptions } from "../server/site.js";

/** The crawl's settings; the scenario's defaults are {@link CRAWLER_DEFAULTS}. */
export interface CrawlerSettings {
  readonly site: SiteOptions;
  readonly workers: number;
  readonly perHost: number;
  /** Requests started per host and second at most (a `RateLimiter` per host). */
  readonly ratePerHost: number;
  /** Longest a page may take, retries included (the session's `timeout.total`), ms. */
  readonly timeoutMs: number;
  /** Attempts per page on a 429/503 or a broken connection, the first included. */
  readonly attempts: number;
}

/** What `crawler` crawls by default: 300 pages over 3 hosts, 12 workers, 4 per host. */
export const CRAWLER_DEFAULTS: CrawlerSettings = {
  site: { seed: 2024, pages: 300, latencyMs: 40, jitterMs: 30, slowMs: 800, stuckMs: 10_000 },
  workers: 12,
  perHost: 4,
  ratePerHost: 25,
  timeoutMs: 2000,
  attempts: 3,
};

/**
 * A crawler scenario with its own settings (the tests use a smaller site).
 *
 * @example
 * ```ts
 * const small = makeCrawler({ ...CRAWLER_DEFAULTS, site: { seed: 1, pages: 50 } });
 * ```
 */
export function makeCrawler(settings: CrawlerSettings): Scenario & { lastRun?: CrawlerRun } {
  const scenario: Scenario & { lastRun?: CrawlerRun } = {
    name: "crawler",
    summary: `a Queue, ${settings.workers} workers, ${settings.perHost} per host and ${settings.ratePerHost}/s (RateLimiter), timeouts and retries over a generated site`,
    async main({ print, latencyMs, interactive, reportLatency }) {
      const loop = getRunningLoop();
      const site = generateSite({
        ...settings.site,
        ...(latencyMs === undefined ? {} : { latencyMs }),
      });
      reportLatency(latencyMs ?? settings.site.latencyMs ?? 40);
      const server = await startDemoServer({
        site,
        schedule: (ms, fn) => void loop.callLater(ms, fn),
      });
      const session = new ClientSession({
        connector: { limit: 0 },
        // Loop-clock timers only (total), so the virtual clock gives the same result.
        timeout: { total: settings.timeoutMs, sockConnect: 0 },
        retry: {
          attempts: settings.attempts,
          statuses: [429, 503],
          initialDelay: 200,
          jitter: false,
        },
      });
      const fetch: Fetcher = async (url) => {
        const target = server.route(url);
        const response = await session.get(target.url, { headers: { host: target.host } });
        try {
          return { status: response.status, body: await response.text() };
        } finally {
          response.release();
        }
      };
      const state = new CrawlState();
      scenario.lastRun = { site, state, hits: server.hits };
      print(
        `crawling ${site.root} (${site.pages.size} pages on ${site.hosts.length} hosts) with ${settings.workers} workers, ` +
          `at most ${settings.perHost} requests per host in flight and ${settings.ratePerHost} a second`,
      );
      const progress = crawlProgress(interactive && process.stderr.isTTY === true);
      try {
        await crawl(
          {
            root: site.root,
            fetch,
            workers: settings.workers,
            perHost: settings.perHost,
            ratePerHost: { limit: settings.ratePerHost, interval: 1000 },
            follow: (url) => site.hosts.includes(url.hostname),
            onProgress: (current) => progress.update(current),
          },
          state,
        );
      } finally {
        progress.stop();
        if (state.interrupted) print("interrupted: the partial result so far");
        for (const line of formatSummary(
          summarize(state, site.hosts, server.hits, server.peakInFlight),
        ))
          print(line);
        print(
          `${state.visits.length} of ${state.discovered.size} discovered pages visited; ` +
            `${state.count("failed")} failed (timeout ${settings.timeoutMs} ms)`,
        );
        await session.close();
        await server.close();
      }
    },
  };
  return scenario;
}

/** What the last run of a crawler scenario saw, for the tests. */
export interface CrawlerRun {
  readonly site: ReturnType<typeof generateSite>;
  readonly state: CrawlState;
  readonly hits: ReadonlyMap<string, number>;
}

/** The `crawler` scenario with {@link CRAWLER_DEFAULTS}. */
export const crawler = makeCrawler(CRAWLER_DEFAULTS);
