/**
 * `response.content`: the body as a stream of chunks, read at the pace of the caller.
 */
import type { BodySource } from "./internal/body-source.js";
import { assertInteger } from "@aiots/loop/internal";

const EMPTY = Buffer.alloc(0);

/**
 * The response body as it arrives (aiohttp's `StreamReader`). Iterating it yields chunks
 * (`Uint8Array`, as the network delivered them); `iterChunked(n)` re-slices them to `n`
 * bytes; `readLine()` reads up to and including `"\n"`. Each wait is a cancellation point
 * of the current task: cancelling it destroys the connection rather than returning it
 * half-read. The socket is paused while too much is buffered and nobody reads.
 * One reader at a time.
 *
 * @example
 * ```ts
 * const response = await session.get(url);
 * let size = 0;
 * for await (const chunk of response.content) size += chunk.length;
 * ```
 */
export class StreamReader implements AsyncIterable<Uint8Array> {
  readonly #handler: BodySource;
  #leftover: Buffer = EMPTY;

  /** @internal */
  constructor(handler: BodySource) {
    this.#handler = handler;
  }

  /**
   * Whether the body was read to its end.
   *
   * @example
   * ```ts
   * while (!response.content.atEof()) await response.content.readAny();
   * ```
   */
  atEof(): boolean {
    return this.#leftover.length === 0 && this.#handler.body.atEof;
  }

  /**
   * The next chunk, whatever its size; an empty array at the end.
   *
   * @example
   * ```ts
   * const first = await response.content.readAny();
   * ```
   */
  async readAny(): Promise<Uint8Array> {
    if (this.#leftover.length > 0) {
      const chunk = this.#leftover;
      this.#leftover = EMPTY;
      return chunk;
    }
    for (;;) {
      const chunk = this.#handler.body.takeChunk();
      if (chunk === null) return EMPTY;
      if (chunk !== undefined) return chunk;
      await this.#handler.body.waitForData();
    }
  }

  /**
   * Up to `n` bytes (fewer only at the end), or, without `n`, the rest of the body.
   *
   * @example
   * ```ts
   * const magic = await response.content.read(4);
   * ```
   */
  async read(n = -1): Promise<Uint8Array> {
    if (n < 0) {
      const rest = await this.#handler.body.readRest();
      const leftover = this.#leftover;
      this.#leftover = EMPTY;
      return leftover.length === 0 ? rest : Buffer.concat([leftover, rest]);
    }
    assertInteger("n", n, 0);
    const parts: Buffer[] = [];
    let size = 0;
    while (size < n) {
      const chunk = Buffer.from(await this.readAny());
      if (chunk.length === 0) break;
      const need = n - size;
      if (chunk.length > need) {
        parts.push(chunk.subarray(0, need));
        this.#leftover = chunk.subarray(need);
        size = n;
      } else {
        parts.push(chunk);
        size += chunk.length;
      }
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /**
   * Exactly `n` bytes; throws `RangeError` if the body ends first.
   *
   * @example
   * ```ts
   * const header = await response.content.readExactly(16);
   * ```
   */
  async readExactly(n: number): Promise<Uint8Array> {
    assertInteger("n", n, 0);
    const data = await this.read(n);
    if (data.length < n) {
      throw new RangeError(`Expected ${n} bytes before the end of the body, got ${data.length}`);
    }
    return data;
  }

  /**
   * The next line, `"\n"` included (the last line may lack it); an empty array at the end.
   *
   * @example
   * ```ts
   * for (;;) {
   *   const line = await response.content.readLine();
   *   if (line.length === 0) break;
   *   console.log(new TextDecoder().decode(line));
   * }
   * ```
   */
  async readLine(): Promise<Uint8Array> {
    const parts: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.from(await this.readAny());
      if (chunk.length === 0) break;
      const newline = chunk.indexOf(10);
      if (newline !== -1) {
        parts.push(chunk.subarray(0, newline + 1));
        if (newline + 1 < chunk.length) this.#leftover = chunk.subarray(newline + 1);
        break;
      }
      parts.push(chunk);
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /**
   * Chunks of exactly `size` bytes (the last may be shorter).
   *
   * @example
   * ```ts
   * for await (const block of response.content.iterChunked(4096)) hash.update(block);
   * ```
   */
  async *iterChunked(size: number): AsyncGenerator<Uint8Array, void, undefined> {
    assertInteger("size", size, 1);
    for (;;) {
      const chunk = await this.read(size);
      if (chunk.length === 0) return;
      yield chunk;
    }
  }

  /**
   * Chunks as they arrive (the same as iterating the reader).
   *
   * @example
   * ```ts
   * for await (const chunk of response.content.iterAny()) console.log(chunk.byteLength);
   * ```
   */
  async *iterAny(): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      const chunk = await this.readAny();
      if (chunk.length === 0) return;
      yield chunk;
    }
  }

  /**
   * Lines, `"\n"` included.
   *
   * @example
   * ```ts
   * for await (const line of response.content.iterLines()) console.log(line.length);
   * ```
   */
  async *iterLines(): AsyncGenerator<Uint8Array, void, undefined> {
    for (;;) {
      const line = await this.readLine();
      if (line.length === 0) return;
      yield line;
    }
  }

  /**
   * Iterates the chunks as they arrive.
   *
   * @example
   * ```ts
   * for await (const chunk of response.content) total += chunk.length;
   * ```
   */
  [Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    return this.iterAny();
  }
}
