/**
 * What a response reads from: the head and body of one hop, as the request's handler
 * receives them. `ClientResponse` and `StreamReader` know this interface only, never the
 * undici handler behind it.
 */
import type { BodyBuffer } from "./body-buffer.js";

/** The received head and body of one hop, and the control over its socket. */
export interface BodySource {
  readonly status: number;
  readonly statusText: string;
  /** The head's header lines as undici gives them: name, value, name, value... */
  readonly rawHeaders: readonly Buffer[];
  /** The body (an empty, ended one until the head arrived). */
  readonly body: BodyBuffer;
  /** Whether the socket is done with (the response ended, failed or was aborted). */
  readonly socketDone: boolean;
  /** Called once the socket is done with. */
  onDone: (() => void) | undefined;
  /** Ends the request with `reason` (the socket is destroyed if the response has not ended). */
  abort(reason: Error): void;
}
