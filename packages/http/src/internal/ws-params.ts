/**
 * What a WebSocket connection is opened with, resolved by `internal/ws-connect.ts` from the
 * session and the `wsConnect` options.
 */
import type { EventLoop } from "@aiots/loop";
import type { RequestInfo } from "../errors.js";

/** What `ClientWebSocket.connect` needs (timeouts in milliseconds, 0 = none). */
export interface WSConnectParams {
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly protocols: readonly string[];
  readonly requestInfo: RequestInfo;
  readonly loop: EventLoop | undefined;
  readonly heartbeat: number;
  readonly receiveTimeout: number;
  readonly closeTimeout: number;
  readonly handshakeTimeout: number;
  readonly maxMessageSize: number;
  readonly compress: boolean;
}
