/**
 * Tracing hooks in the spirit of aiohttp's `TraceConfig`: the public shapes (the hooks are
 * called by `internal/tracer.ts`).
 */
import type { ClientResponse } from "./client-response.js";

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
  /**
   * A chunk of the request body was written to the socket (aiohttp's `on_request_chunk_sent`,
   * from undici's `onBodySent`), with the bytes `sent` so far and the body's `total` length
   * when known: upload progress.
   */
  onRequestChunkSent?(
    event: TraceRequestEvent & {
      readonly chunk: Uint8Array;
      readonly sent: number;
      readonly total: number | undefined;
    },
  ): void;
  /** A chunk of the response body arrived (before decompression). */
  onResponseChunkReceived?(event: TraceRequestEvent & { readonly chunk: Uint8Array }): void;
}
