/**
 * The opening handshake of a `ws` socket as a wait of the loop: resolves on `open`,
 * rejects with the client's error classes, is bounded by a timer on the loop's clock, and
 * drops the connection when cancelled.
 */
import type { EventLoop } from "@aiots/loop";
import type { IncomingMessage } from "node:http";
import type { WebSocket } from "ws";
import { ServerDisconnectedError, type RequestInfo } from "../errors.js";
import { ConnectionTimeoutError } from "../timeout-errors.js";
import { ResponseHeaders } from "../response-headers.js";
import { WSServerHandshakeError } from "../ws-errors.js";
import { awaitPending, createPending, startTimer } from "./awaitable.js";
import { mapError } from "./map-error.js";

/** Waits for `socket` to open; `timeout` 0 = no limit. */
export async function handshake(
  socket: WebSocket,
  loop: EventLoop | undefined,
  url: URL,
  requestInfo: RequestInfo,
  timeout: number,
): Promise<void> {
  const pending = createPending<void>(loop);
  const fail = (error: Error): void => {
    if (pending.reject(error)) socket.terminate();
  };
  const onOpen = (): void => void pending.resolve();
  const onResponse = (_request: unknown, response: IncomingMessage): void => {
    const status = response.statusCode ?? 0;
    response.resume();
    fail(
      new WSServerHandshakeError(requestInfo, `Invalid response status ${status}`, {
        status,
        headers: new ResponseHeaders(response.rawHeaders),
      }),
    );
  };
  const onError = (error: Error): void => {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) {
      const port = Number(url.port) || (url.protocol === "wss:" ? 443 : 80);
      fail(mapError(error, "connect", { host: url.hostname, port, requestInfo }) as Error);
    } else {
      // ws's own checks of the 101 (Sec-WebSocket-Accept, subprotocol, extensions).
      fail(new WSServerHandshakeError(requestInfo, error.message, { status: 101, cause: error }));
    }
  };
  const onClose = (): void =>
    fail(new ServerDisconnectedError("Server disconnected during the WebSocket handshake"));
  socket.once("open", onOpen);
  socket.once("unexpected-response", onResponse);
  socket.on("error", onError);
  socket.once("close", onClose);
  const timer =
    timeout > 0
      ? startTimer(loop, timeout, () =>
          fail(
            new ConnectionTimeoutError(
              `WebSocket handshake with ${url.host} timed out after ${timeout} ms`,
            ),
          ),
        )
      : undefined;
  try {
    await awaitPending(pending, () => socket.terminate());
  } finally {
    timer?.cancel();
    socket.off("open", onOpen);
    socket.off("unexpected-response", onResponse);
    socket.off("error", onError);
    socket.off("close", onClose);
  }
}
