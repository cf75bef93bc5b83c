import { randomInt, seededRandom } from "../internal/random.js";
import type { SiteAnswer } from "./site.js";

/** What the embedded API serves: pages of items, as JSON. */
export interface ApiOptions {
  /** How many pages (default 20). */
  readonly pages?: number;
  /** Items per page (default 50). */
  readonly perPage?: number;
  /** Latency of each page, ms (default 40). */
  readonly latencyMs?: number;
  /** Seed of the names and prices (default 11). */
  readonly seed?: number;
}

/** One item as the API sends it: the price is a decimal string, as JSON APIs often do. */
export interface ApiItem {
  readonly id: number;
  readonly name: string;
  readonly price: string;
  readonly updated: string;
}

/** One page of the API: `GET http://api.shop.test/items?page=N`. */
export interface ApiPage {
  readonly page: number;
  readonly pages: number;
  readonly items: readonly ApiItem[];
}

/** The embedded JSON API: its host, its page URLs, and the answer to a request. */
export interface Api {
  readonly hosts: readonly string[];
  /** Every page's URL, in order. */
  readonly pageUrls: readonly string[];
  /** Every item it serves. */
  readonly itemCount: number;
  answer(url: string, attempt: number): SiteAnswer;
}

const HOST = "api.shop.test";
const WORDS = ["red", "blue", "steel", "oak", "mini", "pro", "lamp", "desk", "chair", "mug"];

/**
 * A JSON API to aggregate, served by the demo server on `api.shop.test`: `pages` pages of
 * `perPage` items each, seeded, each answered after `latencyMs`; anything else is a 404.
 *
 * @example
 * ```ts
 * const api = generateApi({ pages: 5 });
 * const server = await startDemoServer({ site: api });
 * ```
 */
export function generateApi(options: ApiOptions = {}): Api {
  const pages = options.pages ?? 20;
  const perPage = options.perPage ?? 50;
  const latencyMs = options.latencyMs ?? 40;
  const random = seededRandom(options.seed ?? 11);
  const bodies = Array.from({ length: pages }, (_, p): string => {
    const items = Array.from({ length: perPage }, (_, i): ApiItem => {
      const id = p * perPage + i + 1;
      const name = `${WORDS[randomInt(random, 0, WORDS.length - 1)]} ${WORDS[randomInt(random, 0, WORDS.length - 1)]} ${id}`;
      const cents = randomInt(random, 100, 99_999);
      return {
        id,
        name,
        price: (cents / 100).toFixed(2),
        updated: new Date(Date.UTC(2024, 0, 1) + id * 60_000).toISOString(),
      };
    });
    return JSON.stringify({ page: p + 1, pages, items } satisfies ApiPage);
  });
  return {
    hosts: [HOST],
    pageUrls: bodies.map((_, p) => `http://${HOST}/items?page=${p + 1}`),
    itemCount: pages * perPage,
    answer(url) {
      const parsed = new URL(url);
      const page = Number(parsed.searchParams.get("page"));
      const body = parsed.pathname === "/items" ? bodies[page - 1] : undefined;
      if (body === undefined) {
        return {
          status: 404,
          latencyMs,
          body: JSON.stringify({ error: "no such page" }),
          headers: { "content-type": "application/json" },
        };
      }
      return { status: 200, latencyMs, body, headers: { "content-type": "application/json" } };
    },
  };
}
