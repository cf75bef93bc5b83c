/**
 * `ClientWebSocket`: aiohttp's `ClientWebSocketResponse` on the `ws` package, with every
 * wait a cancellable Future of the loop and every timer on the loop's clock.
 */
import type { EventLoop } from "@aiots/loop";
import type { WebSocket } from "ws";
import { ClientConnectionError } from "./errors.js";
import { awaitPending, createPending, startTimer } from "./internal/awaitable.js";
import { handshake } from "./internal/ws-handshake.js";
import { expected, assertTimeout } from "@aiots/loop/internal";
import { checkCloseFrame } from "./internal/ws-close.js";
import { WSConnection } from "./internal/ws-connection.js";
import type { WSConnectParams } from "./internal/ws-params.js";
import { WSMessageTypeError } from "./ws-errors.js";
import { WSCloseCode, type WSDataMessage, type WSMessage } from "./ws-message.js";

// Bytes queued on the socket past which a send waits for them to be written (aiohttp's 64 KiB).
const WRITE_LIMIT = 64 * 1024;

/**
 * A client WebSocket connection (aiohttp's `ClientWebSocketResponse`), from
 * {@link ClientSession.wsConnect}. `receive()` returns the next {@link WSMessage};
 * iterating it with `for await` yields text and binary messages, ends when the connection
 * closes and throws if it fails. Pings are answered automatically; with `heartbeat`, a ping
 * is sent after that many milliseconds without data, and the connection fails (an `"error"`
 * message with {@link ServerTimeoutError}, close code 1006) if no pong comes within half
 * of it.
 *
 * Every wait (`receive()`, `send()`, `close()`) is a Future of the loop, so a cancellation
 * point of the current task; cancelling a `receive()` takes no message (the next
 * `receive()` returns it), and the timeouts run on the loop's clock. One `receive()` at a
 * time (a second concurrent one throws `RuntimeError`, as in aiohttp). Received messages
 * wait in a buffer until read; past 1 MiB the socket is paused (TCP backpressure).
 *
 * @example
 * ```ts
 * await using ws = await session.wsConnect("ws://127.0.0.1:8080/chat", { heartbeat: 30_000 });
 * await ws.sendJson({ join: "lobby" });
 * for await (const message of ws) {
 *   if (message.type === "text") console.log(message.data);
 * }
 * console.log("closed with", ws.closeCode);
 * ```
 */
export class ClientWebSocket implements AsyncIterable<WSDataMessage>, AsyncDisposable {
  /** The URL connected to. */
  readonly url: string;
  readonly #connection: WSConnection;
  readonly #loop: EventLoop | undefined;
  readonly #params: WSConnectParams;
  /** @internal Called once the connection is closed (the session forgets it). */
  _onClosed: (() => void) | undefined;

  private constructor(socket: WebSocket, params: WSConnectParams) {
    this.url = params.url.href;
    this.#connection = new WSConnection(socket, params, () => this._onClosed?.());
    this.#loop = params.loop;
    this.#params = params;
  }

  /** @internal Use {@link ClientSession.wsConnect}. */
  static async connect(params: WSConnectParams): Promise<ClientWebSocket> {
    // Loaded on first use, so programs without WebSockets never load `ws`.
    const { WebSocket: Socket } = await import("ws");
    const socket = new Socket(params.url, [...params.protocols], {
      headers: params.headers,
      maxPayload: params.maxMessageSize,
      perMessageDeflate: params.compress,
      followRedirects: false,
      autoPong: true,
    });
    const ws = new ClientWebSocket(socket, params);
    await handshake(socket, params.loop, params.url, params.requestInfo, params.handshakeTimeout);
    ws.#connection.heartbeat.touch();
    return ws;
  }

  /**
   * The subprotocol the server chose among `protocols`, or `""`.
   *
   * @example
   * ```ts
   * const ws = await session.wsConnect(url, { protocols: ["chat.v2", "chat.v1"] });
   * ws.protocol; // "chat.v2"
   * ```
   */
  get protocol(): string {
    return this.#connection.socket.protocol;
  }

  /**
   * Whether the connection is closed (or closing: no more sends).
   *
   * @example
   * ```ts
   * if (!ws.closed) await ws.send("bye");
   * ```
   */
  get closed(): boolean {
    return this.#connection.closed;
  }

  /**
   * The close code once closed: the server's, ours, or 1006 when the connection failed.
   *
   * @example
   * ```ts
   * for await (const message of ws) handle(message);
   * console.log(ws.closeCode); // 1000
   * ```
   */
  get closeCode(): number | undefined {
    return this.#connection.closeCode;
  }

  /**
   * The error the connection failed with (heartbeat timeout, protocol error, ...), if any.
   *
   * @example
   * ```ts
   * if (ws.exception !== undefined) console.error(ws.exception);
   * ```
   */
  get exception(): Error | undefined {
    return this.#connection.exception;
  }

  /**
   * The next message (see {@link WSMessage}). Waits at most `timeout` milliseconds (default
   * the `receiveTimeout` option; 0 = no limit) on the loop's clock, then rejects with
   * {@link ServerTimeoutError}; the connection stays open. A Future of the loop: cancelling
   * it (or the task awaiting it) takes no message.
   *
   * @example
   * ```ts
   * const message = await ws.receive(5000);
   * if (message.type === "text") console.log(message.data);
   * ```
   */
  receive(timeout?: number): PromiseLike<WSMessage> {
    if (timeout === undefined) return this.#connection.inbox.receive(this.#params.receiveTimeout);
    assertTimeout("timeout", timeout);
    return this.#connection.inbox.receive(timeout);
  }

  /**
   * The next message, which must be text (else {@link WSMessageTypeError}).
   *
   * @example
   * ```ts
   * const line = await ws.receiveStr();
   * ```
   */
  async receiveStr(timeout?: number): Promise<string> {
    const message = await this.receive(timeout);
    if (message.type !== "text") throw typeError(message, "text");
    return message.data;
  }

  /**
   * The next message, which must be binary (else {@link WSMessageTypeError}).
   *
   * @example
   * ```ts
   * const frame = await ws.receiveBytes();
   * ```
   */
  async receiveBytes(timeout?: number): Promise<Uint8Array> {
    const message = await this.receive(timeout);
    if (message.type !== "binary") throw typeError(message, "binary");
    return message.data;
  }

  /**
   * The next message, text, parsed as JSON (with `loads`, default `JSON.parse`).
   *
   * @example
   * ```ts
   * const { user, text } = (await ws.receiveJson()) as { user: string; text: string };
   * ```
   */
  async receiveJson<T = unknown>(
    options: { loads?: (text: string) => unknown; timeout?: number } = {},
  ): Promise<T> {
    const text = await this.receiveStr(options.timeout);
    return (options.loads ?? JSON.parse)(text) as T;
  }

  /**
   * Sends a text frame (a string) or a binary frame (bytes). Resolves at once while less than
   * 64 KiB wait to be written on the socket, else once they are (a drain, as aiohttp's
   * writer does). Rejects with {@link ClientConnectionError} if the connection is
   * closed or closing. Cancelling the wait does not unsend the frame.
   *
   * @example
   * ```ts
   * await ws.send("hello");
   * await ws.send(new Uint8Array([1, 2, 3]));
   * ```
   */
  send(data: string | Uint8Array | ArrayBuffer): PromiseLike<void> {
    const binary = typeof data !== "string";
    if (binary && !(data instanceof Uint8Array) && !(data instanceof ArrayBuffer)) {
      throw new TypeError(expected("data", "a string, a Uint8Array or an ArrayBuffer", data));
    }
    return this.#write((callback) => this.#connection.socket.send(data, { binary }, callback));
  }

  /**
   * Sends `value` as JSON in a text frame (`dumps` defaults to `JSON.stringify`).
   *
   * @example
   * ```ts
   * await ws.sendJson({ type: "subscribe", channel: "prices" });
   * ```
   */
  sendJson(
    value: unknown,
    options: { dumps?: (value: unknown) => string } = {},
  ): PromiseLike<void> {
    return this.send((options.dumps ?? JSON.stringify)(value));
  }

  /**
   * Sends a ping frame (the pong is consumed by the client; `heartbeat` does this for you).
   *
   * @example
   * ```ts
   * await ws.ping();
   * ```
   */
  ping(data: string | Uint8Array = ""): PromiseLike<void> {
    return this.#write((callback) => this.#connection.socket.ping(data, undefined, callback));
  }

  /**
   * Starts the closing handshake with `code` (default 1000) and `reason` (at most 123
   * bytes), and waits for the server's close frame, at most `closeTimeout` milliseconds
   * (default 10 000, on the loop's clock) before dropping the connection. Resolves `true`
   * if this call closed it, `false` if it was already closed. Cancelling it drops the
   * connection. A `receive()` waiting in another task then returns `{ type: "closed" }`;
   * messages received before are still returned first.
   *
   * @example
   * ```ts
   * await ws.close(WSCloseCode.GOING_AWAY, "server restart");
   * ```
   */
  async close(code: number = WSCloseCode.OK, reason = ""): Promise<boolean> {
    checkCloseFrame(code, reason);
    const connection = this.#connection;
    if (connection.inbox.ended) return false;
    const first = !connection.closeCalled;
    if (first) {
      connection.closeCalled = true;
      connection.heartbeat.stop();
      connection.socket.close(code, reason);
    }
    const wait = createPending<void>(this.#loop);
    connection.waitClosed(wait);
    const drop = (): void => connection.socket.terminate();
    const timer = startTimer(this.#loop, this.#params.closeTimeout, drop);
    try {
      await awaitPending(wait, drop);
    } finally {
      timer.cancel();
    }
    return first;
  }

  /**
   * The text and binary messages until the connection closes; throws the error of an
   * `"error"` message (the connection failed). Leaving the loop early does not close it.
   *
   * @example
   * ```ts
   * for await (const message of ws) {
   *   if (message.type === "text" && message.data === "bye") break;
   * }
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<WSDataMessage, void, undefined> {
    for (;;) {
      const message = await this.receive();
      if (message.type === "text" || message.type === "binary") yield message;
      else if (message.type === "error") throw message.error;
      else return;
    }
  }

  /**
   * Closes the connection with 1000 (see {@link ClientWebSocket.close}).
   *
   * @example
   * ```ts
   * { await using ws = await session.wsConnect(url); }
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal Drops the connection at once (the session closes). */
  _terminate(error: Error): void {
    this.#connection.terminate(error);
  }

  toString(): string {
    return `<ClientWebSocket(${this.url}) ${this.closed ? `closed ${String(this.#connection.closeCode)}` : "open"}>`;
  }

  #write(start: (callback: (error?: Error) => void) => void): PromiseLike<void> {
    const pending = createPending<void>(this.#loop);
    if (this.closed) {
      pending.reject(new ClientConnectionError("Cannot send on a closed WebSocket"));
      return pending.promise;
    }
    start((error) => {
      if (error === undefined || error === null) pending.resolve();
      else
        pending.reject(
          new ClientConnectionError(`WebSocket send failed: ${error.message}`, { cause: error }),
        );
    });
    // aiohttp's writer: wait only while the socket's buffer is over the limit (a drain);
    // under it the frame is queued and the send is done (a failure surfaces as the close).
    if (this.#connection.socket.bufferedAmount <= WRITE_LIMIT) pending.resolve();
    return pending.promise;
  }
}

function typeError(message: WSMessage, wanted: string): WSMessageTypeError {
  return new WSMessageTypeError(`Received a ${message.type} message, not ${wanted}`, message);
}
