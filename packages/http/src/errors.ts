/**
 * The client's error classes, named and nested as aiohttp names them:
 *
 * ```
 * ClientError
 * ├── ClientConnectionError
 * │   ├── ClientOSError
 * │   │   └── ClientConnectorError
 * │   └── ServerConnectionError
 * │       ├── ServerDisconnectedError
 * │       └── ServerTimeoutError        (also a TimeoutError from @aiots/loop)
 * │           ├── ConnectionTimeoutError
 * │           └── SocketTimeoutError
 * ├── ClientResponseError
 * │   ├── ContentTypeError
 * │   └── TooManyRedirects
 * ├── ClientPayloadError
 * ├── InvalidURL                        (also a TypeError)
 * └── TotalTimeoutError                 (also a TimeoutError from @aiots/loop)
 * ```
 *
 * The timeouts' errors are in `timeout-errors.ts`, exported with these by the index.
 *
 * JavaScript has single inheritance, so the classes that are two things at once extend the
 * built-in side (`TimeoutError`, `TypeError`) and carry the brands of the client side:
 * `instanceof` on every class here checks a brand registered with `Symbol.for`, which also
 * makes it work across the ESM and CJS builds of this package.
 */
import { brandErrorClass } from "@aiots/loop";
import { addBrands, ID } from "./internal/error-brands.js";
import type { ResponseHeaders } from "./response-headers.js";

/**
 * What was asked: the request line and headers behind a response or an error.
 *
 * @example
 * ```ts
 * try {
 *   await session.get(url, { raiseForStatus: true });
 * } catch (error) {
 *   if (error instanceof ClientResponseError) {
 *     const { method, realUrl }: RequestInfo = error.requestInfo;
 *     console.log(method, realUrl);
 *   }
 * }
 * ```
 */
export interface RequestInfo {
  /** The method, upper case. */
  readonly method: string;
  /** The URL the request was first made to. */
  readonly url: string;
  /** The URL of this hop (differs from `url` after redirects). */
  readonly realUrl: string;
  /** The headers sent, as name/value pairs. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** The options every error here accepts. */
export interface ClientErrorOptions {
  /** The underlying error (undici's, Node's, zlib's...). */
  cause?: unknown;
}

/**
 * The base of every error the client raises (aiohttp's `ClientError`).
 *
 * @example
 * ```ts
 * try {
 *   await session.get("http://127.0.0.1:1/");
 * } catch (error) {
 *   if (error instanceof ClientError) console.log(error.code, error.message);
 * }
 * ```
 */
export class ClientError extends Error {
  override name = "ClientError";
  /** A stable machine-readable code. */
  readonly code: string = "ERR_AIOTS_HTTP_CLIENT";
  constructor(message: string, options?: ClientErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
brandErrorClass(ClientError, ID + "ClientError");

/**
 * The connection failed or broke: the base of the connector, OS and server errors.
 *
 * @example
 * ```ts
 * try {
 *   await session.get(url);
 * } catch (error) {
 *   if (error instanceof ClientConnectionError) console.log("network trouble:", error.message);
 * }
 * ```
 */
export class ClientConnectionError extends ClientError {
  override name = "ClientConnectionError";
  override readonly code: string = "ERR_AIOTS_HTTP_CONNECTION";
}
brandErrorClass(ClientConnectionError, ID + "ClientConnectionError");

/** The options of {@link ClientOSError}. */
export interface ClientOSErrorOptions extends ClientErrorOptions {
  /** The system error code, e.g. `"ECONNRESET"`. */
  errno?: string | undefined;
  /** The system call that failed, e.g. `"connect"`. */
  syscall?: string | undefined;
}

/**
 * A system call on the socket failed (aiohttp's `ClientOSError`).
 *
 * @example
 * ```ts
 * if (error instanceof ClientOSError) console.log(error.errno); // "ECONNRESET"
 * ```
 */
export class ClientOSError extends ClientConnectionError {
  override name = "ClientOSError";
  override readonly code: string = "ERR_AIOTS_HTTP_OS";
  /** The system error code, e.g. `"ECONNRESET"`, when there is one. */
  readonly errno: string | undefined;
  /** The system call that failed, when known. */
  readonly syscall: string | undefined;
  constructor(message: string, options?: ClientOSErrorOptions) {
    super(message, options);
    this.errno = options?.errno;
    this.syscall = options?.syscall;
  }
}
brandErrorClass(ClientOSError, ID + "ClientOSError");

/** The options of {@link ClientConnectorError}. */
export interface ClientConnectorErrorOptions extends ClientOSErrorOptions {
  /** The host the connection was for. */
  host: string;
  /** The port the connection was for. */
  port: number;
}

/**
 * No connection could be made: refused, unreachable, or the name did not resolve.
 *
 * @example
 * ```ts
 * try {
 *   await session.get("http://nonexistent.invalid/");
 * } catch (error) {
 *   if (error instanceof ClientConnectorError) console.log(error.host, error.errno); // ENOTFOUND
 * }
 * ```
 */
export class ClientConnectorError extends ClientOSError {
  override name = "ClientConnectorError";
  override readonly code: string = "ERR_AIOTS_HTTP_CONNECTOR";
  /** The host the connection was for. */
  readonly host: string;
  /** The port the connection was for. */
  readonly port: number;
  constructor(message: string, options: ClientConnectorErrorOptions) {
    super(message, options);
    this.host = options.host;
    this.port = options.port;
  }
}
brandErrorClass(ClientConnectorError, ID + "ClientConnectorError");

/**
 * The server side of an established connection failed.
 *
 * @example
 * ```ts
 * if (error instanceof ServerConnectionError) console.log("the server went away");
 * ```
 */
export class ServerConnectionError extends ClientConnectionError {
  override name = "ServerConnectionError";
  override readonly code: string = "ERR_AIOTS_HTTP_SERVER_CONNECTION";
}
brandErrorClass(ServerConnectionError, ID + "ServerConnectionError");

/**
 * The server closed the connection before it sent a complete response head.
 *
 * @example
 * ```ts
 * if (error instanceof ServerDisconnectedError) console.log("server disconnected");
 * ```
 */
export class ServerDisconnectedError extends ServerConnectionError {
  override name = "ServerDisconnectedError";
  override readonly code: string = "ERR_AIOTS_HTTP_SERVER_DISCONNECTED";
}
brandErrorClass(ServerDisconnectedError, ID + "ServerDisconnectedError");

/** The options of {@link ClientResponseError}. */
export interface ClientResponseErrorOptions extends ClientErrorOptions {
  /** The response status (0 if there was no valid status line). */
  status: number;
  /** The response headers, if a response head was received. */
  headers?: ResponseHeaders | undefined;
  /** The responses of the redirects that led here. */
  history?: readonly unknown[] | undefined;
}

/**
 * The response is an error: `raiseForStatus()` on a status >= 400, or a response head the
 * client could not accept. Carries the status, headers and what was asked. Its `message`
 * reads as aiohttp's `str(error)`: `404, message='Not Found', url='http://host/path'` (the
 * URL of the hop that failed), so that a log line says what failed and where.
 *
 * @example
 * ```ts
 * try {
 *   await session.get(url, { raiseForStatus: true });
 * } catch (error) {
 *   if (error instanceof ClientResponseError) console.log(error.status, error.requestInfo.url);
 * }
 * ```
 */
export class ClientResponseError extends ClientError {
  override name = "ClientResponseError";
  override readonly code: string = "ERR_AIOTS_HTTP_RESPONSE";
  /** The response status. */
  readonly status: number;
  /** The response headers, when a head was received. */
  readonly headers: ResponseHeaders | undefined;
  /** What was asked. */
  readonly requestInfo: RequestInfo;
  /** The redirect responses that led here (`ClientResponse[]`). */
  readonly history: readonly unknown[];
  /** `message`: what went wrong (the reason phrase for `raiseForStatus()`). */
  constructor(requestInfo: RequestInfo, message: string, options: ClientResponseErrorOptions) {
    super(`${options.status}, message='${message}', url='${requestInfo.realUrl}'`, options);
    this.requestInfo = requestInfo;
    this.status = options.status;
    this.headers = options.headers;
    this.history = options.history ?? [];
  }
}
brandErrorClass(ClientResponseError, ID + "ClientResponseError");

/**
 * `response.json()` was called on a response whose `Content-Type` is not JSON. Pass
 * `{ contentType: null }` to skip the check.
 *
 * @example
 * ```ts
 * try {
 *   await response.json();
 * } catch (error) {
 *   if (error instanceof ContentTypeError) console.log(error.message);
 * }
 * ```
 */
export class ContentTypeError extends ClientResponseError {
  override name = "ContentTypeError";
  override readonly code: string = "ERR_AIOTS_HTTP_CONTENT_TYPE";
}
brandErrorClass(ContentTypeError, ID + "ContentTypeError");

/**
 * More than `maxRedirects` redirects were followed.
 *
 * @example
 * ```ts
 * try {
 *   await session.get(url, { maxRedirects: 3 });
 * } catch (error) {
 *   if (error instanceof TooManyRedirects) console.log(error.history.length); // 4
 * }
 * ```
 */
export class TooManyRedirects extends ClientResponseError {
  override name = "TooManyRedirects";
  override readonly code: string = "ERR_AIOTS_HTTP_TOO_MANY_REDIRECTS";
}
brandErrorClass(TooManyRedirects, ID + "TooManyRedirects");

/**
 * The response body broke: the connection closed mid-body, its length did not match
 * `Content-Length`, the chunked encoding or the compression was invalid.
 *
 * @example
 * ```ts
 * try {
 *   await response.read();
 * } catch (error) {
 *   if (error instanceof ClientPayloadError) console.log("truncated body:", error.message);
 * }
 * ```
 */
export class ClientPayloadError extends ClientError {
  override name = "ClientPayloadError";
  override readonly code: string = "ERR_AIOTS_HTTP_PAYLOAD";
}
brandErrorClass(ClientPayloadError, ID + "ClientPayloadError");

/**
 * The URL is malformed or its scheme is not `http:`/`https:`. Raised before any byte is
 * sent (or a redirect's `Location` can not be followed). A `TypeError` (as `new URL()`
 * raises) and a {@link ClientError}. Its message and `url` never show a password that was
 * in the URL: it is replaced by `***` (`http://user:***@host/`).
 *
 * @example
 * ```ts
 * try {
 *   await session.get("ftp://example.com/");
 * } catch (error) {
 *   if (error instanceof InvalidURL) console.log(error.url); // "ftp://example.com/"
 * }
 * ```
 */
export class InvalidURL extends TypeError {
  override name = "InvalidURL";
  readonly code: string = "ERR_AIOTS_HTTP_INVALID_URL";
  /** The URL as given, its password (if any) replaced by `***`. */
  readonly url: string;
  constructor(url: string, message: string, options?: ClientErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.url = url;
  }
}
brandErrorClass(InvalidURL, ID + "InvalidURL");
addBrands(InvalidURL, "ClientError");
