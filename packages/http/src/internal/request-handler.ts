/**
 * The undici dispatch handler behind one hop of a request: it receives the response head
 * and body from undici's callbacks, buffers the body with backpressure (pausing the socket
 * past a high-water mark), decompresses it, and can abort the request in any phase. An
 * abort before the response ended destroys the socket (undici's `abort`), so no socket
 * goes back to the pool half-read.
 */
import type { Dispatcher } from "undici";
import zlib from "node:zlib";
import { ClientPayloadError } from "../errors.js";
import type { Tracer, TraceRequestEvent, ConnectionObserver } from "../trace.js";
import { awaitPending, createPending, currentLoop, type Pending } from "./awaitable.js";
import { mapError, type ErrorSite, type Phase } from "./map-error.js";

const HIGH_WATER_MARK = 1024 * 1024;
const LOW_WATER_MARK = 256 * 1024;
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
  /** The request was written to a connected socket (ends the `connect` timeout). */
  onConnected(): void;
  /** The socket is done with: the response ended or the request failed or was aborted. */
  onSocketDone(): void;
}

/** Finds a header in undici's raw list (names compared case-insensitively). */
export function findRawHeader(raw: readonly Buffer[], name: string): string | undefined {
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const key = raw[index]!;
    if (key.length === name.length && key.toString("latin1").toLowerCase() === name) {
      return raw[index + 1]!.toString("latin1");
    }
  }
  return undefined;
}

type Decoder = zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress;

/** One hop: a legacy-style undici handler (the form undici calls without a wrapper). */
export class RequestHandler implements Dispatcher.DispatchHandler, ConnectionObserver {
  status = 0;
  statusText = "";
  rawHeaders: Buffer[] = [];
  phase: Phase = "connect";
  readonly site: ErrorSite;
  readonly #hooks: HandlerHooks;
  /** Settled when the response head arrives (or the request fails before it). */
  readonly head: Pending<void>;
  readonly #method: string;
  readonly #decompress: boolean;
  readonly #tracer: Tracer | undefined;
  readonly #traceEvent: TraceRequestEvent | undefined;
  readonly #origin: string;
  #abortUndici: ((error?: Error) => void) | undefined;
  #abortReason: Error | undefined;
  #resume: (() => void) | undefined;
  #socketDone = false;
  #chunks: Buffer[] = [];
  #chunkHead = 0;
  #buffered = 0;
  #ended = false;
  #error: Error | undefined = undefined;
  #waiter: Pending<void> | undefined;
  #waiterWantsEnd = false;
  #unbounded = false;
  #paused = false;
  #encoding: string | undefined;
  #decoder: Decoder | undefined;
  /** The preallocated body (see PREALLOCATE_MIN), while every chunk fits in it. */
  #target: Buffer | undefined;
  #targetOffset = 0;

  constructor(options: {
    site: ErrorSite;
    hooks: HandlerHooks;
    method: string;
    origin: string;
    decompress: boolean;
    tracer: Tracer | undefined;
    traceEvent: TraceRequestEvent | undefined;
  }) {
    this.site = options.site;
    this.#hooks = options.hooks;
    this.#method = options.method;
    this.#origin = options.origin;
    this.#decompress = options.decompress;
    this.#tracer = options.tracer;
    this.#traceEvent = options.traceEvent;
    this.head = createPending<void>(currentLoop());
  }

  #cancelledError(): Error {
    return new ClientPayloadError("Request was cancelled");
  }

  /** Whether the socket is done with (ended, failed or aborted). */
  get socketDone(): boolean {
    return this.#socketDone;
  }

  // --- undici callbacks -------------------------------------------------------------

  onConnect(abort: (error?: Error) => void): void {
    this.phase = "headers";
    if (this.#abortReason !== undefined) {
      abort(this.#abortReason);
      return;
    }
    this.#abortUndici = abort;
    this.#hooks.onConnected();
  }

  onSocketAssigned(reused: boolean): void {
    const event = this.#traceEvent;
    if (this.#tracer === undefined || event === undefined) return;
    this.#tracer.emit(reused ? "onConnectionReuse" : "onConnectionCreate", {
      ...event,
      origin: this.#origin,
    });
  }

  onHeaders(
    statusCode: number,
    rawHeaders: Buffer[],
    resume: () => void,
    statusText: string,
  ): boolean {
    if (statusCode < 200) return true; // 1xx informational: wait for the final head
    this.status = statusCode;
    this.statusText = statusText;
    this.rawHeaders = rawHeaders;
    this.#resume = resume;
    this.phase = "body";
    if (this.#decompress && this.#method !== "HEAD" && statusCode !== 204 && statusCode !== 304) {
      const encoding = findRawHeader(rawHeaders, "content-encoding")?.trim().toLowerCase();
      if (
        encoding === "gzip" ||
        encoding === "x-gzip" ||
        encoding === "deflate" ||
        encoding === "br"
      ) {
        this.#encoding = encoding;
      }
    }
    if (
      this.#encoding === undefined &&
      this.#method !== "HEAD" &&
      statusCode !== 204 &&
      statusCode !== 304
    ) {
      const length = Number(findRawHeader(rawHeaders, "content-length") ?? Number.NaN);
      if (length >= PREALLOCATE_MIN && length <= PREALLOCATE_MAX && Number.isInteger(length)) {
        this.#target = Buffer.allocUnsafe(length);
      }
    }
    this.head.resolve();
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#tracer?.wantsChunks === true && this.#traceEvent !== undefined) {
      this.#tracer.emit("onResponseChunkReceived", { ...this.#traceEvent, chunk });
    }
    if (this.#encoding !== undefined) {
      (this.#decoder ?? this.#startDecoder(chunk)).write(chunk);
    } else {
      this.#push(chunk);
    }
    return !this.#paused;
  }

  onComplete(): void {
    this.#finishSocket();
    if (this.#decoder !== undefined) this.#decoder.end();
    else this.#end();
  }

  onError(error: Error): void {
    if (this.#socketDone) return;
    if (
      this.phase === "body" &&
      (this.status === 204 || this.status === 304 || this.#method === "HEAD") &&
      (error as { code?: unknown }).code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH"
    ) {
      // RFC 9112 §6.3: a 204 or 304 (or a response to HEAD) ends at the blank line after
      // its head, whatever Content-Length says; undici counts the missing bytes as an error
      // (and closes the socket, which is fine), so the body is simply complete and empty.
      this.onComplete();
      return;
    }
    this.#finishSocket();
    this.#fail(mapError(error, this.phase, this.site));
  }

  // --- control ----------------------------------------------------------------------

  /**
   * Ends the request with `reason`: before the response ended the socket is destroyed;
   * readers see `reason`.
   */
  abort(reason: Error): void {
    if (this.#socketDone) {
      if (this.#decoder !== undefined && !this.#ended && this.#error === undefined) {
        this.#decoder.destroy();
        this.#fail(reason);
      }
      return;
    }
    const abortUndici = this.#abortUndici;
    if (abortUndici !== undefined) {
      abortUndici(reason); // undici calls onError(reason) synchronously
      if (this.#socketDone) return;
    } else {
      this.#abortReason = reason; // undici aborts it in onConnect, if it ever gets there
    }
    this.#finishSocket();
    this.#fail(reason);
  }

  #finishSocket(): void {
    if (this.#socketDone) return;
    this.#socketDone = true;
    this.#hooks.onSocketDone();
  }

  #fail(error: unknown): void {
    if (this.phase !== "body") {
      this.head.reject(error);
      return;
    }
    if (this.#error !== undefined || this.#ended) return;
    this.#error = error instanceof Error ? error : new ClientPayloadError(String(error));
    this.#decoder?.destroy();
    this.#wake();
  }

  #push(received: Buffer): void {
    let chunk = received;
    const target = this.#target;
    if (target !== undefined) {
      const offset = this.#targetOffset;
      const end = offset + received.length;
      if (end <= target.length) {
        received.copy(target, offset);
        chunk = target.subarray(offset, end);
        this.#targetOffset = end;
      } else {
        this.#target = undefined; // more than Content-Length: undici fails the request
      }
    }
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (!this.#unbounded && this.#buffered >= HIGH_WATER_MARK) this.#paused = true;
    if (!this.#waiterWantsEnd) this.#wake();
  }

  #end(): void {
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve();
    }
  }

  #startDecoder(first: Buffer): Decoder {
    let decoder: Decoder;
    if (this.#encoding === "br") decoder = zlib.createBrotliDecompress();
    else if (this.#encoding === "deflate") {
      // "deflate" is zlib-wrapped per the RFC, but some servers send raw deflate.
      decoder =
        first.length > 0 && (first[0]! & 0x0f) === 0x08
          ? zlib.createInflate()
          : zlib.createInflateRaw();
    } else decoder = zlib.createGunzip();
    decoder.on("data", (chunk: Buffer) => this.#push(chunk));
    decoder.on("end", () => this.#end());
    decoder.on("error", (error: Error) => {
      const payloadError = new ClientPayloadError(
        `Can not decode content-encoding: ${this.#encoding ?? ""}`,
        {
          cause: error,
        },
      );
      if (this.#socketDone) this.#fail(payloadError);
      else this.abort(payloadError);
    });
    this.#decoder = decoder;
    return decoder;
  }

  // --- body reading -----------------------------------------------------------------

  /** Whether every byte has been taken by a reader. */
  get atEof(): boolean {
    return this.#ended && this.#chunkHead >= this.#chunks.length;
  }

  /** Whether the body was fully received (possibly not yet read). */
  get ended(): boolean {
    return this.#ended;
  }

  /** The next buffered chunk, `null` at the end, `undefined` if none yet; throws a stored error. */
  takeChunk(): Buffer | null | undefined {
    if (this.#chunkHead < this.#chunks.length) {
      const chunk = this.#chunks[this.#chunkHead]!;
      this.#chunkHead++;
      if (this.#chunkHead === this.#chunks.length) {
        this.#chunks = [];
        this.#chunkHead = 0;
      }
      this.#buffered -= chunk.length;
      if (this.#paused && this.#buffered < LOW_WATER_MARK) {
        this.#paused = false;
        this.#resume?.();
      }
      return chunk;
    }
    if (this.#error !== undefined) throw this.#error;
    return this.#ended ? null : undefined;
  }

  /** Waits until a chunk, the end or an error is there (a cancellation point). */
  async waitForData(): Promise<void> {
    if (this.#chunkHead < this.#chunks.length || this.#ended || this.#error !== undefined) return;
    const pending = createPending<void>(currentLoop());
    this.#waiter = pending;
    if (this.#paused) {
      this.#paused = false;
      this.#resume?.();
    }
    await awaitPending(pending, () => this.abort(this.#cancelledError()));
  }

  /** The rest of the body in one buffer (no backpressure: it is all wanted). */
  readRest(): Buffer | Promise<Buffer> {
    if (this.#ended || this.#error !== undefined) return this.#collect();
    this.#unbounded = true;
    if (this.#paused) {
      this.#paused = false;
      this.#resume?.(); // undici may deliver the rest, and the end, synchronously
      if (this.#ended || this.#error !== undefined) return this.#collect();
    }
    return this.#readRestSlow();
  }

  async #readRestSlow(): Promise<Buffer> {
    const pending = createPending<void>(currentLoop());
    this.#waiter = pending;
    this.#waiterWantsEnd = true;
    try {
      await awaitPending(pending, () => this.abort(this.#cancelledError()));
    } finally {
      this.#waiterWantsEnd = false;
    }
    return this.#collect();
  }

  #collect(): Buffer {
    if (this.#error !== undefined) throw this.#error;
    const chunks = this.#chunks;
    const head = this.#chunkHead;
    this.#chunks = [];
    this.#chunkHead = 0;
    this.#buffered = 0;
    if (chunks.length - head === 1) return chunks[head]!;
    const target = this.#target;
    if (target !== undefined && chunks.length > head) {
      // The chunks left are consecutive views of the preallocated body.
      return target.subarray(chunks[head]!.byteOffset - target.byteOffset, this.#targetOffset);
    }
    return Buffer.concat(head === 0 ? chunks : chunks.slice(head));
  }
}
