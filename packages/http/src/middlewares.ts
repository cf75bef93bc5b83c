/**
 * Client middlewares (aiohttp 3.12 `client_middlewares.py`): functions around the sending
 * of each hop of a request.
 */
import type { ClientRequest } from "./client-request.js";
import type { ClientResponse } from "./client-response.js";

/**
 * Sends a request and resolves with its response: the next middleware, or the session
 * itself after the last one (aiohttp's `ClientHandlerType`).
 *
 * @example
 * ```ts
 * const passThrough: ClientMiddleware = (request, next: ClientHandler) => next(request);
 * ```
 */
export type ClientHandler = (request: ClientRequest) => Promise<ClientResponse>;

/**
 * A client middleware (aiohttp's `ClientMiddlewareType`): it gets the request of each hop
 * (the first one, each redirect, each retry attempt) and `next`; it may change the request,
 * call `next` (again, to retry), read the response, or answer without calling `next`.
 * Middlewares run in list order, the first outermost. They run in the task of the request,
 * so their waits are cancellation points of it and `timeout.total` covers them. Calling
 * `next` again releases the response it returned before; a stream body can be sent once
 * (a second `next` throws `TypeError`).
 *
 * @example
 * ```ts
 * const refreshToken: ClientMiddleware = async (request, next) => {
 *   request.headers.set("authorization", `Bearer ${token}`);
 *   const response = await next(request);
 *   if (response.status !== 401) return response;
 *   token = await fetchNewToken();
 *   request.headers.set("authorization", `Bearer ${token}`);
 *   return next(request);
 * };
 * const session = new ClientSession({ middlewares: [refreshToken] });
 * ```
 */
export type ClientMiddleware = (
  request: ClientRequest,
  next: ClientHandler,
) => Promise<ClientResponse>;
