/**
 * `session.sse()`: the options checked, and each connection of the stream sent as a
 * request of the session with `Accept: text/event-stream` and `Last-Event-ID`.
 */
import type { ClientResponse } from "../client-response.js";
import {
  DEFAULT_RECONNECTION_TIME,
  EventStream,
  type EventStreamOptions,
} from "../event-stream.js";
import type { RequestOptions } from "../options.js";
import { flattenHeaders, headerPairs, mergeHeaders } from "./request-headers.js";
import { expected, assertObject, assertDelay, assertInteger } from "@aiots/loop/internal";

/** Sends one request of the session. */
export type SendRequest = (
  method: string,
  url: string | URL,
  options: RequestOptions,
) => Promise<ClientResponse>;

/** An {@link EventStream} whose connections `send` makes. Nothing is sent yet. */
export function openEventStream(
  send: SendRequest,
  url: string | URL,
  options: EventStreamOptions,
): EventStream {
  assertObject("options", options);
  const {
    method = "GET",
    lastEventId = "",
    reconnectionTime = DEFAULT_RECONNECTION_TIME,
    maxReconnects = Infinity,
    ...requestOptions
  } = options;
  if (typeof lastEventId !== "string" || /[\0\r\n]/.test(lastEventId)) {
    throw new TypeError(expected("lastEventId", "a string without NUL, CR or LF", lastEventId));
  }
  assertDelay("reconnectionTime", reconnectionTime);
  if (maxReconnects !== Infinity) assertInteger("maxReconnects", maxReconnects, 0);
  const headers = mergeHeaders(
    new Map<string, [string, string]>([
      ["accept", ["Accept", "text/event-stream"]],
      ["cache-control", ["Cache-Control", "no-store"]],
    ]),
    requestOptions.headers,
  );
  const timeout = { total: 0, ...requestOptions.timeout };
  const href = String(url);
  return new EventStream(
    href,
    (id) => {
      const pairs = headerPairs(flattenHeaders(headers));
      if (id !== "") pairs.push(["Last-Event-ID", id]);
      return send(method, url, { ...requestOptions, headers: pairs, timeout });
    },
    { lastEventId, reconnectionTime, maxReconnects },
  );
}
