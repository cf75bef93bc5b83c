/**
 * The request URLs of one session, parsed once each: a client that asks for the same URLs
 * again (an API's endpoints, a poll) reuses their parse, as aiohttp's yarl caches its
 * URL encoding. A URL from the cache is shared by every request made with that string, so
 * it is never changed: one with credentials (which the request moves into its auth) is
 * not cached, and a request with `params` parses its own.
 */
import { parseHttpUrl } from "./hop.js";
import { urlTarget, type UrlTarget } from "./url-target.js";

/** URLs kept at most; the cache starts afresh when full (a crawler's URLs never repeat). */
const MAX_URLS = 256;

/** Parsed URLs by the string (or `URL.href`) they came from, against one base URL. */
export class UrlCache {
  readonly #base: URL | undefined;
  #urls = new Map<string, UrlTarget>();

  constructor(base: URL | undefined) {
    this.#base = base;
  }

  /**
   * `parseHttpUrl(input, base)` and its target, shared with earlier requests unless it has
   * credentials (then a URL of its own, which the caller may change and read again).
   * Throws `InvalidURL` as `parseHttpUrl` does. Do not change a shared URL.
   */
  parse(input: string | URL): UrlTarget {
    const key = typeof input === "string" ? input : input.href;
    const cached = this.#urls.get(key);
    if (cached !== undefined) return cached;
    const target = urlTarget(parseHttpUrl(input, this.#base));
    if (target.url.username !== "" || target.url.password !== "") return target;
    if (this.#urls.size >= MAX_URLS) this.#urls = new Map();
    this.#urls.set(key, target);
    return target;
  }
}
