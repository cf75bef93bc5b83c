/**
 * `SendHop`, the one signature of every layer of the request pipeline.
 */
import type { ClientResponse } from "../client-response.js";
import type { Flight } from "./flight.js";
import type { Hop } from "./hop.js";

/**
 * A layer of the request pipeline (undici's dispatcher composition): sends `hop` of the
 * request `flight` carries and resolves with its response once the head arrived. The
 * session's hop sender is the innermost; middlewares, redirects and retries wrap it, each
 * only when the request has it on.
 */
export type SendHop = (flight: Flight, hop: Hop) => Promise<ClientResponse>;
