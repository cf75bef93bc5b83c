/**
 * What `ws.receive()` returns: aiohttp's `WSMessage`, as a discriminated union.
 */

/**
 * A message received on a {@link ClientWebSocket}, told apart by `type` (aiohttp's
 * `WSMsgType`, lower case):
 *
 * - `"text"`: a text frame, `data` a string;
 * - `"binary"`: a binary frame, `data` bytes;
 * - `"close"`: the server closed the connection with `code` and `reason` (the client has
 *   answered with its own close frame);
 * - `"error"`: the connection failed (`error`: a {@link ServerTimeoutError} when the
 *   heartbeat's ping got no pong, a {@link ServerDisconnectedError} when the connection was
 *   lost without a close frame, a protocol error from the server);
 * - `"closed"`: the connection is closed and the `"close"` or `"error"` message was already
 *   returned (or `close()` was called): every later `receive()` returns it.
 *
 * Pings and pongs are answered and consumed by the client, never returned.
 *
 * @example
 * ```ts
 * const message = await ws.receive();
 * switch (message.type) {
 *   case "text": console.log(message.data); break;
 *   case "binary": console.log(message.data.byteLength, "bytes"); break;
 *   case "close": console.log("closed by the server", message.code, message.reason); break;
 *   case "error": console.error(message.error); break;
 *   case "closed": break;
 * }
 * ```
 */
export type WSMessage =
  | { readonly type: "text"; readonly data: string }
  | { readonly type: "binary"; readonly data: Uint8Array }
  | { readonly type: "close"; readonly code: number; readonly reason: string }
  | { readonly type: "error"; readonly error: Error }
  | { readonly type: "closed" };

/**
 * WebSocket close codes (RFC 6455 §7.4.1; aiohttp's `WSCloseCode`).
 *
 * @example
 * ```ts
 * await ws.close(WSCloseCode.GOING_AWAY, "shutting down");
 * ```
 */
export const WSCloseCode = {
  OK: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  UNSUPPORTED_DATA: 1003,
  ABNORMAL_CLOSURE: 1006,
  INVALID_TEXT: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  MANDATORY_EXTENSION: 1010,
  INTERNAL_ERROR: 1011,
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
  BAD_GATEWAY: 1014,
} as const;

/**
 * A data message: what iterating a {@link ClientWebSocket} yields.
 *
 * @example
 * ```ts
 * for await (const message of ws) {
 *   console.log(message.type, message.data); // "text" and a string, or "binary" and bytes
 * }
 * ```
 */
export type WSDataMessage = Extract<WSMessage, { type: "text" | "binary" }>;
