/**
 * One hop's request body on its way out, watched through undici's `onBodySent` (each chunk
 * as it is written to the socket) and `onRequestSent` (the body is written whole): upload
 * progress for the trace hook and the request's callback, and the typed error of a body that
 * failed midway.
 */
import { getRunningLoopOrUndefined } from "@aiots/loop";
import { ClientRequestBodyError } from "../request-body-errors.js";
import type { TraceRequestEvent } from "../trace.js";
import type { Tracer } from "./tracer.js";
import type { EncodedBody } from "./request-body.js";
import { expected } from "@aiots/loop/internal";
import type { UploadProgress } from "../upload-progress.js";

/** A body chunk as undici reports it (a string only for string bodies, which we never send). */
type SentChunk = Uint8Array | string;

/** Watches one hop's body. */
export class UploadTracker {
  readonly #url: string;
  readonly #total: number | undefined;
  readonly #tracer: Tracer | undefined;
  readonly #traceEvent: TraceRequestEvent | undefined;
  readonly #onProgress: ((progress: UploadProgress) => void) | undefined;
  #sent = 0;
  #sending = false;
  #done = false;

  constructor(
    url: string,
    total: number | undefined,
    tracer: Tracer | undefined,
    traceEvent: TraceRequestEvent | undefined,
    onProgress: ((progress: UploadProgress) => void) | undefined,
  ) {
    this.#url = url;
    this.#total = total;
    this.#tracer = tracer;
    this.#traceEvent = traceEvent;
    this.#onProgress = onProgress;
  }

  /** Bytes sent so far. */
  get sent(): number {
    return this.#sent;
  }

  /** `source`, its failures turned into {@link ClientRequestBodyError}. */
  guard(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    return { [Symbol.asyncIterator]: () => this.#guarded(source) };
  }

  async *#guarded(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    this.#sending = true;
    try {
      yield* source;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ClientRequestBodyError(`Request body source failed midway: ${message}`, {
        bytesSent: this.#sent,
        cause: error,
      });
    }
  }

  onBodySent(chunk: SentChunk): void {
    this.#sending = true;
    this.#sent += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
    const progress: UploadProgress = { sent: this.#sent, total: this.#total };
    const tracer = this.#tracer;
    if (tracer !== undefined && this.#traceEvent !== undefined) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      tracer.emit("onRequestChunkSent", { ...this.#traceEvent, chunk: bytes, ...progress });
    }
    const onProgress = this.#onProgress;
    if (onProgress === undefined) return;
    try {
      onProgress(progress);
    } catch (error) {
      // As a trace hook's: reported, and the upload goes on.
      const loop = getRunningLoopOrUndefined();
      if (loop !== undefined)
        loop.callExceptionHandler({ message: "onUploadProgress failed", exception: error });
      else console.error("@aiots/http: onUploadProgress failed", error);
    }
  }

  onRequestSent(): void {
    this.#done = true;
  }

  /**
   * The error to report for `error`, raised before the response head: a connection failure
   * while the body was part-way out becomes a {@link ClientRequestBodyError} (aiohttp: "Can
   * not write request body"), never retried; other errors are kept.
   */
  failure(error: unknown): unknown {
    if (!this.#sending || this.#done || error instanceof ClientRequestBodyError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new ClientRequestBodyError(
      `Can not write request body for ${this.#url}: ${message} (after ${this.#sent} bytes)`,
      { bytesSent: this.#sent, cause: error },
    );
  }
}

/**
 * A tracker for a hop's `body` if it needs one: a streamed body (for its typed failure), or
 * any body when a trace hook or `onUploadProgress` wants progress; else `undefined`, and the
 * hop costs nothing more.
 */
export function trackUpload(
  body: EncodedBody,
  url: string,
  tracer: Tracer | undefined,
  traceEvent: TraceRequestEvent | undefined,
  onProgress: ((progress: UploadProgress) => void) | undefined,
): UploadTracker | undefined {
  const bytes = body.body;
  if (bytes === null) return undefined;
  const wanted = onProgress !== undefined || tracer?.wantsUploads === true;
  if (bytes instanceof Uint8Array) {
    if (!wanted) return undefined;
    return new UploadTracker(
      url,
      bytes.byteLength,
      wanted ? tracer : undefined,
      traceEvent,
      onProgress,
    );
  }
  return new UploadTracker(url, body.length, wanted ? tracer : undefined, traceEvent, onProgress);
}

/** What undici is given to send: the bytes, or the stream guarded by `tracker`. */
export function bodyToSend(
  body: EncodedBody,
  tracker: UploadTracker | undefined,
): Uint8Array | AsyncIterable<Uint8Array> | null {
  const bytes = body.body;
  if (tracker === undefined || bytes === null || bytes instanceof Uint8Array) return bytes;
  return tracker.guard(bytes);
}

/** Checks an `onUploadProgress` option. */
export function checkUploadProgress(
  callback: unknown,
): ((progress: UploadProgress) => void) | undefined {
  if (callback === undefined || typeof callback === "function")
    return callback as ((progress: UploadProgress) => void) | undefined;
  throw new TypeError(expected("onUploadProgress", "a function", callback));
}
