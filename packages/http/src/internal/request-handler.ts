/**
 * The undici dispatch handler behind one hop of a request: it receives the response head
 * and body from undici's callbacks (the body goes to a {@link BodyBuffer}), keeps the
 * `sockRead` silence timer on the loop's clock, and can end the request in any phase. An
 * abort before the response ended destroys the socket, so no socket goes back to the pool
 * half-read, and no replacement connection is opened for the aborted request.
 */
import type { EventLoop } from "@aiots/loop";
import type { Dispatcher } from "undici";
import { ClientPayloadError } from "../errors.js";
import { SocketTimeoutError } from "../timeout-errors.js";
import type { TraceRequestEvent } from "../trace.js";
import { createPending, type Pending } from "./awaitable.js";
import { BodyBuffer, type BodyOwner } from "./body-buffer.js";
import type { Listed } from "./live-list.js";
import type { BodySource } from "./body-source.js";
import { codingOf, type Coding } from "./decoder.js";
import { mapError, type ErrorSite, type Phase } from "./map-error.js";
import { findRawHeader } from "./raw-headers.js";
import { SilenceTimer } from "./silence-timer.js";
import { bindNextSocket, type SocketTap, type TapListener } from "./socket-tap.js";
import type { ConnectionObserver, Tracer } from "./tracer.js";
import type { UploadTracker } from "./upload-tracker.js";

/**
 * Bodies with a `Content-Length` in this range are copied, as they arrive, into one buffer
 * of that length: the copy is made while the bytes are hot in the cache, the socket's read
 * buffers are freed at once, and `read()` needs no concatenation at the end. Smaller bodies
 * usually come in one chunk (handed out without a copy); larger ones are not preallocated.
 */
const PREALLOCATE_MIN = 64 * 1024;
const PREALLOCATE_MAX = 32 * 1024 * 1024;

/** What the session learns from the handler. */
export interface HandlerHooks {
  /** The request was written to a connected socket (ends the `connect` timeouts). */
  onConnected(): void;
  /** The socket is done with: the response ended or the request failed or was aborted. */
  onSocketDone(): void;
}

/** The raw headers before the head arrived. */
const NO_HEADERS: readonly Buffer[] = Object.freeze([]);

/** What a handler is made with (read when needed: the site only on an error). */
export interface HandlerOptions {
  /** The loop of the request (its futures and timers), if any. */
  readonly loop: EventLoop | undefined;
  readonly site: ErrorSite;
  readonly hooks: HandlerHooks;
  readonly method: string;
  readonly origin: string;
  readonly decompress: boolean;
  /** The longest silence between bytes, ms (0 = none). */
  readonly sockRead: number;
  /** Bytes after decoding `read()`/`text()`/`json()` may collect. */
  readonly maxBodySize: number;
  readonly tracer: Tracer | undefined;
  readonly traceEvent: TraceRequestEvent | undefined;
  /** Watches the request body, when it is streamed or someone wants upload progress. */
  readonly upload?: UploadTracker | undefined;
}

/** One hop: a legacy-style undici handler (the form undici calls without a wrapper). */
export class RequestHandler
  implements
    Dispatcher.DispatchHandler,
    ConnectionObserver,
    TapListener,
    BodyOwner,
    BodySource,
    Listed
{
  status = 0;
  statusText = "";
  rawHeaders: readonly Buffer[] = NO_HEADERS;
  phase: Phase = "connect";
  /** Settled when the response head arrives (or the request fails before it). */
  readonly head: Pending<void>;
  /** Called once the socket is done with (after the session's own hook). */
  onDone: (() => void) | undefined;
  /** Its index in the session's list of live requests (-1 once out). */
  listIndex = -1;
  readonly #options: HandlerOptions;
  readonly #silence: SilenceTimer | undefined;
  #abortUndici: ((error?: Error) => void) | undefined;
  #abortReason: Error | undefined;
  #tap: SocketTap | undefined;
  #resume: (() => void) | undefined;
  #socketDone = false;
  #body: BodyBuffer | undefined;
  #error: Error | undefined;

  constructor(options: HandlerOptions) {
    this.#options = options;
    const loop = options.loop;
    this.head = createPending<void>(loop);
    this.#silence =
      options.sockRead > 0
        ? new SilenceTimer(loop, options.sockRead, () =>
            this.abort(
              new SocketTimeoutError(
                `Timeout on reading data from socket: no byte for ${options.sockRead} ms (timeout.sockRead)`,
              ),
            ),
          )
        : undefined;
  }

  /** Whether the socket is done with (ended, failed or aborted). */
  get socketDone(): boolean {
    return this.#socketDone;
  }

  /** The body (an empty, ended one until the head arrived). */
  get body(): BodyBuffer {
    return (this.#body ??= this.#makeBody(undefined, undefined));
  }

  // --- undici callbacks -------------------------------------------------------------

  onConnect(abort: (error?: Error) => void): void {
    if (this.#abortReason !== undefined) {
      // Aborted while undici was connecting: failing here makes undici drop the request
      // (the socket stays usable), where calling `abort` would re-queue it and reconnect.
      throw this.#abortReason;
    }
    this.phase = "headers";
    this.#abortUndici = abort;
    bindNextSocket(this);
    this.#silence?.start();
    this.#options.hooks.onConnected();
  }

  onSocketBound(tap: SocketTap): void {
    this.#tap = tap;
  }

  onSocketBytes(): void {
    this.#silence?.touch();
  }

  onSocketAssigned(reused: boolean): void {
    const { tracer, traceEvent, origin } = this.#options;
    if (tracer === undefined || traceEvent === undefined) return;
    tracer.emit(reused ? "onConnectionReuse" : "onConnectionCreate", { ...traceEvent, origin });
  }

  onHeaders(
    statusCode: number,
    rawHeaders: Buffer[],
    resume: () => void,
    statusText: string,
  ): boolean {
    this.#silence?.touch();
    if (statusCode < 200) return true; // 1xx informational: wait for the final head
    this.status = statusCode;
    this.statusText = statusText;
    this.rawHeaders = rawHeaders;
    this.#resume = resume;
    this.phase = "body";
    const { method, decompress } = this.#options;
    const bodyless = method === "HEAD" || statusCode === 204 || statusCode === 304;
    let coding: Coding | undefined;
    let target: Buffer | undefined;
    if (decompress && !bodyless) {
      coding = codingOf(findRawHeader(rawHeaders, "content-encoding"));
    }
    if (coding === undefined && !bodyless) {
      const length = Number(findRawHeader(rawHeaders, "content-length") ?? Number.NaN);
      if (length >= PREALLOCATE_MIN && length <= PREALLOCATE_MAX && Number.isInteger(length)) {
        target = Buffer.allocUnsafe(length);
      }
    }
    this.#body = this.#makeBody(coding, target);
    this.head.resolve();
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#silence?.touch();
    const { tracer, traceEvent } = this.#options;
    if (tracer?.wantsChunks === true && traceEvent !== undefined) {
      tracer.emit("onResponseChunkReceived", { ...traceEvent, chunk });
    }
    return this.body.accept(chunk);
  }

  // undici 7 passes the chunk written (its .d.ts says a size: the runtime is what counts).
  onBodySent(chunk: unknown): void {
    if (typeof chunk === "string" || chunk instanceof Uint8Array)
      this.#options.upload?.onBodySent(chunk);
  }

  onRequestSent(): void {
    this.#options.upload?.onRequestSent();
  }

  onComplete(): void {
    this.#finishSocket();
    this.body.complete();
  }

  onError(error: Error): void {
    if (this.#socketDone) return;
    const { method } = this.#options;
    if (
      this.phase === "body" &&
      (this.status === 204 || this.status === 304 || method === "HEAD") &&
      (error as { code?: unknown }).code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH"
    ) {
      // RFC 9112 §6.3: a 204 or 304 (or a response to HEAD) ends at the blank line after
      // its head, whatever Content-Length says; undici counts the missing bytes as an error
      // (and closes the socket, which is fine), so the body is simply complete and empty.
      this.onComplete();
      return;
    }
    this.#finishSocket();
    const mapped = mapError(error, this.phase, this.#options.site);
    const upload = this.#options.upload;
    this.#fail(upload !== undefined && this.phase !== "body" ? upload.failure(mapped) : mapped);
  }

  // --- BodyOwner --------------------------------------------------------------------

  resumeSocket(): void {
    this.#resume?.();
  }

  readingPaused(paused: boolean): void {
    if (paused) this.#silence?.suspend();
    else this.#silence?.resume();
  }

  // --- control ----------------------------------------------------------------------

  /**
   * Ends the request with `reason`: before the response ended the socket is destroyed;
   * readers see `reason`. After it, a body still being decoded fails with `reason`.
   */
  abort(reason: Error): void {
    if (this.#socketDone) {
      if (this.#body?.decoding === true) this.#body.fail(reason);
      return;
    }
    this.#finishSocket();
    const tap = this.#tap;
    if (tap !== undefined) {
      tap.destroy(reason); // undici fails the request with `reason` once the socket closed
    } else if (this.#abortUndici !== undefined) {
      this.#abortUndici(reason); // another dispatcher's (MockAgent's) abort
    } else {
      this.#abortReason = reason; // still connecting: dropped in onConnect, if it gets there
    }
    this.#fail(reason);
  }

  #makeBody(coding: Coding | undefined, target: Buffer | undefined): BodyBuffer {
    const body = new BodyBuffer(this, { coding, target, maxBodySize: this.#options.maxBodySize });
    if (this.#error !== undefined) body.fail(this.#error);
    else if (this.#socketDone) body.complete();
    return body;
  }

  #finishSocket(): void {
    if (this.#socketDone) return;
    this.#socketDone = true;
    this.#silence?.stop();
    this.#tap?.unbind(this);
    this.#options.hooks.onSocketDone();
    this.onDone?.();
  }

  #fail(error: unknown): void {
    const failure = error instanceof Error ? error : new ClientPayloadError(String(error));
    if (this.phase !== "body") {
      this.#error ??= failure;
      this.head.reject(failure);
      return;
    }
    this.body.fail(failure);
  }
}
