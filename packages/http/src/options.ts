/**
 * The options of a session and of a request.
 */
import type { CookieJar } from "tough-cookie";
import type { BasicAuth } from "./basic-auth.js";
import type { ClientResponse } from "./client-response.js";
import type { ClientTimeout } from "./client-timeout.js";
import type { Dispatcher } from "undici";
import type { Connector, ConnectorOptions } from "./connector.js";
import type { HeadersInput } from "./internal/request-headers.js";
import type { ClientMiddleware } from "./middlewares.js";
import type { RequestData } from "./internal/request-body.js";
import type { RetryOptions } from "./retry.js";
import type { TraceConfig } from "./trace.js";
import type { UploadProgress } from "./upload-progress.js";
import type { TransportOptions } from "./transport-options.js";

export type { HeadersInput } from "./internal/request-headers.js";
export type { RequestData } from "./internal/request-body.js";

/**
 * A check run on every response before it is returned (aiohttp's callable `raise_for_status`):
 * `true` raises `ClientResponseError` for statuses >= 400.
 *
 * @example
 * ```ts
 * const session = new ClientSession({
 *   raiseForStatus: (response) => {
 *     if (response.status === 429) throw new Error("rate limited");
 *   },
 * });
 * ```
 */
export type RaiseForStatus = boolean | ((response: ClientResponse) => void | Promise<void>);

/**
 * Query parameters: an object (arrays repeat the key), pairs, a `URLSearchParams` or a string.
 *
 * @example
 * ```ts
 * await session.get("/search", { params: { q: "asyncio", tag: ["a", "b"] } });
 * // GET /search?q=asyncio&tag=a&tag=b
 * ```
 */
export type ParamsInput =
  | Readonly<
      Record<string, string | number | boolean | readonly (string | number | boolean)[] | undefined>
    >
  | Iterable<readonly [string, string]>
  | URLSearchParams
  | string;

/**
 * Options of a {@link ClientSession}; every one has a default.
 *
 * @example
 * ```ts
 * const session = new ClientSession({
 *   baseUrl: "https://api.example.com/v1/",
 *   headers: { authorization: "Bearer ..." },
 *   timeout: { total: 10_000 },
 *   connector: { limit: 20 },
 *   retry: true,
 * });
 * ```
 */
export interface ClientSessionOptions extends TransportOptions {
  /** Resolves relative request URLs (WHATWG rules: end its path with "/" to append). */
  baseUrl?: string | URL;
  /** Sent with every request (a request's headers override them by name). */
  headers?: HeadersInput;
  /** A tough-cookie `CookieJar`, or `true` for a fresh one. Default: no cookies kept. */
  cookieJar?: CookieJar | boolean;
  /** Credentials for every request (dropped on redirects to another origin). */
  auth?: BasicAuth;
  /** Deadlines (see {@link ClientTimeout}). */
  timeout?: ClientTimeout;
  /** Limits, or a {@link Connector} to use (possibly shared). */
  connector?: ConnectorOptions | Connector;
  /** Whether `close()` closes a connector passed in. Default true (aiohttp's `connector_owner`). */
  connectorOwner?: boolean;
  /** Throw {@link ClientResponseError} for a status >= 400, or run a check. Default false. */
  raiseForStatus?: RaiseForStatus;
  /** Retry policy; off by default. */
  retry?: RetryOptions | boolean;
  /** Redirects followed before {@link TooManyRedirects}. Default 10. */
  maxRedirects?: number;
  /** Tracing hooks. */
  trace?: TraceConfig | readonly TraceConfig[];
  /** Decompress gzip, deflate and br bodies (and ask for them). Default true. */
  autoDecompress?: boolean;
  /** Serialiser for `json` bodies. Default `JSON.stringify`. */
  jsonSerialize?: (value: unknown) => string;
  /** Functions around the sending of each hop, the first outermost (see {@link ClientMiddleware}). */
  middlewares?: readonly ClientMiddleware[];
  /**
   * The most bytes (after decoding) `read()`, `text()` and `json()` collect; past it they
   * fail with `ClientPayloadError` naming the limit and the connection is closed. Streaming
   * through `content` is not bounded (it holds at most ~1 MiB at a time). Default 64 MiB;
   * `Infinity` for no bound.
   */
  maxBodySize?: number;
  /**
   * An undici `Dispatcher` (a `MockAgent`, a `ProxyAgent`, ...) to send through; shorthand
   * for `connector: { dispatcher }` (see {@link ConnectorOptions.dispatcher}).
   */
  dispatcher?: Dispatcher;
}

/**
 * Options of one request; those shared with the session override it for this request.
 *
 * @example
 * ```ts
 * await session.post("/items", { json: { name: "x" }, timeout: { total: 2000 }, raiseForStatus: true });
 * await session.get("/search", { params: { q: "asyncio", page: 2 } });
 * ```
 */
export interface RequestOptions {
  /** Query parameters appended to the URL. */
  params?: ParamsInput;
  /** Headers for this request (`null`/`undefined` values remove a session header). */
  headers?: HeadersInput;
  /** A JSON body (`Content-Type: application/json`). Not with `data`. */
  json?: unknown;
  /** A body: string, bytes, URLSearchParams, FormData, Blob, async iterable, or a plain object (a form). */
  data?: RequestData;
  /** Deadlines for this request, merged over the session's field by field. */
  timeout?: ClientTimeout;
  /** Overrides the session's `raiseForStatus`. */
  raiseForStatus?: RaiseForStatus;
  /** Credentials for this request (else the URL's, else the session's). */
  auth?: BasicAuth;
  /** Follow redirects. Default true. */
  allowRedirects?: boolean;
  /** Overrides the session's `maxRedirects`. */
  maxRedirects?: number;
  /** Overrides the session's retry policy (`false` turns it off). */
  retry?: RetryOptions | boolean;
  /** Replaces the session's middlewares for this request (`[]`: none), as in aiohttp. */
  middlewares?: readonly ClientMiddleware[];
  /** Overrides the session's `maxBodySize` (bytes after decoding; `Infinity` for none). */
  maxBodySize?: number;
  /**
   * Ends this request when aborted, in whatever phase it is (queued for a slot, connecting,
   * waiting for the head, reading the body), as a cancellation does: the socket is destroyed,
   * the slot released. The request (or the body read) rejects with `signal.reason`, as
   * `fetch` does; an already aborted signal rejects before anything is sent. The listener is
   * removed once the request is over.
   */
  signal?: AbortSignal;
  /**
   * Send this request through this HTTP proxy (`http://` or `https://`; aiohttp's per-request
   * `proxy`), instead of the session's proxy or connection; credentials in the URL become
   * `Proxy-Authorization: Basic`. The connector's limits still hold.
   */
  proxy?: string | URL;
  /** Credentials for `proxy` (aiohttp's `proxy_auth`), instead of those in its URL. */
  proxyAuth?: BasicAuth;
  /**
   * Called as the body goes out: after each chunk undici writes to the socket (its
   * `onBodySent`), with the bytes sent so far and the total when known (see
   * {@link UploadProgress}). Synchronous; one that throws is reported to the loop's exception
   * handler and the upload goes on. Each hop (redirect, retry) counts from 0.
   */
  onUploadProgress?: (progress: UploadProgress) => void;
}
