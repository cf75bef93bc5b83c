/**
 * Request preparation: the URL (base, params, credentials), the headers, the auth and the
 * body of a request turned into its first {@link Hop}, validated before anything is sent;
 * and the wire headers and `RequestInfo` of a hop.
 */
import { BasicAuth } from "../basic-auth.js";
import type { RequestInfo } from "../errors.js";
import type { ParamsInput, RequestOptions } from "../options.js";
import type { CookieJar } from "tough-cookie";
import { addCookieHeader } from "./cookies.js";
import { parseHttpUrl, type Hop } from "./hop.js";
import { UrlCache } from "./url-cache.js";
import { urlTarget, type UrlTarget } from "./url-target.js";
import { encodeData, encodeJson, NO_BODY, type EncodedBody } from "./request-body.js";
import { flattenHeaders, headerPairs, mergeHeaders, type HeaderMap } from "./request-headers.js";
import { expected } from "@aiots/loop/internal";

/** The session-wide defaults a request starts from. */
export interface RequestDefaults {
  readonly baseUrl: URL | undefined;
  readonly headers: HeaderMap;
  readonly auth: BasicAuth | undefined;
  readonly jsonSerialize: (value: unknown) => string;
}

/** Checks an `auth` option; TypeError unless it is a BasicAuth (or undefined). */
export function checkAuth(auth: unknown): BasicAuth | undefined {
  if (auth !== undefined && !(auth instanceof BasicAuth)) {
    throw new TypeError(expected("auth", "a BasicAuth", auth));
  }
  return auth;
}

/** Appends `params` to the query of `url` (after any query it already has). */
function appendParams(url: URL, params: ParamsInput): void {
  if (typeof params === "string") {
    for (const [key, value] of new URLSearchParams(params)) url.searchParams.append(key, value);
    return;
  }
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) url.searchParams.append(key, value);
    return;
  }
  if (typeof params !== "object" || params === null) {
    throw new TypeError(
      expected("params", "an object, an array of pairs, a URLSearchParams or a string", params),
    );
  }
  if (typeof (params as Partial<Iterable<unknown>>)[Symbol.iterator] === "function") {
    for (const pair of params as Iterable<unknown>) {
      if (!Array.isArray(pair) || pair.length !== 2)
        throw new TypeError(expected("params[]", "a [key, value] pair", pair));
      url.searchParams.append(String(pair[0]), String(pair[1]));
    }
    return;
  }
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value))
      for (const item of value as unknown[]) url.searchParams.append(key, String(item));
    else url.searchParams.append(key, String(value));
  }
}

/** A `RequestInfo` whose header pairs are built only if someone reads them. */
export class LazyRequestInfo implements RequestInfo {
  readonly method: string;
  readonly url: string;
  readonly realUrl: string;
  readonly #flat: readonly string[];
  #headers: ReadonlyArray<readonly [string, string]> | undefined;
  constructor(method: string, url: string, realUrl: string, flat: readonly string[]) {
    this.method = method;
    this.url = url;
    this.realUrl = realUrl;
    this.#flat = flat;
  }
  get headers(): ReadonlyArray<readonly [string, string]> {
    return (this.#headers ??= headerPairs(this.#flat));
  }
}

/**
 * Turns requests into hops against one session's defaults. A request without options (and
 * without credentials in its URL) shares the defaults' header map, and then its wire headers
 * are the precomputed flat list: no copy, no allocation beyond the URL and the hop.
 */
export class RequestPreparer {
  readonly #defaults: RequestDefaults;
  readonly #flatHeaders: readonly string[];
  readonly #urls: UrlCache;

  constructor(defaults: RequestDefaults) {
    this.#defaults = defaults;
    this.#flatHeaders = Object.freeze(flattenHeaders(defaults.headers));
    this.#urls = new UrlCache(defaults.baseUrl);
  }

  /** The first hop of a request (a promise only if the body must be serialised first). */
  prepare(
    method: string,
    input: string | URL,
    options: RequestOptions | undefined,
  ): Hop | Promise<Hop> {
    if (typeof input !== "string" && !(input instanceof URL)) {
      throw new TypeError(expected("url", "a string or a URL", input));
    }
    const defaults = this.#defaults;
    if (options?.params !== undefined) {
      const url = parseHttpUrl(input, defaults.baseUrl); // its own: the params change it
      appendParams(url, options.params);
      return this.#prepareSlow(method, urlTarget(url), options);
    }
    // Shared with other requests (see UrlCache), unless it has credentials, which
    // #prepareSlow moves out of it.
    const target = this.#urls.parse(input);
    const url = target.url;
    if (options === undefined && url.username === "" && url.password === "") {
      const { headers, auth } = defaults;
      return { method, target, headers, auth, body: NO_BODY };
    }
    return this.#prepareSlow(method, target, options);
  }

  #prepareSlow(
    method: string,
    parsed: UrlTarget,
    options: RequestOptions | undefined,
  ): Hop | Promise<Hop> {
    const defaults = this.#defaults;
    const url = parsed.url;
    const fromUrl = BasicAuth.fromUrl(url);
    let target = parsed;
    if (fromUrl !== undefined) {
      url.username = "";
      url.password = "";
      target = urlTarget(url); // its href was read with the credentials
    }
    const auth = checkAuth(options?.auth) ?? fromUrl ?? defaults.auth;
    const headers =
      options?.headers === undefined
        ? defaults.headers
        : mergeHeaders(new Map(defaults.headers), options.headers);
    const hasJson = options !== undefined && "json" in options && options.json !== undefined;
    const hasData = options?.data !== undefined && options.data !== null;
    if (hasJson && hasData) {
      throw new TypeError(
        "Expected only one of `data` and `json`, got both (data and json can not be used together)",
      );
    }
    let encoded: EncodedBody | Promise<EncodedBody> = NO_BODY;
    if (hasJson) encoded = encodeJson(options.json, defaults.jsonSerialize);
    else if (hasData) encoded = encodeData(options.data!);
    if (encoded instanceof Promise)
      return encoded.then((body) => ({ method, target, headers, auth, body }));
    return { method, target, headers, auth, body: encoded };
  }

  /**
   * The flat header list to send for `hop`: its headers plus auth, the body's content type
   * and the jar's cookies (a promise only for a jar with an asynchronous store).
   */
  headersFor(hop: Hop, jar: CookieJar | undefined): readonly string[] | Promise<readonly string[]> {
    if (
      hop.headers === this.#defaults.headers &&
      hop.auth === undefined &&
      jar === undefined &&
      hop.body.contentType === undefined
    ) {
      return this.#flatHeaders;
    }
    const flat = flattenHeaders(hop.headers);
    if (hop.auth !== undefined && !hop.headers.has("authorization"))
      flat.push("Authorization", hop.auth.encode());
    if (hop.body.contentType !== undefined && !hop.headers.has("content-type")) {
      flat.push("Content-Type", hop.body.contentType);
    }
    if (hop.body.length !== undefined && !hop.headers.has("content-length"))
      flat.push("Content-Length", String(hop.body.length));
    if (jar === undefined) return flat;
    return addCookieHeader(jar, hop.target.url, flat);
  }
}
