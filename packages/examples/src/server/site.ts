import { randomInt, seededRandom } from "../internal/random.js";

/** How a page of the generated site behaves. */
export type PageKind =
  /** 200 after its latency. */
  | "ok"
  /** First request: 429 with `Retry-After: 1`; later ones: 200. */
  | "rate-limited"
  /** 200 after `slowMs`: slow, but within the crawler's timeout. */
  | "slow"
  /** 200 after `stuckMs`, longer than the crawler's timeout: a failure. */
  | "stuck";

/** One page of the generated site. */
export interface SitePage {
  readonly url: string;
  readonly host: string;
  readonly path: string;
  readonly kind: PageKind;
  /** Latency of a normal answer, ms. */
  readonly latencyMs: number;
  /** Absolute URLs this page links to (some are broken: 404). */
  readonly links: readonly string[];
}

/** What the server answers to one request. */
export interface SiteAnswer {
  readonly status: number;
  readonly latencyMs: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The pages a perfect crawler finds, computed from the link graph. */
export interface SiteExpectation {
  /** Pages fetched with a 200, reachable from the root. */
  readonly ok: ReadonlySet<string>;
  /** Reachable links to pages that do not exist. */
  readonly notFound: ReadonlySet<string>;
  /** Reachable pages that never answer in time. */
  readonly failed: ReadonlySet<string>;
  /** Reachable pages that answer 429 once (one retry each). */
  readonly rateLimited: ReadonlySet<string>;
  /** Reachable pages that are slow but answer in time. */
  readonly slow: ReadonlySet<string>;
}

/** Options of {@link generateSite}. */
export interface SiteOptions {
  /** Same seed, same site (default 1). */
  readonly seed?: number;
  /** Number of pages, orphans included (default 300). */
  readonly pages?: number;
  /** Host names the pages are spread over (default docs/blog/shop.site.test). */
  readonly hosts?: readonly string[];
  /** Typical latency of a page, ms (default 40). */
  readonly latencyMs?: number;
  /** Each page's latency is `latencyMs` ± up to this, ms (default 30). */
  readonly jitterMs?: number;
  /** Latency of a slow page, ms (default 1500). */
  readonly slowMs?: number;
  /** Latency of a stuck page, ms: more than the crawler's timeout (default 10 000). */
  readonly stuckMs?: number;
}

/** A deterministic web site to crawl: pages over several hosts, links, and faults. */
export interface Site {
  readonly hosts: readonly string[];
  /** The first page: `http://<hosts[0]>/`. */
  readonly root: string;
  readonly pages: ReadonlyMap<string, SitePage>;
  /** What a crawler starting at {@link Site.root} must find. */
  expected(): SiteExpectation;
  /** The answer to the `attempt`-th request (from 1) for `url`. */
  answer(url: string, attempt: number): SiteAnswer;
}

const DEFAULT_HOSTS = ["docs.site.test", "blog.site.test", "shop.site.test"];

/**
 * Generates a site from a seed: `pages` pages spread over `hosts`, each reachable from the
 * root through a random spanning tree plus extra links, a few orphans no link reaches, broken
 * links (404), pages that answer 429 with `Retry-After` once, slow pages and pages that
 * never answer in time. The same seed gives the same site, latencies included.
 *
 * @example
 * ```ts
 * const site = generateSite({ seed: 7, pages: 300 });
 * site.expected().ok.size; // the pages a crawler must visit
 * ```
 */
export function generateSite(options: SiteOptions = {}): Site {
  const seed = options.seed ?? 1;
  const count = Math.max(1, Math.floor(options.pages ?? 300));
  const hosts = options.hosts ?? DEFAULT_HOSTS;
  const latency = options.latencyMs ?? 40;
  const jitter = options.jitterMs ?? 30;
  const slowMs = options.slowMs ?? 1500;
  const stuckMs = options.stuckMs ?? 10_000;
  const random = seededRandom(seed);

  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const host = i === 0 ? hosts[0] : hosts[randomInt(random, 0, hosts.length - 1)];
    urls.push(i === 0 ? `http://${host}/` : `http://${host}/p/${i}`);
  }
  // About 3% orphans: pages nothing links to.
  const orphans = new Set<number>();
  for (let i = 1; i < count; i++) if (random() < 0.03) orphans.add(i);
  const links: string[][] = urls.map(() => []);
  for (let i = 1; i < count; i++) {
    if (orphans.has(i)) continue;
    // A parent created earlier and not an orphan: everything not orphaned is reachable.
    let parent = randomInt(random, 0, i - 1);
    while (orphans.has(parent)) parent = randomInt(random, 0, i - 1);
    links[parent]?.push(urls[i] ?? "");
  }
  let missing = 0;
  for (let i = 0; i < count; i++) {
    const extra = randomInt(random, 0, 3);
    for (let k = 0; k < extra; k++) {
      const target = randomInt(random, 0, count - 1);
      if (!orphans.has(target) && target !== i) links[i]?.push(urls[target] ?? "");
    }
    if (random() < 0.08) {
      const host = hosts[randomInt(random, 0, hosts.length - 1)];
      links[i]?.push(`http://${host}/missing/${missing++}`);
    }
  }
  const pages = new Map<string, SitePage>();
  urls.forEach((url, i) => {
    const { host, pathname } = new URL(url);
    const roll = random();
    const kind: PageKind =
      i === 0
        ? "ok"
        : roll < 0.04
          ? "rate-limited"
          : roll < 0.07
            ? "slow"
            : roll < 0.085
              ? "stuck"
              : "ok";
    const latencyMs = Math.max(1, latency + Math.round((random() * 2 - 1) * jitter));
    pages.set(url, { url, host, path: pathname, kind, latencyMs, links: [...new Set(links[i])] });
  });

  return {
    hosts,
    root: urls[0] ?? `http://${hosts[0]}/`,
    pages,
    expected: () => expect(pages, urls[0] ?? ""),
    answer(url, attempt) {
      const page = pages.get(url);
      if (page === undefined) {
        return html(
          404,
          Math.max(1, Math.round(latency / 2)),
          `<h1>404 Not Found</h1><p>${url}</p>`,
        );
      }
      if (page.kind === "rate-limited" && attempt === 1) {
        return {
          ...html(429, 1, "<h1>429 Too Many Requests</h1>"),
          headers: { ...HTML, "retry-after": "1" },
        };
      }
      if (page.kind === "stuck") return html(200, stuckMs, render(page));
      if (page.kind === "slow") return html(200, slowMs, render(page));
      return html(200, page.latencyMs, render(page));
    },
  };
}

const HTML = { "content-type": "text/html; charset=utf-8" };

function html(status: number, latencyMs: number, body: string): SiteAnswer {
  return { status, latencyMs, body, headers: HTML };
}

function render(page: SitePage): string {
  const items = page.links.map((link) => `  <li><a href="${link}">${link}</a></li>`).join("\n");
  return `<!doctype html>\n<html><head><title>${page.host}${page.path}</title></head>\n<body>\n<h1>${page.path}</h1>\n<ul>\n${items}\n</ul>\n</body></html>\n`;
}

function expect(pages: ReadonlyMap<string, SitePage>, root: string): SiteExpectation {
  const ok = new Set<string>();
  const notFound = new Set<string>();
  const failed = new Set<string>();
  const rateLimited = new Set<string>();
  const slow = new Set<string>();
  const seen = new Set<string>([root]);
  const queue = [root];
  for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
    const page = pages.get(url);
    if (page === undefined) {
      notFound.add(url);
      continue;
    }
    if (page.kind === "stuck") {
      failed.add(url);
      continue;
    }
    if (page.kind === "rate-limited") rateLimited.add(url);
    if (page.kind === "slow") slow.add(url);
    ok.add(url);
    for (const link of page.links) {
      if (!seen.has(link)) {
        seen.add(link);
        queue.push(link);
      }
    }
  }
  return { ok, notFound, failed, rateLimited, slow };
}
