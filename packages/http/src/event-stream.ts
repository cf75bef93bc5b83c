/**
 * `session.sse(url)`: a Server-Sent Events source that reconnects, as the WHATWG
 * `EventSource` does, with `Last-Event-ID` and the server's `retry:` delay.
 */
import { getRunningLoopOrUndefined } from "@aiots/loop";
import type { ClientResponse } from "./client-response.js";
import {
  ClientConnectionError,
  ClientPayloadError,
  ClientResponseError,
  ContentTypeError,
} from "./errors.js";
import { sleep } from "./internal/awaitable.js";
import { readEvents } from "./internal/read-events.js";
import type { RequestOptions } from "./options.js";
import type { ServerSentEvent } from "./sse-parser.js";

/** The reconnection time before a `retry:` field says otherwise (undici's `EventSource`'s). */
export const DEFAULT_RECONNECTION_TIME = 3000;

/**
 * Options of {@link ClientSession.sse}: the request options (the session's `timeout` is
 * merged with `total: 0`, since a stream has no natural end; `sockRead` still bounds
 * silences), plus the reconnection policy.
 *
 * @example
 * ```ts
 * session.sse("/events", { lastEventId: "41", reconnectionTime: 1000, maxReconnects: 5 });
 * ```
 */
export interface EventStreamOptions extends RequestOptions {
  /** The method. Default `"GET"`. */
  method?: string;
  /** The `Last-Event-ID` of the first connection (to resume a stream). Default none. */
  lastEventId?: string;
  /** Milliseconds before a reconnection until the server sends `retry:`. Default 3000. */
  reconnectionTime?: number;
  /** Reconnections allowed before the stream ends (or throws its last error). Default `Infinity`. */
  maxReconnects?: number;
}

/** Opens one connection of the stream, sending `lastEventId` if it is not empty. */
export type OpenEventStream = (lastEventId: string) => Promise<ClientResponse>;

/**
 * A Server-Sent Events stream that reconnects (WHATWG `EventSource` semantics, as a
 * for-await loop): when the connection closes or fails (a {@link ClientConnectionError} or
 * {@link ClientPayloadError}), it waits the reconnection time on the loop's clock (the
 * server's latest `retry:`, else `reconnectionTime`) and connects again with a
 * `Last-Event-ID` header. A status other than 200 throws {@link ClientResponseError} and
 * a `Content-Type` other than `text/event-stream` throws {@link ContentTypeError}, without
 * reconnecting (the spec's "fail the connection"). Cancelling the iterating task ends it
 * at whatever it waits for (a connection, a chunk, the delay) and releases the connection;
 * so does leaving the loop, or `close()`.
 *
 * @example
 * ```ts
 * for await (const event of session.sse("https://api.example.com/stream")) {
 *   if (event.data === "[DONE]") break;
 *   process.stdout.write(JSON.parse(event.data).token);
 * }
 * ```
 */
export class EventStream implements AsyncIterable<ServerSentEvent>, AsyncDisposable {
  /** The URL of the stream. */
  readonly url: string;
  readonly #open: OpenEventStream;
  readonly #maxReconnects: number;
  #lastEventId: string;
  #reconnectionTime: number;
  #reconnects = 0;
  #response: ClientResponse | undefined;
  #closed = false;
  #iterated = false;

  /** @internal Use {@link ClientSession.sse}. */
  constructor(
    url: string,
    open: OpenEventStream,
    options: { lastEventId: string; reconnectionTime: number; maxReconnects: number },
  ) {
    this.url = url;
    this.#open = open;
    this.#lastEventId = options.lastEventId;
    this.#reconnectionTime = options.reconnectionTime;
    this.#maxReconnects = options.maxReconnects;
  }

  /**
   * The last event ID so far (sent as `Last-Event-ID` when reconnecting).
   *
   * @example
   * ```ts
   * const resumeFrom = stream.lastEventId;
   * ```
   */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /**
   * The delay before the next reconnection, in milliseconds.
   *
   * @example
   * ```ts
   * stream.reconnectionTime; // 3000, or the server's latest `retry:`
   * ```
   */
  get reconnectionTime(): number {
    return this.#reconnectionTime;
  }

  /**
   * How many times the stream reconnected.
   *
   * @example
   * ```ts
   * stream.reconnects; // 0 while the first connection lasts
   * ```
   */
  get reconnects(): number {
    return this.#reconnects;
  }

  /**
   * Ends the stream: the connection is released and the iteration finishes at its next
   * step. Idempotent.
   *
   * @example
   * ```ts
   * const stream = session.sse(url);
   * setTimeout(() => stream.close(), 10_000);
   * for await (const event of stream) console.log(event.data);
   * ```
   */
  close(): void {
    this.#closed = true;
    this.#response?.release();
  }

  /**
   * Closes the stream (see {@link EventStream.close}).
   *
   * @example
   * ```ts
   * { await using stream = session.sse(url); }
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  /**
   * The events, across reconnections. A stream is iterated once.
   *
   * @example
   * ```ts
   * for await (const { type, data } of stream) console.log(type, data);
   * ```
   */
  [Symbol.asyncIterator](): AsyncGenerator<ServerSentEvent, void, undefined> {
    if (this.#iterated) throw new TypeError("An EventStream can be iterated only once");
    this.#iterated = true;
    return this.#run();
  }

  async *#run(): AsyncGenerator<ServerSentEvent, void, undefined> {
    const loop = getRunningLoopOrUndefined();
    for (;;) {
      let failure: ClientConnectionError | ClientPayloadError | undefined;
      try {
        const response = await this.#open(this.#lastEventId);
        this.#response = response;
        if (this.#closed) return;
        checkStream(response);
        for await (const event of readEvents(response.content, this.#lastEventId, (state) => {
          this.#lastEventId = state.lastEventId;
          if (state.retry !== undefined) this.#reconnectionTime = state.retry;
        })) {
          this.#lastEventId = event.lastEventId;
          yield event;
        }
      } catch (error) {
        if (this.#closed) return;
        if (!(error instanceof ClientConnectionError || error instanceof ClientPayloadError)) {
          throw error;
        }
        failure = error;
      } finally {
        this.#response?.release();
        this.#response = undefined;
      }
      if (this.#closed) return;
      if (this.#reconnects >= this.#maxReconnects) {
        if (failure !== undefined) throw failure;
        return;
      }
      this.#reconnects++;
      await sleep(loop, this.#reconnectionTime).promise;
    }
  }
}

function checkStream(response: ClientResponse): void {
  if (response.status !== 200) {
    response.release();
    throw new ClientResponseError(
      response.requestInfo,
      `Event stream answered ${response.status}, not 200`,
      { status: response.status, headers: response.headers, history: response.history },
    );
  }
  if (response.contentType !== "text/event-stream") {
    response.release();
    throw new ContentTypeError(
      response.requestInfo,
      `Event stream has Content-Type ${response.headers.get("content-type") ?? "(none)"}, not text/event-stream`,
      { status: response.status, headers: response.headers, history: response.history },
    );
  }
}
