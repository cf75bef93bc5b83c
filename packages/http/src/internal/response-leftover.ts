/**
 * Debug mode: the response a request resolves with, registered with `@aiots/tasks`'
 * `trackResource` so that the leftovers report of `run()` and `taskGroup()` lists a response
 * whose body was neither read nor released once the task that made the request is done
 * (aiohttp's "Unclosed response" `ResourceWarning`). Never made outside debug mode.
 */
import { trackResource, type TrackedResource } from "@aiots/tasks";
import type { ClientResponse } from "../client-response.js";

/** The tracked slot of one request; `response` is filled in once the request has one. */
export class ResponseLeftover implements TrackedResource {
  readonly kind = "response";
  response: ClientResponse | undefined;

  /** Open: a response whose body has something to read, neither read nor released. */
  isOpen(): boolean {
    return this.response?._unread() === true;
  }

  toString(): string {
    return this.response?.toString() ?? "<ClientResponse (none)>";
  }
}

/**
 * Tracks the response of the request being made now (call it synchronously from the
 * request, so that the recorded stack leads to the user's call), or `undefined` if the
 * running loop is not in debug mode.
 */
export function trackResponse(): ResponseLeftover | undefined {
  const leftover = new ResponseLeftover();
  return trackResource(leftover) ? leftover : undefined;
}
