/**
 * Sending each hop through the middlewares of its request, the first outermost (aiohttp's
 * `build_client_middlewares`).
 */
import { ClientRequest } from "../client-request.js";
import { ClientResponse } from "../client-response.js";
import type { ResolvedTimeout } from "../client-timeout.js";
import type { ClientHandler, ClientMiddleware } from "../middlewares.js";
import type { Tracer } from "../trace.js";
import type { Flight } from "./flight.js";
import type { HopSending } from "./hop-sending.js";
import type { Hop } from "./redirect.js";
import { expected } from "./validate.js";

/** Checks a `middlewares` option: an array of functions. */
export function checkMiddlewares(value: unknown): readonly ClientMiddleware[] {
  if (!Array.isArray(value))
    throw new TypeError(expected("middlewares", "an array of functions", value));
  for (const item of value as unknown[]) {
    if (typeof item !== "function")
      throw new TypeError(expected("middlewares[]", "a function", item));
  }
  return [...(value as ClientMiddleware[])];
}

/** A {@link HopSending} that runs `middlewares` around `inner`. */
export class MiddlewareSender implements HopSending {
  readonly #inner: HopSending;
  readonly #middlewares: readonly ClientMiddleware[];

  constructor(inner: HopSending, middlewares: readonly ClientMiddleware[]) {
    this.#inner = inner;
    this.#middlewares = middlewares;
  }

  get tracer(): Tracer | undefined {
    return this.#inner.tracer;
  }

  get closed(): boolean {
    return this.#inner.closed;
  }

  checkOpen(): void {
    this.#inner.checkOpen();
  }

  send(flight: Flight, hop: Hop, first: Hop, timeout: ResolvedTimeout): Promise<ClientResponse> {
    let sent: Hop | undefined;
    let last: ClientResponse | undefined;
    const send: ClientHandler = async (request) => {
      if (!(request instanceof ClientRequest)) {
        throw new TypeError(expected("next(request)", "the ClientRequest", request));
      }
      const next = request._toHop();
      if (sent !== undefined && !next.body.replayable && next.body.body === sent.body.body) {
        throw new TypeError(
          "The request body is a stream that was already sent: it cannot be sent again",
        );
      }
      sent = next;
      last?.release();
      last = await this.#inner.send(flight, next, first, timeout);
      return last;
    };
    let handler = send;
    for (let index = this.#middlewares.length - 1; index >= 0; index--) {
      const middleware = this.#middlewares[index]!;
      const inner = handler;
      handler = async (request) => {
        const response: unknown = await middleware(request, inner);
        if (!(response instanceof ClientResponse)) {
          throw new TypeError(
            expected(`the response of middlewares[${index}]`, "a ClientResponse", response),
          );
        }
        return response;
      };
    }
    return handler(new ClientRequest(hop));
  }
}
