/**
 * The failure of a request body midway (the request side of aiohttp's `ClientPayloadError`).
 */
import { brandErrorClass } from "@aiots/loop";
import { ClientPayloadError } from "./errors.js";

/**
 * The request body could not be sent whole: its source failed midway (a stream's or
 * iterable's error, a file that changed while it was read: the original is the `cause`),
 * or the connection dropped while the body was being written. A {@link ClientPayloadError},
 * so never retried: a body half sent is not sent again (retries and 307/308 redirects only
 * resend bodies that were sent whole, or not at all). `bytesSent` says how far it got.
 *
 * @example
 * ```ts
 * try {
 *   await session.put(url, { data: createReadStream("big.bin") });
 * } catch (error) {
 *   if (error instanceof ClientRequestBodyError) console.log(`failed after ${error.bytesSent} bytes`, error.cause);
 * }
 * ```
 */
export class ClientRequestBodyError extends ClientPayloadError {
  override name = "ClientRequestBodyError";
  override readonly code: string = "ERR_AIOTS_HTTP_REQUEST_BODY";
  /** Body bytes handed to the socket before the failure. */
  readonly bytesSent: number;
  constructor(message: string, options: { bytesSent: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.bytesSent = options.bytesSent;
  }
}
brandErrorClass(ClientRequestBodyError, "@aiots/http:ClientRequestBodyError");
