/**
 * The socket side of a `ClientWebSocket`: the `ws` listeners, the buffer of received
 * messages (the socket paused past 1 MiB), the heartbeat, and how the connection ended
 * (close code, failure). `ClientWebSocket` is the API on top: receive, send and close.
 */
import type { RawData, WebSocket } from "ws";
import { ClientConnectionError, ServerDisconnectedError } from "../errors.js";
import { ServerTimeoutError } from "../timeout-errors.js";
import { WSCloseCode } from "../ws-message.js";
import type { Pending } from "./awaitable.js";
import { WSHeartbeat } from "./ws-heartbeat.js";
import { WSInbox } from "./ws-inbox.js";
import type { WSConnectParams } from "./ws-params.js";

// Received bytes buffered before the socket is paused (the body reader's high-water mark).
const HIGH_WATER = 1024 * 1024;

/** One WebSocket connection's socket, received messages and end. */
export class WSConnection {
  readonly socket: WebSocket;
  readonly inbox: WSInbox;
  readonly heartbeat: WSHeartbeat;
  /** Whether `close()` started the closing handshake. */
  closeCalled = false;
  /** The close code once closed: the server's, ours, or 1006 when the connection failed. */
  closeCode: number | undefined;
  /** The error the connection failed with, if any. */
  exception: Error | undefined;
  readonly #closeWaiters: Array<Pending<void>> = [];
  readonly #onClosed: () => void;

  /** Listens on `socket` (before its handshake ends); `onClosed` runs once it is closed. */
  constructor(socket: WebSocket, params: WSConnectParams, onClosed: () => void) {
    this.socket = socket;
    this.#onClosed = onClosed;
    this.inbox = new WSInbox(params.loop, (bytes) => {
      if (bytes > HIGH_WATER && !socket.isPaused) socket.pause();
      else if (bytes < HIGH_WATER / 2 && socket.isPaused) socket.resume();
    });
    this.heartbeat = new WSHeartbeat(
      params.loop,
      params.heartbeat,
      () => socket.ping(),
      (wait) => this.terminate(new ServerTimeoutError(`No PONG received after ${wait} ms`)),
    );
    // Listeners go on before the handshake ends: a message may follow the 101 at once.
    // (ws emits "error" then "close" for a failed handshake too: the connection is then
    // never handed out, so what they record here is dropped with it.)
    socket.on("message", (data, isBinary) => this.#onMessage(data, isBinary));
    socket.on("ping", () => this.heartbeat.touch());
    socket.on("pong", () => this.heartbeat.touch());
    socket.on("error", (error) => this.#onError(error));
    socket.on("close", (code, reason) => this.#onClose(code, reason));
  }

  /** Whether the connection is closed (or closing: no more sends). */
  get closed(): boolean {
    return this.inbox.ended || this.closeCalled || this.socket.readyState !== this.socket.OPEN;
  }

  /** Resolves `wait` once the connection is closed. */
  waitClosed(wait: Pending<void>): void {
    this.#closeWaiters.push(wait);
  }

  /** Drops the connection at once; it fails with `error` unless it already failed. */
  terminate(error: Error): void {
    this.exception ??= error;
    this.socket.terminate();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    this.heartbeat.touch();
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? Buffer.from(data)
        : data;
    this.inbox.push(
      isBinary ? { type: "binary", data: bytes } : { type: "text", data: bytes.toString("utf8") },
    );
  }

  #onError(error: Error): void {
    this.exception ??= new ClientConnectionError(`WebSocket error: ${error.message}`, {
      cause: error,
    });
  }

  #onClose(code: number, reason: Buffer): void {
    this.heartbeat.stop();
    if (this.inbox.ended) return;
    const exception = this.exception;
    if (exception !== undefined) {
      this.closeCode = WSCloseCode.ABNORMAL_CLOSURE;
      this.inbox.push({ type: "error", error: exception });
    } else if (code === WSCloseCode.ABNORMAL_CLOSURE && !this.closeCalled) {
      this.closeCode = code;
      this.exception = new ServerDisconnectedError(
        "WebSocket connection lost without a close frame",
      );
      this.inbox.push({ type: "error", error: this.exception });
    } else {
      this.closeCode = code;
      if (!this.closeCalled)
        this.inbox.push({ type: "close", code, reason: reason.toString("utf8") });
    }
    this.inbox.end();
    for (const wait of this.#closeWaiters.splice(0)) wait.resolve();
    this.#onClosed();
  }
}
