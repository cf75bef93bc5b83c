/**
 * The body of one response between the socket and its reader: chunks buffered up to a
 * high-water mark (then the socket is paused), decoded (gzip, deflate, br) at the reader's
 * pace, and bounded by `maxBodySize` when the whole body is wanted at once.
 */
import { getRunningLoopOrUndefined, type Clock } from "@aiots/loop";
import { ClientPayloadError } from "../errors.js";
import { createDecoder, type Coding, type Decoder } from "./decoder.js";
import { awaitPending, createPending, type Pending } from "./awaitable.js";

const HIGH_WATER_MARK = 1024 * 1024;
const LOW_WATER_MARK = 256 * 1024;

/** What the buffer asks of the request it belongs to. */
export interface BodyOwner {
  /** The reader wants bytes again: let the socket deliver (undici's `resume`). */
  resumeSocket(): void;
  /** The reader stopped (`true`) or started again (`false`) reading. */
  readingPaused(paused: boolean): void;
  /** The body can not be delivered (bad coding, too large): end the request with `error`. */
  abort(error: Error): void;
}

/** Options of a {@link BodyBuffer}. */
export interface BodyOptions {
  readonly coding: Coding | undefined;
  /** A buffer of exactly the declared length, to copy the body into as it arrives. */
  readonly target: Buffer | undefined;
  /** Bytes (after decoding) `readRest` may collect; `Infinity` for no bound. */
  readonly maxBodySize: number;
}

/** A response body being received. */
export class BodyBuffer {
  readonly #owner: BodyOwner;
  readonly #coding: Coding | undefined;
  readonly #maxBodySize: number;
  #chunks: Buffer[] = [];
  #chunkHead = 0;
  #buffered = 0;
  #received = 0;
  #ended = false;
  #error: Error | undefined;
  #waiter: Pending<void> | undefined;
  #waiterWantsEnd = false;
  #unbounded = false;
  #paused = false;
  #decoder: Decoder | undefined;
  #decoderFull = false;
  #target: Buffer | undefined;
  #targetOffset = 0;
  // Inflating runs on libuv's thread pool, out of a virtual clock's sight: while the decoder
  // has input and the reader wants its output, the clock is held (paced by real time). All
  // three are set when decoding starts: a plain body pays for none of them.
  #clock: Clock | undefined;
  #inflating = 0;
  #releaseClock: (() => void) | undefined;
  /** The decoder's write/end callback (one function per decoded body, none per plain one). */
  #inflated: (() => void) | undefined;

  constructor(owner: BodyOwner, options: BodyOptions) {
    this.#owner = owner;
    this.#coding = options.coding;
    this.#target = options.target;
    this.#maxBodySize = options.maxBodySize;
  }

  /** Bytes buffered and not yet taken by the reader (after decoding). */
  get buffered(): number {
    return this.#buffered;
  }

  /** Whether the body was fully received (possibly not yet read). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Whether every byte has been taken by a reader. */
  get atEof(): boolean {
    return this.#ended && this.#chunkHead >= this.#chunks.length;
  }

  /** Whether the body is still being decoded (the socket may be done already). */
  get decoding(): boolean {
    return this.#decoder !== undefined && !this.#ended && this.#error === undefined;
  }

  // --- from the socket ----------------------------------------------------------------

  /** Bytes from the socket; false asks undici to pause the socket. */
  accept(raw: Buffer): boolean {
    if (this.#coding === undefined) {
      this.#push(raw);
    } else {
      const decoder = this.#decoder ?? this.#startDecoder(this.#coding, raw);
      this.#inflating++;
      this.#holdClock();
      if (!decoder.write(raw, this.#inflated) && !this.#decoderFull) {
        this.#decoderFull = true;
        decoder.once("drain", () => {
          this.#decoderFull = false;
          if (!this.#paused) this.#owner.resumeSocket();
        });
      }
    }
    return !this.#paused && !this.#decoderFull;
  }

  /** The socket delivered the whole body. */
  complete(): void {
    if (this.#decoder !== undefined) {
      this.#inflating++;
      this.#holdClock();
      this.#decoder.end(this.#inflated);
    } else this.#end();
  }

  /** The body failed with `error` (readers see it); a running decoder is stopped. */
  fail(error: Error): void {
    if (this.#error !== undefined || this.#ended) return;
    this.#error = error;
    this.#decoder?.destroy();
    this.#inflating = 0;
    this.#releaseClockHold();
    this.#wake();
  }

  #holdClock(): void {
    if (this.#releaseClock === undefined && this.#inflating > 0 && !this.#paused)
      this.#releaseClock = this.#clock?.paceWithRealTime?.();
  }

  #releaseClockHold(): void {
    this.#releaseClock?.();
    this.#releaseClock = undefined;
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
    this.#received += chunk.length;
    if (this.#unbounded) {
      if (this.#received > this.#maxBodySize) this.#tooLarge();
    } else if (!this.#paused && this.#buffered >= HIGH_WATER_MARK) {
      this.#setPaused(true);
    }
    if (!this.#waiterWantsEnd) this.#wake();
  }

  #tooLarge(): Error {
    const error = new ClientPayloadError(
      `Response payload is larger than maxBodySize (${this.#maxBodySize} bytes after decoding)`,
    );
    this.#owner.abort(error);
    this.fail(error); // if the socket was already done, the body still fails
    return error;
  }

  #setPaused(paused: boolean): void {
    this.#paused = paused;
    this.#owner.readingPaused(paused);
    if (paused) {
      this.#decoder?.pause();
      this.#releaseClockHold();
    } else {
      this.#decoder?.resume();
      this.#holdClock();
      if (!this.#decoderFull) this.#owner.resumeSocket();
    }
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

  #startDecoder(coding: Coding, first: Buffer): Decoder {
    const decoder = createDecoder(coding, first);
    this.#clock = getRunningLoopOrUndefined()?.clock;
    this.#inflated = () => {
      if (this.#inflating > 0 && --this.#inflating === 0) this.#releaseClockHold();
    };
    decoder.on("data", (chunk: Buffer) => this.#push(chunk));
    decoder.on("end", () => this.#end());
    decoder.on("error", (error: Error) => {
      this.#owner.abort(
        new ClientPayloadError(`Can not decode content-encoding: ${coding}`, {
          cause: error,
        }),
      );
    });
    this.#decoder = decoder;
    return decoder;
  }

  // --- to the reader ------------------------------------------------------------------

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
      if (this.#paused && this.#buffered < LOW_WATER_MARK) this.#setPaused(false);
      return chunk;
    }
    if (this.#error !== undefined) throw this.#error;
    return this.#ended ? null : undefined;
  }

  /**
   * Waits until a chunk, the end or an error is there; a cancelled wait ends the request
   * (its socket is not returned to the pool half-read).
   */
  async waitForData(): Promise<void> {
    if (this.#chunkHead < this.#chunks.length || this.#ended || this.#error !== undefined) return;
    const pending = createPending<void>(getRunningLoopOrUndefined());
    this.#waiter = pending;
    if (this.#paused) this.#setPaused(false);
    await awaitPending(pending, () => this.#cancelled());
  }

  /**
   * The rest of the body in one buffer, at most `maxBodySize` bytes in all; a cancelled wait
   * ends the request.
   */
  readRest(): Buffer | Promise<Buffer> {
    if (this.#received > this.#maxBodySize && this.#error === undefined) throw this.#tooLarge();
    if (this.#ended || this.#error !== undefined) return this.#collect();
    this.#unbounded = true;
    if (this.#paused) {
      this.#setPaused(false); // undici may deliver the rest, and the end, synchronously
    }
    if (this.#ended || this.#error !== undefined) return this.#collect();
    return this.#readRestSlow();
  }

  async #readRestSlow(): Promise<Buffer> {
    const pending = createPending<void>(getRunningLoopOrUndefined());
    this.#waiter = pending;
    this.#waiterWantsEnd = true;
    try {
      await awaitPending(pending, () => this.#cancelled());
    } finally {
      this.#waiterWantsEnd = false;
    }
    return this.#collect();
  }

  /** A reader's wait was cancelled: the request ends ("cancelled" is the socket's reason). */
  #cancelled(): void {
    this.#owner.abort(new ClientPayloadError("Request was cancelled"));
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
