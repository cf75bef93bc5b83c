/**
 * The redirect layer of the request pipeline: follows a chain of redirect responses up to
 * its limit (the next hop per RFC 9110 §15.4 is {@link nextHop}'s). A request without
 * retries follows them in `request()` itself (`followRedirects`), so its common path stays
 * one await; under retries each attempt does (`withRedirects`).
 */
import type { ClientResponse } from "../client-response.js";
import { TooManyRedirects } from "../errors.js";
import type { Flight } from "./flight.js";
import { nextHop, type Hop } from "./hop.js";
import type { SendHop } from "./send-hop.js";
import { hopTraceEvent, type Tracer } from "./tracer.js";

/** The statuses that redirect. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * `send`, following the redirects of its responses, at most `maxRedirects` of them: the
 * final response, its `history` set; `TooManyRedirects` past the limit.
 */
export function withRedirects(
  send: SendHop,
  maxRedirects: number,
  tracer: Tracer | undefined,
): SendHop {
  return async (flight, hop) => {
    const response = await send(flight, hop);
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    return followRedirects(send, flight, hop, response, maxRedirects, tracer);
  };
}

/**
 * Follows the redirects from `firstResponse` (to `first`), sending each next hop with
 * `send`: the final response, its `history` set; `TooManyRedirects` past `maxRedirects`.
 */
export async function followRedirects(
  send: SendHop,
  flight: Flight,
  first: Hop,
  firstResponse: ClientResponse,
  maxRedirects: number,
  tracer: Tracer | undefined,
): Promise<ClientResponse> {
  let hop = first;
  let response = firstResponse;
  const history: ClientResponse[] = [];
  for (;;) {
    if (!REDIRECT_STATUSES.has(response.status)) break;
    const location = response.headers.get("location");
    if (location === null) break;
    let next: Hop | undefined;
    try {
      if (history.length >= maxRedirects) {
        flight.finish();
        throw new TooManyRedirects(response.requestInfo, `Exceeded ${maxRedirects} redirects`, {
          status: response.status,
          headers: response.headers,
          history: [...history, response],
        });
      }
      next = nextHop(hop, response.status, location);
      if (next !== undefined) {
        tracer?.emit("onRequestRedirect", { ...hopTraceEvent(hop, hop.headers), response });
      }
    } catch (error) {
      // Whatever fails here (an unfollowable Location, the limit, a trace callback), the
      // redirect response is released: a hostile server cannot hold connector slots.
      response.release();
      throw error;
    }
    if (next === undefined) break;
    response.release();
    history.push(response);
    hop = next;
    response = await send(flight, hop);
  }
  response.history = history;
  return response;
}
