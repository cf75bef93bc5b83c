/**
 * The options of `session.wsConnect()`.
 */
import type { BasicAuth } from "./basic-auth.js";
import type { HeadersInput } from "./internal/request-headers.js";
import type { ParamsInput } from "./options.js";

/**
 * Options of {@link ClientSession.wsConnect} (aiohttp's `ws_connect` arguments). Times are
 * milliseconds on the loop's clock; 0 or `Infinity` turns a limit off.
 *
 * @example
 * ```ts
 * const ws = await session.wsConnect("wss://stream.example.com/v1", {
 *   protocols: ["v1.json"],
 *   heartbeat: 30_000,
 *   receiveTimeout: 60_000,
 *   headers: { authorization: `Bearer ${token}` },
 * });
 * ```
 */
export interface WSConnectOptions {
  /** Subprotocols offered in `Sec-WebSocket-Protocol`, preferred first. */
  protocols?: string | readonly string[];
  /** Headers of the handshake request, over the session's. */
  headers?: HeadersInput;
  /** Query parameters appended to the URL. */
  params?: ParamsInput;
  /** Credentials for the handshake (else the URL's, else the session's). */
  auth?: BasicAuth;
  /** Send a ping after this long without data; fail the connection if no pong comes within half of it. Default off. */
  heartbeat?: number;
  /** The default limit of each `receive()`. Default none. */
  receiveTimeout?: number;
  /** How long `close()` waits for the server's close frame before dropping the connection. Default 10 000. */
  closeTimeout?: number;
  /** The limit on the handshake (connect + upgrade). Default the session's `timeout.total`. */
  handshakeTimeout?: number;
  /** The largest message accepted, in bytes (larger fails the connection with 1009). Default 4 MiB, 0 = none. */
  maxMessageSize?: number;
  /** Offer permessage-deflate compression. Default true. */
  compress?: boolean;
}
