/**
 * `ClientSession`: aiohttp's session on undici's pools.
 */
import type { CookieJar } from "tough-cookie";
import type { ClientResponse } from "./client-response.js";
import type { ResolvedTimeout } from "./client-timeout.js";
import type { Connector } from "./connector.js";
import type { ClientWebSocket } from "./client-websocket.js";
import { ClientConnectionError } from "./errors.js";
import type { EventStream, EventStreamOptions } from "./event-stream.js";
import { trackSession } from "./internal/session-leftover.js";
import { HopSender } from "./internal/hop-sender.js";
import { RequestPreparer } from "./internal/prepare-request.js";
import { TOKEN } from "./internal/request-headers.js";
import { RequestCaller } from "./internal/request-call.js";
import { RequestPlanner } from "./internal/request-plan.js";
import { resolveSessionOptions } from "./internal/session-config.js";
import { openEventStream } from "./internal/sse-open.js";
import { wsConnect } from "./internal/ws-connect.js";
import { expected } from "@aiots/loop/internal";
import type { ClientSessionOptions, RequestOptions } from "./options.js";
import type { WSConnectOptions } from "./ws-options.js";

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
  readonly #preparer: RequestPreparer;
  readonly #sender: HopSender;
  readonly #caller: RequestCaller;
  readonly #websockets = new Set<ClientWebSocket>();
  #closing: Promise<void> | undefined;

  constructor(options: ClientSessionOptions = {}) {
    const config = resolveSessionOptions(options);
    this.baseUrl = config.request.baseUrl;
    this.cookieJar = config.cookieJar;
    this.timeout = config.plan.timeout;
    this.connector = config.connector;
    this.#connectorOwner = config.connectorOwner;
    this.#preparer = new RequestPreparer(config.request);
    this.#sender = new HopSender({
      connector: this.connector,
      preparer: this.#preparer,
      cookieJar: this.cookieJar,
      tracer: config.tracer,
      decompress: config.decompress,
    });
    const planner = new RequestPlanner(config.plan, this.#sender);
    this.#caller = new RequestCaller({
      sender: this.#sender,
      preparer: this.#preparer,
      planner,
    });
    trackSession(this);
  }

  /**
   * How reports show the session: `<ClientSession baseUrl=... open>` (or `closed`).
   *
   * @example
   * ```ts
   * String(new ClientSession({ baseUrl: "http://127.0.0.1:8080" }));
   * // "<ClientSession baseUrl=http://127.0.0.1:8080/ open>"
   * ```
   */
  toString(): string {
    const base = this.baseUrl === undefined ? "" : ` baseUrl=${String(this.baseUrl)}`;
    return `<ClientSession${base} ${this.closed ? "closed" : "open"}>`;
  }

  /**
   * Whether the session is closed: by its `close()`, or its connector was (a connector
   * shared with `connectorOwner: false` and closed by its owner), as aiohttp's
   * `ClientSession.closed`. A closed session's requests throw `RuntimeError`.
   *
   * @example
   * ```ts
   * await session.close();
   * session.closed; // true
   * ```
   */
  get closed(): boolean {
    return this.#sender.closed;
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
   * Every wait inside is a cancellation point of the task making the request. A wake-up
   * (a connector slot, the response head) that arrives in the very step the task is
   * cancelled — also by a `waitFor`/`timeout` deadline around the request — is given back
   * (the slot released, the response closed), as asyncio's primitives pass a wake-up on.
   *
   * @example
   * ```ts
   * const response = await session.request("PUT", "/items/7", { json: { done: true }, timeout: { total: 5000 } });
   * ```
   */
  request(method: string, url: string | URL, options?: RequestOptions): Promise<ClientResponse> {
    try {
      this.#sender.checkOpen();
      if (typeof method !== "string" || !TOKEN.test(method)) {
        throw new TypeError(expected("method", "an HTTP method name", method));
      }
      if (options !== undefined && (typeof options !== "object" || options === null)) {
        throw new TypeError(expected("options", "an object", options));
      }
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrown as thrown
      return Promise.reject(error);
    }
    return this.#caller.call(method.toUpperCase(), url, options);
  }

  /**
   * A Server-Sent Events stream from `url` (see {@link EventStream}): iterate it with
   * `for await`; it sends `Accept: text/event-stream`, reconnects when the connection ends
   * or fails, with `Last-Event-ID` and after the server's `retry:` delay (on the loop's
   * clock), and ends when the iterating task is cancelled, the loop is left, or `close()`.
   * Nothing is sent before the iteration starts. The session's `timeout.total` does not
   * apply (a stream has no natural end) unless `options.timeout` sets one.
   *
   * @example
   * ```ts
   * await timeout(60_000, async () => {
   *   for await (const event of session.sse("https://api.example.com/stream")) {
   *     console.log(event.type, event.data);
   *   }
   * });
   * ```
   */
  sse(url: string | URL, options: EventStreamOptions = {}): EventStream {
    this.#sender.checkOpen();
    return openEventStream(
      (method, target, request) => this.request(method, target, request),
      url,
      options,
    );
  }

  /**
   * Opens a WebSocket connection (aiohttp's `ws_connect`): the handshake carries the
   * session's headers, auth and cookies and resolves with a {@link ClientWebSocket} once the
   * server answered 101. `url` is `ws:`/`wss:` (or `http:`/`https:`), relative to `baseUrl`.
   * The handshake is a cancellation point and is bounded by `handshakeTimeout` (default the
   * session's `timeout.total`) on the loop's clock. Fails with {@link WSServerHandshakeError}
   * for another status, {@link ClientConnectorError} if the connection fails. Closing the
   * session drops its WebSockets still open.
   *
   * @example
   * ```ts
   * await using ws = await session.wsConnect("ws://127.0.0.1:8080/echo", { heartbeat: 10_000 });
   * await ws.send("ping?");
   * console.log(await ws.receiveStr());
   * ```
   */
  async wsConnect(url: string | URL, options: WSConnectOptions = {}): Promise<ClientWebSocket> {
    this.#sender.checkOpen();
    const ws = await wsConnect(
      {
        preparer: this.#preparer,
        cookieJar: this.cookieJar,
        timeout: this.timeout,
        baseUrl: this.baseUrl,
      },
      url,
      options,
    );
    if (this.closed) {
      ws._terminate(new ClientConnectionError("Session is closed"));
      this.#sender.checkOpen();
    }
    this.#websockets.add(ws);
    ws._onClosed = () => this.#websockets.delete(ws);
    return ws;
  }

  /**
   * Closes the session: requests in flight are aborted, bodies nobody read are released
   * (their sockets destroyed), and the connector's pools closed (unless the connector is
   * shared with `connectorOwner: false`). Idempotent.
   *
   * @example
   * ```ts
   * const session = new ClientSession();
   * try {
   *   await session.get("https://example.com/");
   * } finally {
   *   await session.close();
   * }
   * ```
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    const error = new ClientConnectionError("Session is closed");
    this.#sender.close(error);
    for (const ws of this.#websockets) ws._terminate(error);
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
