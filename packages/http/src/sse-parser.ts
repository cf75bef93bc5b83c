/**
 * The `text/event-stream` parser: the WHATWG HTML "Server-sent events" interpretation
 * rules (§9.2.6 "Interpreting an event stream"), fed chunk by chunk.
 */

/**
 * One event of a `text/event-stream` body, with the names of the WHATWG `MessageEvent`.
 *
 * @example
 * ```ts
 * for await (const event of response.iterEvents()) {
 *   if (event.type === "token") process.stdout.write(event.data);
 * }
 * ```
 */
export interface ServerSentEvent {
  /** The `event:` field, `"message"` when the block had none. */
  readonly type: string;
  /** The `data:` lines joined with `"\n"` (no trailing newline). */
  readonly data: string;
  /** The last `id:` seen in the stream so far (it carries over to later events), or `""`. */
  readonly lastEventId: string;
}

const BOM = 0xfeff;

/**
 * A push parser for `text/event-stream` that follows the WHATWG rules exactly: lines end
 * at CRLF, LF or CR (also when a CRLF is split between two chunks); a leading BOM is
 * dropped once; lines starting with `:` are comments; a field without `:` has an empty
 * value; one space after the colon is removed; `data` lines are joined with `"\n"`;
 * `id` values containing NUL are ignored; `retry` is used only when it is all ASCII digits;
 * an empty line dispatches the event, unless no `data` line came (then the block is
 * dropped); unknown fields are ignored; a block the stream ends in the middle of is never
 * dispatched. Bytes are decoded as UTF-8 (invalid sequences become U+FFFD), whatever the
 * `Content-Type` says, as the spec requires.
 *
 * @example
 * ```ts
 * const parser = new SseParser();
 * const events = parser.push("data: hel");
 * events.length; // 0
 * parser.push("lo\n\n"); // [{ type: "message", data: "hello", lastEventId: "" }]
 * ```
 */
export class SseParser {
  readonly #decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  #buffer = "";
  #afterCr = false;
  #bomChecked = false;
  #data: string[] = [];
  #type = "";
  #lastEventId: string;
  #retry: number | undefined;

  /**
   * @param lastEventId The last event ID to start from (a reconnection carries it over).
   */
  constructor(lastEventId = "") {
    this.#lastEventId = lastEventId;
  }

  /**
   * The last event ID buffer: the value of the latest valid `id:` field.
   *
   * @example
   * ```ts
   * parser.push("id: 7\ndata: x\n\n");
   * parser.lastEventId; // "7"
   * ```
   */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /**
   * The reconnection time the stream asked for with its latest valid `retry:` field, in
   * milliseconds, or `undefined`.
   *
   * @example
   * ```ts
   * parser.push("retry: 2500\n");
   * parser.retry; // 2500
   * ```
   */
  get retry(): number | undefined {
    return this.#retry;
  }

  /**
   * Feeds the next chunk (bytes, decoded as streaming UTF-8, or text) and returns the
   * events it completed, in order.
   *
   * @example
   * ```ts
   * for (const event of parser.push(chunk)) console.log(event.data);
   * ```
   */
  push(chunk: Uint8Array | string): ServerSentEvent[] {
    let text = typeof chunk === "string" ? chunk : this.#decoder.decode(chunk, { stream: true });
    // Nothing decoded yet (a character split across chunks): keep the CR state as it is.
    if (text.length === 0) return [];
    if (!this.#bomChecked) {
      this.#bomChecked = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    const events: ServerSentEvent[] = [];
    let start = 0;
    // A CR ended the previous chunk: a LF opening this one belongs to it.
    if (this.#afterCr && text.charCodeAt(0) === 10) start = 1;
    this.#afterCr = false;
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      const line = this.#buffer + text.slice(start, i);
      this.#buffer = "";
      this.#line(line, events);
      if (code === 13) {
        if (i + 1 === text.length) this.#afterCr = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    if (start < text.length) this.#buffer += text.slice(start);
    return events;
  }

  #line(line: string, events: ServerSentEvent[]): void {
    if (line === "") {
      this.#dispatch(events);
      return;
    }
    if (line.charCodeAt(0) === 58 /* ":" */) return;
    const colon = line.indexOf(":");
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = "";
    } else {
      field = line.slice(0, colon);
      value = line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    }
    switch (field) {
      case "event":
        this.#type = value;
        break;
      case "data":
        this.#data.push(value);
        break;
      case "id":
        if (!value.includes("\0")) this.#lastEventId = value;
        break;
      case "retry":
        if (/^[0-9]+$/.test(value)) this.#retry = Number(value);
        break;
      default:
      // Unknown fields are ignored.
    }
  }

  #dispatch(events: ServerSentEvent[]): void {
    const data = this.#data;
    const type = this.#type;
    this.#data = [];
    this.#type = "";
    if (data.length === 0) return;
    events.push({
      type: type === "" ? "message" : type,
      data: data.join("\n"),
      lastEventId: this.#lastEventId,
    });
  }
}
