/**
 * The errors of the client's deadlines (`timeout.total`, `connect`, `sockConnect`,
 * `sockRead`): each a `TimeoutError` from `@aiots/loop` and a {@link ClientError} (see the
 * tree in `errors.ts`).
 */
import { brandErrorClass, TimeoutError } from "@aiots/loop";
import type { ClientErrorOptions } from "./errors.js";
import { addBrands, ID } from "./internal/error-brands.js";

/**
 * A socket-level deadline passed (aiohttp's `ServerTimeoutError`). It is both a
 * {@link ServerConnectionError} (so a {@link ClientError}) and a `TimeoutError` from
 * `@aiots/loop`, so `catch (e) { if (e instanceof TimeoutError) ... }` sees it too.
 *
 * @example
 * ```ts
 * import { TimeoutError } from "@aiots/loop";
 * try {
 *   await session.get(url, { timeout: { sockRead: 50 } });
 * } catch (error) {
 *   console.log(error instanceof ServerTimeoutError, error instanceof TimeoutError); // true true
 * }
 * ```
 */
export class ServerTimeoutError extends TimeoutError {
  override name = "ServerTimeoutError";
  override readonly code: string = "ERR_AIOTS_HTTP_SERVER_TIMEOUT";
  constructor(message: string, options?: ClientErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
brandErrorClass(ServerTimeoutError, ID + "ServerTimeoutError");
addBrands(ServerTimeoutError, "ClientError", "ClientConnectionError", "ServerConnectionError");

/**
 * Getting a connection took too long: `timeout.connect` (waiting for a free slot plus
 * connecting) or `timeout.sockConnect` (the TCP/TLS connect itself).
 *
 * @example
 * ```ts
 * if (error instanceof ConnectionTimeoutError) console.log("could not connect in time");
 * ```
 */
export class ConnectionTimeoutError extends ServerTimeoutError {
  override name = "ConnectionTimeoutError";
  override readonly code: string = "ERR_AIOTS_HTTP_CONNECTION_TIMEOUT";
}
brandErrorClass(ConnectionTimeoutError, ID + "ConnectionTimeoutError");

/**
 * The server sent nothing for `timeout.sockRead` ms while the response head or body was
 * awaited.
 *
 * @example
 * ```ts
 * if (error instanceof SocketTimeoutError) console.log("the server stalled");
 * ```
 */
export class SocketTimeoutError extends ServerTimeoutError {
  override name = "SocketTimeoutError";
  override readonly code: string = "ERR_AIOTS_HTTP_SOCKET_TIMEOUT";
}
brandErrorClass(SocketTimeoutError, ID + "SocketTimeoutError");

/**
 * The whole request (queueing, connecting, redirects, reading the body) took longer than
 * `timeout.total`. A `TimeoutError` from `@aiots/loop` and a {@link ClientError}.
 *
 * @example
 * ```ts
 * try {
 *   const response = await session.get(url, { timeout: { total: 1000 } });
 *   await response.text();
 * } catch (error) {
 *   if (error instanceof TotalTimeoutError) console.log("took more than 1 s");
 * }
 * ```
 */
export class TotalTimeoutError extends TimeoutError {
  override name = "TotalTimeoutError";
  override readonly code: string = "ERR_AIOTS_HTTP_TOTAL_TIMEOUT";
  constructor(message: string, options?: ClientErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
brandErrorClass(TotalTimeoutError, ID + "TotalTimeoutError");
addBrands(TotalTimeoutError, "ClientError");
