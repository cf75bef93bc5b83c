/**
 * What redirects and retries send their hops through: the session's {@link HopSender}, or
 * the same behind the request's middlewares.
 */
import type { ClientResponse } from "../client-response.js";
import type { ResolvedTimeout } from "../client-timeout.js";
import type { Tracer } from "../trace.js";
import type { Flight } from "./flight.js";
import type { Hop } from "./redirect.js";

/** Sends the hops of a request. */
export interface HopSending {
  readonly tracer: Tracer | undefined;
  readonly closed: boolean;
  checkOpen(): void;
  send(flight: Flight, hop: Hop, first: Hop, timeout: ResolvedTimeout): Promise<ClientResponse>;
}
