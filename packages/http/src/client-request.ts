/**
 * `ClientRequest`: the request a middleware sees and may change before it is sent.
 */
import type { Hop } from "./internal/hop.js";
import type { EncodedBody } from "./internal/request-body.js";
import type { HeaderMap } from "./internal/request-headers.js";
import { urlTarget } from "./internal/url-target.js";

/**
 * One hop of a request as the middlewares see it (aiohttp 3.12's `ClientRequest` in a
 * middleware): change `method`, `url`, `headers` or `body` before calling `next(request)`.
 * The session adds `Authorization` (from `auth`) and the jar's cookies when it sends,
 * unless the headers already have them, so a middleware's `Authorization` wins.
 *
 * @example
 * ```ts
 * const signing: ClientMiddleware = async (request, next) => {
 *   request.headers.set("x-signature", sign(request.method, request.url.pathname, request.body));
 *   return next(request);
 * };
 * ```
 */
export class ClientRequest {
  /** The method, upper case. */
  method: string;
  /** The URL (query included). */
  url: URL;
  /** The headers (the session's and the request's; names compare case-insensitively). */
  readonly headers: Headers;
  /**
   * The body: bytes, a one-shot async iterable (a stream, which can be sent once), or `null`.
   * Replace it with bytes to change it (`Content-Length` follows).
   */
  body: Uint8Array | AsyncIterable<Uint8Array> | null;
  readonly #hop: Hop;

  /** @internal */
  constructor(hop: Hop) {
    this.#hop = hop;
    this.method = hop.method;
    this.url = new URL(hop.target.href);
    this.headers = new Headers();
    for (const [name, value] of hop.headers.values()) {
      if (typeof value === "string") this.headers.append(name, value);
      else for (const item of value) this.headers.append(name, item);
    }
    this.body = hop.body.body;
  }

  /** @internal The hop to send for this request as it is now. */
  _toHop(): Hop {
    const hop = this.#hop;
    const headers: HeaderMap = new Map();
    for (const [name, value] of this.headers) headers.set(name, [name, value]);
    const body: EncodedBody =
      this.body === hop.body.body
        ? hop.body
        : {
            body: this.body,
            contentType: undefined,
            replayable: this.body === null || this.body instanceof Uint8Array,
          };
    // A copy: the hop stays as it was sent if the middleware changes `url` in place later.
    return {
      method: this.method.toUpperCase(),
      target: urlTarget(new URL(this.url.href)),
      headers,
      auth: hop.auth,
      body,
    };
  }

  toString(): string {
    return `<ClientRequest(${this.method} ${this.url.href})>`;
  }
}
