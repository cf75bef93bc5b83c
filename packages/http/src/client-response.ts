/**
 * `ClientResponse`: the status and head of a response, and its body to read.
 */
import {
  ClientConnectionError,
  ClientResponseError,
  ContentTypeError,
  type RequestInfo,
} from "./errors.js";
import { readEvents } from "./internal/read-events.js";
import type { BodySource } from "./internal/body-source.js";
import { ResponseHeaders } from "./response-headers.js";
import type { ServerSentEvent } from "./sse-parser.js";
import { StreamReader } from "./stream-reader.js";

const NO_HISTORY: readonly ClientResponse[] = Object.freeze([]);
const JSON_TYPE = /^application\/(?:[\w.+-]+?\+)?json$/;

/**
 * Options of {@link ClientResponse.json}.
 *
 * @example
 * ```ts
 * const data = await response.json({ contentType: null }); // accept any Content-Type
 * ```
 */
export interface JsonOptions {
  /**
   * The expected content type: `"application/json"` (default, which also accepts
   * `application/*+json`), another type, or `null` to skip the check.
   */
  contentType?: string | null;
  /** The parser. Default `JSON.parse`. */
  loads?: (text: string) => unknown;
  /** The text encoding; default the response's charset, else UTF-8. */
  encoding?: string;
}

/**
 * A response: its status and headers as soon as the head arrived, its body to read once
 * with `text()`, `json()`, `read()` (cached, so they can be combined) or as a stream with
 * `content`. Read it, or `release()` it (`await using` does): a body nobody read is
 * released when the response is disposed or its session closes. Releasing before the end
 * closes the connection rather than returning it to the pool half-read, as aiohttp does.
 *
 * @example
 * ```ts
 * await using response = await session.get("https://example.com/");
 * console.log(response.status, response.headers.get("content-type"));
 * const html = await response.text();
 * ```
 */
export class ClientResponse implements AsyncDisposable {
  /** The method of the request that got this response. */
  readonly method: string;
  /** The URL this response came from (after redirects, the last one). */
  readonly url: string;
  /** The status code. */
  readonly status: number;
  /** The reason phrase, e.g. `"Not Found"`. */
  readonly statusText: string;
  /** What was asked for this response. */
  readonly requestInfo: RequestInfo;
  /** The redirect responses followed before this one, oldest first. */
  history: readonly ClientResponse[] = NO_HISTORY;
  readonly #handler: BodySource;
  #headers: ResponseHeaders | undefined;
  #content: StreamReader | undefined;
  #body: Uint8Array | undefined;
  #released = false;
  // Read (or streamed) or released by its user: debug mode's leftovers report skips it.
  #used = false;

  /** @internal */
  constructor(handler: BodySource, method: string, url: string, requestInfo: RequestInfo) {
    this.#handler = handler;
    this.method = method;
    this.url = url;
    this.status = handler.status;
    this.statusText = handler.statusText;
    this.requestInfo = requestInfo;
  }

  /**
   * Whether the status is below 400 (aiohttp's `ok`).
   *
   * @example
   * ```ts
   * if (!response.ok) console.log("failed with", response.status);
   * ```
   */
  get ok(): boolean {
    return this.status < 400;
  }

  /**
   * The reason phrase (aiohttp's name for `statusText`).
   *
   * @example
   * ```ts
   * response.reason; // "OK"
   * ```
   */
  get reason(): string {
    return this.statusText;
  }

  /**
   * The response headers, case-insensitive.
   *
   * @example
   * ```ts
   * response.headers.get("etag");
   * ```
   */
  get headers(): ResponseHeaders {
    return (this.#headers ??= new ResponseHeaders(this.#handler.rawHeaders));
  }

  /**
   * The MIME type of the body, lower case, without parameters (`"application/octet-stream"`
   * if there is no `Content-Type`).
   *
   * @example
   * ```ts
   * response.contentType; // "text/html"
   * ```
   */
  get contentType(): string {
    const header = this.headers.get("content-type");
    if (header === null) return "application/octet-stream";
    return header.split(";", 1)[0]!.trim().toLowerCase();
  }

  /**
   * The `charset` parameter of `Content-Type`, if any, lower case.
   *
   * @example
   * ```ts
   * response.charset; // "utf-8"
   * ```
   */
  get charset(): string | undefined {
    const header = this.headers.get("content-type");
    if (header === null) return undefined;
    const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header);
    return match === null ? undefined : match[1]!.toLowerCase();
  }

  /**
   * `Content-Length` as a number, if sent.
   *
   * @example
   * ```ts
   * response.contentLength; // 1024
   * ```
   */
  get contentLength(): number | undefined {
    const header = this.headers.get("content-length");
    if (header === null || !/^\d+$/.test(header.trim())) return undefined;
    return Number(header);
  }

  /**
   * The body as a stream (see {@link StreamReader}). Do not mix with `read()`/`text()`
   * before the stream is at its end.
   *
   * @example
   * ```ts
   * for await (const chunk of response.content.iterChunked(1024)) console.log(chunk.length);
   * ```
   */
  get content(): StreamReader {
    this.#used = true;
    return (this.#content ??= new StreamReader(this.#handler));
  }

  /**
   * The body parsed as a `text/event-stream` (Server-Sent Events, WHATWG parsing rules, see
   * {@link SseParser}), event by event as the chunks arrive. Each wait is a cancellation
   * point, like every read of `content`. It does not check the `Content-Type` nor
   * reconnect: {@link ClientSession.sse} does both.
   *
   * @example
   * ```ts
   * await using response = await session.post("/v1/chat", { json: { stream: true } });
   * for await (const event of response.iterEvents()) {
   *   if (event.data === "[DONE]") break;
   *   process.stdout.write(JSON.parse(event.data).token);
   * }
   * ```
   */
  iterEvents(): AsyncGenerator<ServerSentEvent, void, undefined> {
    this.#checkReadable();
    return readEvents(this.content);
  }

  /**
   * The whole body as bytes; read once and cached. A cancellation point while it waits.
   *
   * @example
   * ```ts
   * const bytes = await response.read();
   * ```
   */
  read(): Promise<Uint8Array> {
    return this.#withBody(keep);
  }

  /**
   * The body as text, in `encoding`, else the response's charset, else UTF-8.
   *
   * @example
   * ```ts
   * const html = await response.text();
   * ```
   */
  text(encoding?: string): Promise<string> {
    return this.#withBody((body) => decode(body, encoding ?? this.charset));
  }

  /**
   * The body parsed as JSON; `null` for an empty body. Throws {@link ContentTypeError} if the
   * content type is not JSON, unless `contentType` says otherwise.
   *
   * @example
   * ```ts
   * const data = (await response.json()) as { id: number };
   * const lax = await response.json({ contentType: null });
   * ```
   */
  json<T = unknown>(options: JsonOptions = {}): Promise<T> {
    return this.#withBody((body) => this.#parseJson<T>(body, options));
  }

  #parseJson<T>(body: Uint8Array, options: JsonOptions): T {
    const expectedType =
      options.contentType === undefined ? "application/json" : options.contentType;
    if (expectedType !== null) {
      const actual = this.contentType;
      const fits =
        expectedType === "application/json"
          ? JSON_TYPE.test(actual)
          : actual.includes(expectedType.toLowerCase());
      if (!fits) {
        throw new ContentTypeError(
          this.requestInfo,
          `Attempt to decode JSON with unexpected mimetype: ${this.headers.get("content-type") ?? ""}`,
          { status: this.status, headers: this.headers, history: this.history },
        );
      }
    }
    const text = decode(body, options.encoding ?? this.charset);
    if (text.trim() === "") return null as T;
    return (options.loads ?? JSON.parse)(text) as T;
  }

  /**
   * `use(body)` once the whole body is there (read once and cached), in a promise: a body
   * received already is used at once and handed over in one settled promise, without an
   * async frame and its awaits (each promise runs Node's promise hooks while an
   * AsyncLocalStorage is in use, as the loop's is). Whatever throws rejects it. A
   * cancellation point while the body arrives.
   */
  #withBody<R>(use: (body: Uint8Array) => R): Promise<R> {
    this.#used = true;
    try {
      let body: Uint8Array | Promise<Uint8Array> | undefined = this.#body;
      if (body === undefined) {
        this.#checkReadable();
        body = this.#content === undefined ? this.#handler.body.readRest() : this.#content.read();
        if (body instanceof Promise) {
          return body.then((value) => {
            this.#body = value;
            return use(value);
          });
        }
        this.#body = body;
      }
      return Promise.resolve(use(body));
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrown as thrown
      return Promise.reject(error);
    }
  }

  /**
   * Gives the connection back: a body received in full is kept (still readable); one not
   * yet received is abandoned and its connection closed, never returned half-read.
   * Idempotent; `await using` calls it.
   *
   * @example
   * ```ts
   * const response = await session.get(url);
   * if (response.status === 304) response.release();
   * ```
   */
  release(): void {
    this.#used = true;
    this._abandon();
  }

  /**
   * @internal `release()` on behalf of nobody (the task that made the request ended without
   * reading it): the response still counts as unread for debug mode's leftovers report.
   */
  _abandon(): void {
    if (this.#released) return;
    this.#released = true;
    if (!this.#handler.socketDone) {
      this.#handler.abort(
        new ClientConnectionError("Connection closed: the response was released unread"),
      );
    }
  }

  /**
   * Throws {@link ClientResponseError} (after releasing the response) if the status is
   * 400 or more.
   *
   * @example
   * ```ts
   * const response = await session.get(url);
   * response.raiseForStatus();
   * ```
   */
  raiseForStatus(): void {
    if (this.ok) return;
    this.release();
    throw new ClientResponseError(this.requestInfo, this.statusText || `HTTP ${this.status}`, {
      status: this.status,
      headers: this.headers,
      history: this.history,
    });
  }

  /**
   * Releases the response (see {@link ClientResponse.release}).
   *
   * @example
   * ```ts
   * { await using response = await session.get(url); }
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    this.release();
    return Promise.resolve();
  }

  /**
   * @internal Debug mode's leftovers report: whether the body has something to read and its
   * user neither read (nor streamed) nor released it.
   */
  _unread(): boolean {
    return !this.#used && !this.#handler.body.atEof;
  }

  /** @internal What this response reads from (the request's undici handler). */
  get _handler(): BodySource {
    return this.#handler;
  }

  #checkReadable(): void {
    if (this.#released && !this.#handler.body.ended) {
      throw new ClientConnectionError("Connection closed: the response was released");
    }
  }

  toString(): string {
    return `<ClientResponse(${this.url}) [${this.status} ${this.statusText}]>`;
  }
}

function keep(body: Uint8Array): Uint8Array {
  return body;
}

function decode(body: Uint8Array, encoding: string | undefined): string {
  if (encoding === undefined || encoding === "utf-8" || encoding === "utf8") {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  }
  return new TextDecoder(encoding).decode(body);
}
