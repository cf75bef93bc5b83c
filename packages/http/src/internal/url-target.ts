/**
 * What a hop is sent to, read from its URL once when the hop is made: the href (for the
 * response and its `requestInfo`), the origin (the connector's slots and pools are keyed on
 * it) and the request target (path and query). Node's URL getters build a new string on
 * every read (`origin`, `pathname`, `search`), and a new string is hashed again by every Map
 * it is looked up in; a hop made from a cached URL (url-cache.ts) shares its target, so a
 * request to a URL already used reads none of them.
 */

/** A URL and the strings a send reads from it. */
export interface UrlTarget {
  readonly url: URL;
  readonly href: string;
  /** `url.origin`, e.g. `http://127.0.0.1:8080`. */
  readonly origin: string;
  /** The request target: `url.pathname + url.search`. */
  readonly path: string;
}

/** The target of `url` as it is now (read it again if the URL changes). */
export function urlTarget(url: URL): UrlTarget {
  return { url, href: url.href, origin: url.origin, path: url.pathname + url.search };
}
