/**
 * The WebSocket client's own errors (aiohttp's names). Connection failures are the
 * client's usual {@link ClientConnectorError}, {@link ServerTimeoutError}, etc.
 */
import { brandErrorClass } from "@aiots/loop";
import { ClientError, ClientResponseError } from "./errors.js";

const ID = "@aiots/http:";

/**
 * The server did not accept the WebSocket handshake: it answered with a status other than
 * 101 (aiohttp's `WSServerHandshakeError`), or a 101 that breaks the protocol (a wrong
 * `Sec-WebSocket-Accept`, a subprotocol not offered); `status` is the status received.
 *
 * @example
 * ```ts
 * try {
 *   await session.wsConnect("ws://127.0.0.1:8080/chat");
 * } catch (error) {
 *   if (error instanceof WSServerHandshakeError) console.log(error.status); // e.g. 403
 * }
 * ```
 */
export class WSServerHandshakeError extends ClientResponseError {
  override name = "WSServerHandshakeError";
  override readonly code: string = "ERR_AIOTS_HTTP_WS_HANDSHAKE";
}
brandErrorClass(WSServerHandshakeError, ID + "WSServerHandshakeError");

/**
 * `receiveStr()`, `receiveBytes()` or `receiveJson()` got a message of another type
 * (aiohttp's `WSMessageTypeError`); `received` is that message.
 *
 * @example
 * ```ts
 * try {
 *   const text = await ws.receiveStr();
 * } catch (error) {
 *   if (error instanceof WSMessageTypeError) console.log(error.received.type); // "binary"
 * }
 * ```
 */
export class WSMessageTypeError extends ClientError {
  override name = "WSMessageTypeError";
  override readonly code: string = "ERR_AIOTS_HTTP_WS_MESSAGE_TYPE";
  /** The message that was received instead. */
  readonly received: { readonly type: string };
  constructor(message: string, received: { readonly type: string }) {
    super(message);
    this.received = received;
  }
}
brandErrorClass(WSMessageTypeError, ID + "WSMessageTypeError");
