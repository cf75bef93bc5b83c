/**
 * Sending each hop through the middlewares of its request, the first outermost (aiohttp's
 * `build_client_middlewares`).
 */
import { ClientRequest } from "../client-request.js";
import { ClientResponse } from "../client-response.js";
import type { ClientHandler, ClientMiddleware } from "../middlewares.js";
import type { Hop } from "./hop.js";
import type { SendHop } from "./send-hop.js";
import { expected } from "@aiots/loop/internal";

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

/** `send` behind `middlewares`, the first outermost. */
export function withMiddlewares(send: SendHop, middlewares: readonly ClientMiddleware[]): SendHop {
  return (flight, hop) => {
    let sent: Hop | undefined;
    let last: ClientResponse | undefined;
    const next: ClientHandler = async (request) => {
      if (!(request instanceof ClientRequest)) {
        throw new TypeError(expected("next(request)", "the ClientRequest", request));
      }
      const nextHop = request._toHop();
      if (sent !== undefined && !nextHop.body.replayable && nextHop.body.body === sent.body.body) {
        throw new TypeError(
          "The request body is a stream that was already sent: it cannot be sent again",
        );
      }
      sent = nextHop;
      last?.release();
      last = await send(flight, nextHop);
      return last;
    };
    let handler = next;
    for (let index = middlewares.length - 1; index >= 0; index--) {
      const middleware = middlewares[index]!;
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
  };
}
