/**
 * A request's options resolved once, over its session's (p-queue's `options.ts`): its
 * timeouts, body limit, status check, proxy and signal, and the pipeline that sends it, built from one
 * kind of layer (`SendHop`): the session's hop sender, then middlewares, redirects and
 * retries, each added only when on. A request with no options of its own shares the plan
 * of its session, built once.
 */
import type { Dispatcher } from "undici";
import { resolveTimeout, type ResolvedTimeout } from "../client-timeout.js";
import type { Connector } from "../connector.js";
import type { ClientMiddleware } from "../middlewares.js";
import type { RaiseForStatus, RequestOptions } from "../options.js";
import { resolveRetry, type ResolvedRetry } from "../retry.js";
import type { SendHop } from "./send-hop.js";
import { checkMiddlewares, withMiddlewares } from "./middleware-sender.js";
import { withRedirects } from "./redirect.js";
import { requestProxy } from "./request-proxy.js";
import { checkSignal } from "./request-signal.js";
import { checkUploadProgress } from "./upload-tracker.js";
import type { UploadProgress } from "../upload-progress.js";
import { withRetries, type SessionGate } from "./retry-loop.js";
import type { Tracer } from "./tracer.js";
import { assertFunction, assertBoolean, assertInteger, assertSize } from "@aiots/loop/internal";

/** How one request is sent and checked. */
export interface RequestPlan {
  readonly timeout: ResolvedTimeout;
  /** Bytes (after decoding) `read()`, `text()` and `json()` may collect. */
  readonly maxBodySize: number;
  readonly raiseForStatus: RaiseForStatus;
  /** The request's own dispatcher (its `proxy`), else the connector's pools. */
  readonly dispatcher: Dispatcher | undefined;
  /** The request's own `signal`. */
  readonly signal: AbortSignal | undefined;
  /** The request's `onUploadProgress`. */
  readonly onUploadProgress: ((progress: UploadProgress) => void) | undefined;
  /** The pipeline the request's first hop goes into. */
  readonly send: SendHop;
  /**
   * The redirects `request()` follows after `send` (with `send`), at most; -1 for none:
   * redirects are off, or `send` follows them itself (under retries, in each attempt).
   */
  readonly redirects: number;
}

type Pipeline = Pick<RequestPlan, "send" | "redirects">;

/** A session's resolved defaults (validated by the session). */
export interface PlanDefaults {
  readonly timeout: ResolvedTimeout;
  readonly retry: ResolvedRetry | undefined;
  /** Redirects followed at most. */
  readonly maxRedirects: number;
  readonly raiseForStatus: RaiseForStatus;
  readonly middlewares: readonly ClientMiddleware[];
  readonly maxBodySize: number;
}

/** The session's innermost layer, and what the outer layers need to know of the session. */
export interface PlanSender extends SessionGate {
  readonly connector: Connector;
  readonly send: SendHop;
  readonly tracer: Tracer | undefined;
}

/** Checks a `raiseForStatus` option. */
export function checkRaiseForStatus(value: unknown): RaiseForStatus {
  if (typeof value !== "boolean") assertFunction("raiseForStatus", value);
  return value as RaiseForStatus;
}

/** Plans the requests of one session. */
export class RequestPlanner {
  readonly #defaults: PlanDefaults;
  readonly #sender: PlanSender;
  readonly #sessionPlan: RequestPlan;

  constructor(defaults: PlanDefaults, sender: PlanSender) {
    this.#defaults = defaults;
    this.#sender = sender;
    this.#sessionPlan = {
      timeout: defaults.timeout,
      maxBodySize: defaults.maxBodySize,
      raiseForStatus: defaults.raiseForStatus,
      dispatcher: undefined,
      signal: undefined,
      onUploadProgress: undefined,
      ...this.#pipeline(defaults.middlewares, defaults.maxRedirects, defaults.retry),
    };
  }

  /** The plan of a request with `options` (validated here; TypeError/RangeError if bad). */
  plan(options: RequestOptions | undefined): RequestPlan {
    if (options === undefined) return this.#sessionPlan;
    const defaults = this.#defaults;
    const session = this.#sessionPlan;
    const timeout =
      options.timeout === undefined
        ? defaults.timeout
        : resolveTimeout(options.timeout, defaults.timeout);
    const { maxBodySize = defaults.maxBodySize } = options;
    assertSize("maxBodySize", maxBodySize);
    const raiseForStatus =
      options.raiseForStatus === undefined
        ? defaults.raiseForStatus
        : checkRaiseForStatus(options.raiseForStatus);
    const dispatcher =
      options.proxy === undefined && options.proxyAuth === undefined
        ? undefined
        : requestProxy(this.#sender.connector, options.proxy, options.proxyAuth);
    const signal = checkSignal(options.signal);
    const onUploadProgress = checkUploadProgress(options.onUploadProgress);
    let pipeline: Pipeline = session;
    if (
      options.retry !== undefined ||
      options.maxRedirects !== undefined ||
      options.allowRedirects !== undefined ||
      options.middlewares !== undefined
    ) {
      const retry =
        options.retry === undefined ? defaults.retry : resolveRetry(options.retry, defaults.retry);
      const { maxRedirects = defaults.maxRedirects, allowRedirects = true } = options;
      assertInteger("maxRedirects", maxRedirects, 0);
      assertBoolean("allowRedirects", allowRedirects);
      const middlewares =
        options.middlewares === undefined
          ? defaults.middlewares
          : checkMiddlewares(options.middlewares);
      pipeline = this.#pipeline(middlewares, allowRedirects ? maxRedirects : -1, retry);
    }
    if (
      pipeline === session &&
      dispatcher === undefined &&
      signal === undefined &&
      onUploadProgress === undefined &&
      timeout === session.timeout &&
      maxBodySize === session.maxBodySize &&
      raiseForStatus === session.raiseForStatus
    ) {
      return session;
    }
    return {
      timeout,
      maxBodySize,
      raiseForStatus,
      dispatcher,
      signal,
      onUploadProgress,
      send: pipeline.send,
      redirects: pipeline.redirects,
    };
  }

  /**
   * The layers: middlewares around each hop, redirects (unless `maxRedirects` < 0), retries
   * around them. Without retries the redirects are left to `request()`.
   */
  #pipeline(
    middlewares: readonly ClientMiddleware[],
    maxRedirects: number,
    retry: ResolvedRetry | undefined,
  ): Pipeline {
    const sender = this.#sender;
    let send = sender.send;
    if (middlewares.length > 0) send = withMiddlewares(send, middlewares);
    if (retry === undefined) return { send, redirects: maxRedirects };
    if (maxRedirects >= 0) send = withRedirects(send, maxRedirects, sender.tracer);
    return { send: withRetries(send, retry, sender.tracer, sender), redirects: -1 };
  }
}
