/**
 * The connector's sockets, tapped where undici reads them: each read tells the request the
 * socket carries that bytes arrived (so `sockRead` measures silence between bytes, in the
 * head too, on the loop's clock), an unsolicited `100 Continue` before the final head is
 * skipped (undici's parser rejects it as "bad response"; RFC 9110 §15.2 says skip 1xx),
 * and a request in flight can be ended by destroying its socket with its own error (undici's
 * `abort` would re-queue the request and open a replacement connection that sends nothing).
 */
import diagnosticsChannel from "node:diagnostics_channel";
import type { Socket } from "node:net";
import type { buildConnector } from "undici";
import { undici } from "./lazy.js";

/** The request a tapped socket carries. */
export interface TapListener {
  /** undici is writing this listener's request on `tap`'s socket. */
  onSocketBound(tap: SocketTap): void;
  /** Bytes arrived on the socket (any: head, body, even an interim response). */
  onSocketBytes(): void;
}

/** One tapped socket, as the request it carries sees it. */
export interface SocketTap {
  /** Ends the request in flight: destroys the socket with `error`. */
  destroy(error: Error): void;
  /** The listener is done with the socket (its response ended or failed). */
  unbind(listener: TapListener): void;
}

const INTERIM = /^HTTP\/1\.[01] 100[ \r]/;
const INTERIM_PREFIX = "HTTP/1.1 100 ";
/** Where the status code starts in a status line ("HTTP/1.1 " is 9 bytes), and a `1` there. */
const STATUS_DIGIT = 9;
const ONE = 0x31;
const MAX_INTERIM_HEAD = 16 * 1024;
const HEAD_END = Buffer.from("\r\n\r\n");

const INTERIM_STARTS = ["HTTP/1.1 100 ", "HTTP/1.0 100 ", "HTTP/1.1 100\r", "HTTP/1.0 100\r"];

/** Whether `data` (fewer bytes than the test needs) may still turn out to be a `100` line. */
function mayBeInterim(data: Buffer): boolean {
  const text = data.toString("latin1");
  return INTERIM_STARTS.some((start) => start.startsWith(text));
}

class Tap implements SocketTap {
  readonly #socket: Socket;
  #listener: TapListener | undefined;
  /** Whether the next bytes start a response head (interim responses are skipped). */
  #atHead = false;
  #held: Buffer | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    const read = socket.read.bind(socket);
    socket.read = (size?: number): Buffer | null => {
      for (;;) {
        const chunk = read(size) as Buffer | null;
        if (chunk === null) return null;
        this.#listener?.onSocketBytes();
        if (!this.#atHead) return chunk;
        const passed = this.#skipInterim(chunk);
        if (passed !== undefined) return passed;
      }
    };
  }

  bind(listener: TapListener): void {
    this.#listener = listener;
    this.#atHead = true;
    this.#held = undefined;
  }

  unbind(listener: TapListener): void {
    if (this.#listener === listener) this.#listener = undefined;
  }

  destroy(error: Error): void {
    this.#socket.destroy(error);
  }

  /** The bytes to hand to undici, or `undefined` if all were held back or skipped. */
  #skipInterim(chunk: Buffer): Buffer | undefined {
    let data = this.#held === undefined ? chunk : Buffer.concat([this.#held, chunk]);
    this.#held = undefined;
    for (;;) {
      if (data.length < INTERIM_PREFIX.length) {
        if (data.length > 0 && mayBeInterim(data)) {
          this.#held = data;
          return undefined;
        }
        break;
      }
      // A final status ("HTTP/1.1 2..") fails at its first digit: no string made per response.
      if (data[STATUS_DIGIT] !== ONE) break;
      if (!INTERIM.test(data.subarray(0, INTERIM_PREFIX.length).toString("latin1"))) break;
      const end = data.indexOf(HEAD_END);
      if (end === -1) {
        if (data.length > MAX_INTERIM_HEAD) break; // undici's parser will reject it
        this.#held = data;
        return undefined;
      }
      data = data.subarray(end + HEAD_END.length);
      if (data.length === 0) return undefined;
    }
    this.#atHead = false;
    return data;
  }
}

const taps = new WeakMap<object, Tap>();
/** The listener whose request undici is writing right now (set in its `onConnect`). */
let binding: TapListener | undefined;
let subscribed = false;

/**
 * Called from a handler's `onConnect`: undici writes that request next, synchronously, and
 * announces its socket on `undici:client:sendHeaders`; if the socket is tapped (made by
 * {@link tappedConnector}), it is bound to `listener` then (`onSocketBound`). Sockets of
 * other dispatchers are never bound, and their requests simply get no tap.
 */
export function bindNextSocket(listener: TapListener): void {
  binding = listener;
}

function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  diagnosticsChannel.subscribe("undici:client:sendHeaders", (message) => {
    const listener = binding;
    if (listener === undefined) return;
    binding = undefined;
    const tap = taps.get((message as { socket?: object }).socket ?? {});
    if (tap === undefined) return;
    tap.bind(listener);
    listener.onSocketBound(tap);
  });
}

/**
 * undici's connector (no connect timeout: `sockConnect` is ours, on the loop's clock) whose
 * sockets are tapped.
 */
export function tappedConnector(
  options: buildConnector.BuildOptions = {},
): buildConnector.connector {
  subscribe();
  const connect = undici().buildConnector({ ...options, timeout: 0 });
  return (connectOptions, callback) =>
    connect(connectOptions, (...args) => {
      if (args[0] === null) taps.set(args[1], new Tap(args[1]));
      callback(...args);
    });
}
