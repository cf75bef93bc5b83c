/**
 * `ClientSession`: aiohttp's session on undici's pools.
 */
import { RuntimeError } from "@aiots/loop";
import { CookieJar } from "tough-cookie";
import { BasicAuth } from "./basic-auth.js";
import { ClientResponse } from "./client-response.js";
import { DEFAULT_TIMEOUT, resolveTimeout, type ResolvedTimeout } from "./client-timeout.js";
import { Connector } from "./connector.js";
import {
  ClientConnectionError,
  ConnectionTimeoutError,
  TooManyRedirects,
  type RequestInfo,
} from "./errors.js";
import { currentLoop, now, sleep, startTimer, type Timer } from "./internal/awaitable.js";
import { Flight } from "./internal/flight.js";
import { nextHop, parseHttpUrl, REDIRECT_STATUSES, type Hop } from "./internal/redirect.js";
import { encodeData, encodeJson, NO_BODY, type EncodedBody } from "./internal/request-body.js";
import { RequestHandler } from "./internal/request-handler.js";
import {
  flattenHeaders,
  headerPairs,
  mergeHeaders,
  type HeaderMap,
} from "./internal/request-headers.js";
import { checkBoolean, checkFunction, checkInteger, expected } from "./internal/validate.js";
import type {
  ClientSessionOptions,
  ParamsInput,
  RaiseForStatus,
  RequestOptions,
} from "./options.js";
import { backoffDelay, parseRetryAfter, resolveRetry, type ResolvedRetry } from "./retry.js";
import { Tracer, withObserver, type TraceConfig, type TraceRequestEvent } from "./trace.js";

const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const USER_AGENT = "aiots-http/0.0.0 (+https://github.com/aiots/aiots)";

class LazyRequestInfo implements RequestInfo {
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

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * An HTTP client session (aiohttp's `ClientSession`): default headers, cookies, auth,
 * timeouts, retries and redirects over one undici `Pool` per origin, with the connector's
 * limits. Every request is a cancellation point of the task that makes it: cancelling the
 * task (or a `timeout()` scope around it) aborts the request in whatever phase it is in —
 * queued for a slot, connecting, waiting for the head, reading the body — and the socket
 * is destroyed rather than returned to the pool half-read.
 *
 * Close it when done (`await using` does): its pools and sockets are closed and any
 * response body nobody read is released. Using a closed session throws `RuntimeError`.
 *
 * @example
 * ```ts
 * import { run, gather } from "@aiots/tasks";
 * import { ClientSession } from "@aiots/http";
 *
 * await run(async () => {
 *   await using session = new ClientSession();
 *   const fetchText = async (url: string) => {
 *     await using response = await session.get(url);
 *     return response.text();
 *   };
 *   const pages = await gather(
 *     fetchText("https://example.com"),
 *     fetchText("https://example.org"),
 *     fetchText("https://example.net"),
 *   );
 *   console.log(pages.map((page) => page.length));
 * });
 * ```
 */
export class ClientSession implements AsyncDisposable {
  /** The connector (pools and limits) this session sends through. */
  readonly connector: Connector;
  /** The cookie jar, if the session keeps cookies. */
  readonly cookieJar: CookieJar | undefined;
  /** The base URL relative request URLs resolve against. */
  readonly baseUrl: URL | undefined;
  /** The resolved default timeouts (0 = disabled). */
  readonly timeout: ResolvedTimeout;
  readonly #connectorOwner: boolean;
  readonly #auth: BasicAuth | undefined;
  readonly #headers: HeaderMap;
  readonly #flatHeaders: readonly string[];
  readonly #raiseForStatus: RaiseForStatus;
  readonly #retry: ResolvedRetry | undefined;
  readonly #maxRedirects: number;
  readonly #tracer: Tracer | undefined;
  readonly #decompress: boolean;
  readonly #jsonSerialize: (value: unknown) => string;
  readonly #live = new Set<RequestHandler>();
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: ClientSessionOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(expected("options", "an object", options));
    }
    this.baseUrl = options.baseUrl === undefined ? undefined : parseHttpUrl(options.baseUrl);
    this.#decompress =
      options.autoDecompress === undefined
        ? true
        : checkBoolean("autoDecompress", options.autoDecompress);
    const defaults: HeaderMap = new Map([
      ["accept", ["Accept", "*/*"]],
      ["user-agent", ["User-Agent", USER_AGENT]],
    ]);
    if (this.#decompress) defaults.set("accept-encoding", ["Accept-Encoding", "gzip, deflate, br"]);
    this.#headers = mergeHeaders(defaults, options.headers);
    this.#flatHeaders = Object.freeze(flattenHeaders(this.#headers));
    if (options.cookieJar === true) this.cookieJar = new CookieJar();
    else if (options.cookieJar === undefined || options.cookieJar === false)
      this.cookieJar = undefined;
    else if (options.cookieJar instanceof CookieJar || typeof options.cookieJar === "object")
      this.cookieJar = options.cookieJar;
    else throw new TypeError(expected("cookieJar", "a CookieJar or a boolean", options.cookieJar));
    if (options.auth !== undefined && !(options.auth instanceof BasicAuth)) {
      throw new TypeError(expected("auth", "a BasicAuth", options.auth));
    }
    this.#auth = options.auth;
    this.timeout = resolveTimeout(options.timeout, DEFAULT_TIMEOUT);
    if (options.connector instanceof Connector) {
      this.connector = options.connector;
    } else {
      this.connector = new Connector(options.connector ?? {});
    }
    this.#connectorOwner =
      options.connectorOwner === undefined
        ? true
        : checkBoolean("connectorOwner", options.connectorOwner);
    this.#raiseForStatus = options.raiseForStatus ?? false;
    if (typeof this.#raiseForStatus !== "boolean")
      checkFunction("raiseForStatus", this.#raiseForStatus);
    this.#retry = resolveRetry(options.retry, undefined);
    this.#maxRedirects =
      options.maxRedirects === undefined
        ? 10
        : checkInteger("maxRedirects", options.maxRedirects, 0);
    if (options.trace !== undefined) {
      const configs = Array.isArray(options.trace) ? options.trace : [options.trace];
      for (const config of configs) {
        if (typeof config !== "object" || config === null)
          throw new TypeError(expected("trace", "a TraceConfig object", config));
      }
      this.#tracer = new Tracer(configs as readonly TraceConfig[]);
    }
    if (options.jsonSerialize !== undefined) checkFunction("jsonSerialize", options.jsonSerialize);
    this.#jsonSerialize = options.jsonSerialize ?? JSON.stringify;
  }

  /**
   * Whether the session is closed.
   *
   * @example
   * ```ts
   * await session.close();
   * session.closed; // true
   * ```
   */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * `request("GET", url, options)`.
   *
   * @example
   * ```ts
   * const response = await session.get("https://example.com/", { params: { q: "x" } });
   * ```
   */
  get(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("GET", url, options);
  }

  /**
   * `request("POST", url, options)`.
   *
   * @example
   * ```ts
   * await session.post("/items", { json: { name: "x" } });
   * ```
   */
  post(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("POST", url, options);
  }

  /**
   * `request("PUT", url, options)`.
   *
   * @example
   * ```ts
   * await session.put("/items/1", { data: new Uint8Array([1, 2, 3]) });
   * ```
   */
  put(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("PUT", url, options);
  }

  /**
   * `request("PATCH", url, options)`.
   *
   * @example
   * ```ts
   * await session.patch("/items/1", { json: { name: "y" } });
   * ```
   */
  patch(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("PATCH", url, options);
  }

  /**
   * `request("DELETE", url, options)`.
   *
   * @example
   * ```ts
   * await session.delete("/items/1");
   * ```
   */
  delete(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("DELETE", url, options);
  }

  /**
   * `request("HEAD", url, options)`.
   *
   * @example
   * ```ts
   * const { headers } = await session.head("/big-file");
   * ```
   */
  head(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("HEAD", url, options);
  }

  /**
   * `request("OPTIONS", url, options)`.
   *
   * @example
   * ```ts
   * const response = await session.options("/items");
   * response.headers.get("allow");
   * ```
   */
  options(url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    return this.request("OPTIONS", url, options);
  }

  /**
   * Sends a request and resolves with the response once its head arrived (read the body
   * with `text()`, `json()`, `read()` or `content`). Follows redirects, retries if the
   * policy says so, and checks the status if `raiseForStatus` is on. Bad input (a malformed
   * or non-http URL, an invalid header name or value, a negative timeout, both `data` and
   * `json`) is rejected before any byte is sent.
   *
   * @example
   * ```ts
   * const response = await session.request("PUT", "/items/7", { json: { done: true }, timeout: { total: 5000 } });
   * ```
   */
  async request(
    method: string,
    url: string | URL,
    options?: RequestOptions,
  ): Promise<ClientResponse> {
    if (this.#closed) throw new RuntimeError("Session is closed");
    if (typeof method !== "string" || !METHOD.test(method)) {
      throw new TypeError(expected("method", "an HTTP method name", method));
    }
    method = method.toUpperCase();
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw new TypeError(expected("options", "an object", options));
    }
    const hop = this.#prepare(method, url, options);
    const first = hop instanceof Promise ? await hop : hop;
    const timeout =
      options?.timeout === undefined ? this.timeout : resolveTimeout(options.timeout, this.timeout);
    const retry =
      options?.retry === undefined ? this.#retry : resolveRetry(options.retry, this.#retry);
    const maxRedirects =
      options?.maxRedirects === undefined
        ? this.#maxRedirects
        : checkInteger("maxRedirects", options.maxRedirects, 0);
    const allowRedirects =
      options?.allowRedirects === undefined
        ? true
        : checkBoolean("allowRedirects", options.allowRedirects);
    const raise = options?.raiseForStatus ?? this.#raiseForStatus;
    if (typeof raise !== "boolean") checkFunction("raiseForStatus", raise);

    const flight = new Flight(currentLoop(), timeout.total);
    const redirects = allowRedirects ? maxRedirects : -1;
    let response: ClientResponse;
    try {
      if (retry === undefined || !retry.methods.has(first.method) || !first.body.replayable) {
        // The common path, with as few async layers as possible (each costs promises).
        response = await this.#hop(flight, first, first, timeout);
        if (redirects >= 0 && REDIRECT_STATUSES.has(response.status)) {
          response = await this.#followRedirects(flight, first, response, timeout, redirects);
        }
      } else {
        response = await this.#withRetries(flight, first, timeout, retry, redirects);
      }
    } catch (error) {
      flight.finish();
      throw error;
    }
    // The total deadline keeps running while the body arrives, and stops when it has.
    flight.returned = response._handler;
    if (response._handler.socketDone) flight.finish();
    if (raise === true) response.raiseForStatus();
    else if (raise !== false) {
      try {
        await raise(response);
      } catch (error) {
        response.release();
        throw error;
      }
    }
    return response;
  }

  #prepare(
    method: string,
    input: string | URL,
    options: RequestOptions | undefined,
  ): Hop | Promise<Hop> {
    if (typeof input !== "string" && !(input instanceof URL)) {
      throw new TypeError(expected("url", "a string or a URL", input));
    }
    const url = parseHttpUrl(input, this.baseUrl);
    if (options === undefined) {
      if (url.username !== "" || url.password !== "")
        return this.#prepareSlow(method, url, undefined);
      return { method, url, headers: this.#headers, auth: this.#auth, body: NO_BODY };
    }
    if (options.params !== undefined) appendParams(url, options.params);
    return this.#prepareSlow(method, url, options);
  }

  #prepareSlow(method: string, url: URL, options: RequestOptions | undefined): Hop | Promise<Hop> {
    const fromUrl = BasicAuth.fromUrl(url);
    if (fromUrl !== undefined) {
      url.username = "";
      url.password = "";
    }
    if (options?.auth !== undefined && !(options.auth instanceof BasicAuth)) {
      throw new TypeError(expected("auth", "a BasicAuth", options.auth));
    }
    const auth = options?.auth ?? fromUrl ?? this.#auth;
    const headers =
      options?.headers === undefined
        ? this.#headers
        : mergeHeaders(new Map(this.#headers), options.headers);
    if (options?.timeout !== undefined) resolveTimeout(options.timeout, this.timeout);
    if (options?.retry !== undefined) resolveRetry(options.retry, this.#retry);
    const hasJson = options !== undefined && "json" in options && options.json !== undefined;
    const hasData = options?.data !== undefined && options.data !== null;
    if (hasJson && hasData) {
      throw new TypeError(
        "Expected only one of `data` and `json`, got both (data and json can not be used together)",
      );
    }
    let encoded: EncodedBody | Promise<EncodedBody> = NO_BODY;
    if (hasJson) encoded = encodeJson(options.json, this.#jsonSerialize);
    else if (hasData) encoded = encodeData(options.data!);
    if (encoded instanceof Promise)
      return encoded.then((body) => ({ method, url, headers, auth, body }));
    return { method, url, headers, auth, body: encoded };
  }

  async #withRetries(
    flight: Flight,
    first: Hop,
    timeout: ResolvedTimeout,
    policy: ResolvedRetry,
    maxRedirects: number,
  ): Promise<ClientResponse> {
    const started = now(flight.loop);
    for (let attempt = 1; ; attempt++) {
      let response: ClientResponse;
      try {
        response = await this.#send(flight, first, timeout, maxRedirects);
      } catch (error) {
        const retryable =
          policy.connectionErrors && error instanceof ClientConnectionError && !this.#closed;
        if (!retryable || attempt >= policy.attempts || flight.failure !== undefined) throw error;
        const delay = backoffDelay(policy, attempt);
        if (now(flight.loop) - started + delay > policy.maxElapsed) throw error;
        await this.#backoff(flight, first, attempt, delay, error);
        continue;
      }
      if (attempt >= policy.attempts || !policy.statuses.has(response.status)) return response;
      let delay = backoffDelay(policy, attempt);
      if (policy.respectRetryAfter && (response.status === 429 || response.status === 503)) {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        if (retryAfter !== undefined) {
          if (retryAfter > policy.maxRetryAfter) return response;
          delay = retryAfter;
        }
      }
      if (now(flight.loop) - started + delay > policy.maxElapsed) return response;
      response.release();
      await this.#backoff(flight, first, attempt, delay, response);
    }
  }

  async #backoff(
    flight: Flight,
    hop: Hop,
    attempt: number,
    delay: number,
    reason: unknown,
  ): Promise<void> {
    this.#tracer?.emit("onRequestRetry", {
      ...this.#traceEvent(hop, hop.headers),
      attempt,
      delay,
      reason,
    });
    const wait = sleep(flight.loop, delay);
    flight.current = { abort: (error) => wait.abortWith(error) };
    try {
      await wait.promise;
    } finally {
      flight.current = undefined;
    }
    flight.check();
    if (this.#closed) throw new RuntimeError("Session is closed");
  }

  async #send(
    flight: Flight,
    first: Hop,
    timeout: ResolvedTimeout,
    maxRedirects: number,
  ): Promise<ClientResponse> {
    const response = await this.#hop(flight, first, first, timeout);
    if (maxRedirects < 0 || !REDIRECT_STATUSES.has(response.status)) return response;
    return this.#followRedirects(flight, first, response, timeout, maxRedirects);
  }

  async #followRedirects(
    flight: Flight,
    first: Hop,
    firstResponse: ClientResponse,
    timeout: ResolvedTimeout,
    maxRedirects: number,
  ): Promise<ClientResponse> {
    let hop = first;
    let response = firstResponse;
    const history: ClientResponse[] = [];
    for (;;) {
      if (!REDIRECT_STATUSES.has(response.status)) break;
      const location = response.headers.get("location");
      if (location === null) break;
      if (history.length >= maxRedirects) {
        response.release();
        flight.finish();
        throw new TooManyRedirects(response.requestInfo, `Exceeded ${maxRedirects} redirects`, {
          status: response.status,
          headers: response.headers,
          history: [...history, response],
        });
      }
      const next = nextHop(hop, response.status, location);
      if (next === undefined) break;
      this.#tracer?.emit("onRequestRedirect", { ...this.#traceEvent(hop, hop.headers), response });
      response.release();
      history.push(response);
      hop = next;
      response = await this.#hop(flight, hop, first, timeout);
    }
    response.history = history;
    return response;
  }

  #traceEvent(hop: Hop, headers: HeaderMap | readonly string[]): TraceRequestEvent {
    const flat = headers instanceof Map ? flattenHeaders(headers) : headers;
    return { method: hop.method, url: hop.url.href, headers: headerPairs(flat) };
  }

  #headersFor(hop: Hop): readonly string[] | Promise<readonly string[]> {
    const jar = this.cookieJar;
    if (
      hop.headers === this.#headers &&
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
    if (jar === undefined) return flat;
    const addCookies = (cookies: string): string[] => {
      if (cookies !== "") {
        const index = flat.findIndex((value, i) => i % 2 === 0 && value.toLowerCase() === "cookie");
        if (index === -1) flat.push("Cookie", cookies);
        else flat[index + 1] = `${flat[index + 1]!}; ${cookies}`;
      }
      return flat;
    };
    if (jar.store.synchronous) return addCookies(jar.getCookieStringSync(hop.url.href));
    return jar.getCookieString(hop.url.href).then(addCookies);
  }

  async #hop(
    flight: Flight,
    hop: Hop,
    first: Hop,
    timeout: ResolvedTimeout,
  ): Promise<ClientResponse> {
    flight.check();
    if (this.#closed) throw new RuntimeError("Session is closed");
    const headers = this.#headersFor(hop);
    const flat = headers instanceof Promise ? await headers : headers;
    const url = hop.url;
    const origin = url.origin;
    const tracer = this.#tracer;
    const traceEvent = tracer === undefined ? undefined : this.#traceEvent(hop, flat);
    if (tracer !== undefined) tracer.emit("onRequestStart", traceEvent!);
    const requestInfo = new LazyRequestInfo(hop.method, first.url.href, url.href, flat);
    let connectTimer: Timer | undefined;
    let slot = this.connector.tryAcquire(origin);
    let handler: RequestHandler | undefined;
    try {
      if (timeout.connect > 0) {
        connectTimer = startTimer(flight.loop, timeout.connect, () => {
          connectTimer = undefined;
          flight.current?.abort(
            new ConnectionTimeoutError(
              `Connection timeout to ${url.host} after ${timeout.connect} ms (timeout.connect)`,
            ),
          );
        });
      }
      if (slot === undefined) {
        const hooks =
          tracer === undefined
            ? undefined
            : {
                onQueuedStart: () => tracer.emit("onConnectionQueuedStart", traceEvent!),
                onQueuedEnd: () => tracer.emit("onConnectionQueuedEnd", traceEvent!),
              };
        const waiter = this.connector.acquire(origin, hooks);
        flight.current = { abort: (error) => waiter.abortWith(error) };
        slot = await waiter.promise;
        flight.current = undefined;
        flight.check();
        if (this.#closed) throw new RuntimeError("Session is closed");
      }
      const heldSlot = slot;
      const pool = this.connector.pool(origin, timeout.sockConnect);
      const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
      const created: RequestHandler = new RequestHandler({
        site: { host: url.hostname, port, requestInfo },
        method: hop.method,
        origin,
        decompress: this.#decompress,
        tracer,
        traceEvent,
        hooks: {
          onConnected: () => {
            connectTimer?.cancel();
            connectTimer = undefined;
          },
          onSocketDone: () => {
            heldSlot.release();
            this.#live.delete(created);
            if (flight.returned === created) flight.finish();
          },
        },
      });
      handler = created;
      this.#live.add(created);
      flight.current = created;
      const dispatchOptions = {
        path: url.pathname + url.search,
        method: hop.method,
        headers: flat as string[],
        body: hop.body.body as Buffer | null,
        headersTimeout: timeout.sockRead,
        bodyTimeout: timeout.sockRead,
      };
      if (tracer?.wantsConnections === true)
        withObserver(created, () => pool.dispatch(dispatchOptions, created));
      else pool.dispatch(dispatchOptions, created);
      await created.head.promise;
    } catch (error) {
      connectTimer?.cancel();
      if (handler !== undefined) {
        // The await was rejected with the head still pending (a cancellation was pending in
        // the task): cancel the future too, so no exception is left unretrieved.
        if (!handler.head.done) handler.head.cancel();
        if (!handler.socketDone) handler.abort(asError(error));
      } else {
        slot?.release();
      }
      flight.current = undefined;
      if (tracer !== undefined) tracer.emit("onRequestException", { ...traceEvent!, error });
      throw error;
    }
    connectTimer?.cancel();
    const response = new ClientResponse(handler, hop.method, url.href, requestInfo);
    if (this.cookieJar !== undefined) await this.#storeCookies(response);
    if (tracer !== undefined) tracer.emit("onRequestEnd", { ...traceEvent!, response });
    return response;
  }

  async #storeCookies(response: ClientResponse): Promise<void> {
    const jar = this.cookieJar!;
    for (const cookie of response.headers.getSetCookie()) {
      if (jar.store.synchronous) jar.setCookieSync(cookie, response.url, { ignoreError: true });
      else await jar.setCookie(cookie, response.url, { ignoreError: true });
    }
  }

  /**
   * Closes the session: requests in flight are aborted, bodies nobody read are released
   * (their sockets destroyed), and the connector's pools closed (unless the connector is
   * shared with `connectorOwner: false`). Idempotent.
   *
   * @example
   * ```ts
   * const session = new ClientSession();
   * try { ... } finally { await session.close(); }
   * ```
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    const error = new ClientConnectionError("Session is closed");
    for (const handler of [...this.#live]) handler.abort(error);
    this.#live.clear();
    this.#closing = this.#connectorOwner ? this.connector.close(error) : Promise.resolve();
    return this.#closing;
  }

  /**
   * Closes the session (see {@link ClientSession.close}).
   *
   * @example
   * ```ts
   * { await using session = new ClientSession(); }
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
