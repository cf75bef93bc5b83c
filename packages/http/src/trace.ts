/**
 * Tracing hooks in the spirit of aiohttp's `TraceConfig`.
 */
import { getRunningLoopOrUndefined } from "@aiots/loop";
import diagnosticsChannel from "node:diagnostics_channel";
import type { ClientResponse } from "./client-response.js";
import type { Hop } from "./internal/redirect.js";
import { flattenHeaders, headerPairs, type HeaderMap } from "./internal/request-headers.js";

/**
 * The request a trace event is about.
 *
 * @example
 * ```ts
 * const session = new ClientSession({
 *   trace: { onRequestStart: (event: TraceRequestEvent) => console.log(event.method, event.url) },
 * });
 * ```
 */
export interface TraceRequestEvent {
  readonly method: string;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/**
 * Hooks called as a request goes through the client. Each is synchronous and optional;
 * one that throws is reported to the loop's exception handler and does not disturb the
 * request. Connection events come from undici's `diagnostics_channel` events
 * (`undici:request:create`, `undici:client:sendHeaders`).
 *
 * @example
 * ```ts
 * const timings: string[] = [];
 * const session = new ClientSession({
 *   trace: {
 *     onRequestStart: (e) => timings.push(`start ${e.method} ${e.url}`),
 *     onConnectionCreate: (e) => timings.push(`new connection to ${e.origin}`),
 *     onRequestEnd: (e) => timings.push(`end ${e.response.status}`),
 *   },
 * });
 * ```
 */
export interface TraceConfig {
  /** Before anything is sent for a hop (the first request and each redirect). */
  onRequestStart?(event: TraceRequestEvent): void;
  /** A response head arrived and is handed to the caller. */
  onRequestEnd?(event: TraceRequestEvent & { readonly response: ClientResponse }): void;
  /** The request failed (before a response was handed over). */
  onRequestException?(event: TraceRequestEvent & { readonly error: unknown }): void;
  /** A redirect response is being followed. */
  onRequestRedirect?(event: TraceRequestEvent & { readonly response: ClientResponse }): void;
  /** A retry is scheduled after `delay` ms, for an error or a response. */
  onRequestRetry?(
    event: TraceRequestEvent & {
      readonly attempt: number;
      readonly delay: number;
      readonly reason: unknown;
    },
  ): void;
  /** The request starts waiting for a connection slot (the connector's limits are reached). */
  onConnectionQueuedStart?(event: TraceRequestEvent): void;
  /** The request stops waiting for a slot (it got one, or was cancelled). */
  onConnectionQueuedEnd?(event: TraceRequestEvent): void;
  /** The request is sent on a new connection. */
  onConnectionCreate?(event: TraceRequestEvent & { readonly origin: string }): void;
  /** The request is sent on a kept-alive connection. */
  onConnectionReuse?(event: TraceRequestEvent & { readonly origin: string }): void;
  /** A chunk of the response body arrived (before decompression). */
  onResponseChunkReceived?(event: TraceRequestEvent & { readonly chunk: Uint8Array }): void;
}

type HookName = keyof TraceConfig;
type EventOf<K extends HookName> = Parameters<NonNullable<TraceConfig[K]>>[0];

/** Calls the hooks of several trace configs, isolating their failures. */
export class Tracer {
  readonly #configs: readonly TraceConfig[];
  /** Whether any config wants connection events (then undici's channels are watched). */
  readonly wantsConnections: boolean;
  /** Whether any config wants body chunks. */
  readonly wantsChunks: boolean;

  constructor(configs: readonly TraceConfig[]) {
    this.#configs = configs;
    this.wantsConnections = configs.some(
      (config) => config.onConnectionCreate !== undefined || config.onConnectionReuse !== undefined,
    );
    this.wantsChunks = configs.some((config) => config.onResponseChunkReceived !== undefined);
    if (this.wantsConnections) watchConnections();
  }

  emit<K extends HookName>(name: K, event: EventOf<K>): void {
    for (const config of this.#configs) {
      const hook = config[name] as ((event: EventOf<K>) => void) | undefined;
      if (hook === undefined) continue;
      try {
        hook.call(config, event);
      } catch (error) {
        const loop = getRunningLoopOrUndefined();
        if (loop !== undefined) {
          loop.callExceptionHandler({ message: `trace hook ${name} failed`, exception: error });
        } else {
          console.error(`@aiots/http: trace hook ${name} failed`, error);
        }
      }
    }
  }
}

/** What the connection watcher needs from a request in flight. */
export interface ConnectionObserver {
  onSocketAssigned(reused: boolean): void;
}

/** The observer of the request being dispatched right now (set around `pool.dispatch`). */
let dispatching: ConnectionObserver | undefined;
const observers = new WeakMap<object, ConnectionObserver>();
const usedSockets = new WeakSet<object>();
let watching = false;

/** Runs `dispatch` with `observer` registered for the undici request it creates. */
export function withObserver<R>(observer: ConnectionObserver, dispatch: () => R): R {
  dispatching = observer;
  try {
    return dispatch();
  } finally {
    dispatching = undefined;
  }
}

function watchConnections(): void {
  if (watching) return;
  watching = true;
  diagnosticsChannel.subscribe("undici:request:create", (message) => {
    const observer = dispatching;
    if (observer === undefined) return;
    const request = (message as { request?: object }).request;
    if (request !== undefined) observers.set(request, observer);
  });
  diagnosticsChannel.subscribe("undici:client:sendHeaders", (message) => {
    const { request, socket } = message as { request?: object; socket?: object };
    if (socket === undefined) return;
    const reused = usedSockets.has(socket);
    usedSockets.add(socket);
    const observer = request === undefined ? undefined : observers.get(request);
    if (observer !== undefined) observer.onSocketAssigned(reused);
  });
}

/** The trace event describing `hop` sent with `headers` (internal: not exported by the index). */
export function hopTraceEvent(hop: Hop, headers: HeaderMap | readonly string[]): TraceRequestEvent {
  const flat = headers instanceof Map ? flattenHeaders(headers) : headers;
  return { method: hop.method, url: hop.url.href, headers: headerPairs(flat) };
}
