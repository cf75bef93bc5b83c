/**
 * Calling the session's trace hooks ({@link TraceConfig}): each failure isolated, and the
 * connection events taken from undici's `diagnostics_channel` only when a hook wants them.
 */
import { getRunningLoopOrUndefined } from "@aiots/loop";
import diagnosticsChannel from "node:diagnostics_channel";
import type { TraceConfig, TraceRequestEvent } from "../trace.js";
import type { Hop } from "./hop.js";
import { flattenHeaders, headerPairs, type HeaderMap } from "./request-headers.js";

type HookName = keyof TraceConfig;
type EventOf<K extends HookName> = Parameters<NonNullable<TraceConfig[K]>>[0];

/** Calls the hooks of several trace configs, isolating their failures. */
export class Tracer {
  readonly #configs: readonly TraceConfig[];
  /** Whether any config wants connection events (then undici's channels are watched). */
  readonly wantsConnections: boolean;
  /** Whether any config wants body chunks. */
  readonly wantsChunks: boolean;
  /** Whether any config wants upload progress. */
  readonly wantsUploads: boolean;

  constructor(configs: readonly TraceConfig[]) {
    this.#configs = configs;
    this.wantsConnections = configs.some(
      (config) => config.onConnectionCreate !== undefined || config.onConnectionReuse !== undefined,
    );
    this.wantsChunks = configs.some((config) => config.onResponseChunkReceived !== undefined);
    this.wantsUploads = configs.some((config) => config.onRequestChunkSent !== undefined);
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

/** The trace event describing `hop` sent with `headers`. */
export function hopTraceEvent(hop: Hop, headers: HeaderMap | readonly string[]): TraceRequestEvent {
  const flat = headers instanceof Map ? flattenHeaders(headers) : headers;
  return { method: hop.method, url: hop.target.href, headers: headerPairs(flat) };
}
