/**
 * Sending one hop over the connector: a slot (queued if the origin is at its limit), the
 * connect deadline, the dispatch to the origin's pool, and the response once its head
 * arrived. Owns the session's live requests, so closing aborts them.
 */
import { RuntimeError, type EventLoop } from "@aiots/loop";
import type { CookieJar } from "tough-cookie";
import { ClientResponse } from "../client-response.js";
import type { Connector, Slot } from "../connector.js";
import { ConnectionTimeoutError } from "../timeout-errors.js";
import { cancelledAtWakeUp, cancelMark, type Timer } from "./awaitable.js";
import { storeCookies } from "./cookies.js";
import { Deadlines } from "./deadlines.js";
import { LiveList } from "./live-list.js";
import { LazyRequestInfo, type RequestPreparer } from "./prepare-request.js";
import type { SendHop } from "./send-hop.js";
import type { Flight } from "./flight.js";
import type { Hop } from "./hop.js";
import type { TraceRequestEvent } from "../trace.js";
import type { ErrorSite } from "./map-error.js";
import { RequestHandler, type HandlerHooks, type HandlerOptions } from "./request-handler.js";
import { hopTraceEvent, withObserver, type Tracer } from "./tracer.js";
import { bodyToSend, trackUpload, type UploadTracker } from "./upload-tracker.js";

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * One hop being sent: what its handler is made with and tells the sender (its socket is
 * there, so the connect deadlines stop; or done with, so the slot goes back), and what the
 * sender needs once the head arrived. A class, not closures and option objects made per
 * request: it is the handler's options, hooks and error site at once.
 */
export class Exchange implements HandlerHooks, HandlerOptions, ErrorSite {
  slot: Slot | undefined;
  handler: RequestHandler | undefined;
  connectTimer: Timer | undefined;
  sockConnectTimer: Timer | undefined;
  upload: UploadTracker | undefined;
  readonly flight: Flight;
  readonly hop: Hop;
  /** The hop's origin (`hop.target.origin`). */
  readonly origin: string;
  readonly headers: readonly string[];
  readonly requestInfo: LazyRequestInfo;
  readonly traceEvent: TraceRequestEvent | undefined;
  readonly tracer: Tracer | undefined;
  readonly decompress: boolean;
  readonly #live: LiveList<RequestHandler>;

  constructor(
    sender: HopSender,
    flight: Flight,
    hop: Hop,
    origin: string,
    headers: readonly string[],
    traceEvent: TraceRequestEvent | undefined,
  ) {
    this.#live = sender.live;
    this.flight = flight;
    this.hop = hop;
    this.origin = origin;
    this.headers = headers;
    this.traceEvent = traceEvent;
    this.tracer = sender.tracer;
    this.decompress = sender.decompress;
    this.requestInfo = new LazyRequestInfo(
      hop.method,
      flight.first.target.href,
      hop.target.href,
      headers,
    );
  }

  /** What the caller awaits: the response head (see {@link HopSender.respond}). */
  get head(): PromiseLike<void> {
    return this.handler!.head.promise;
  }

  // --- HandlerOptions and ErrorSite: read from the flight and hop, the site only on error

  get loop(): EventLoop | undefined {
    return this.flight.loop;
  }

  get method(): string {
    return this.hop.method;
  }

  get sockRead(): number {
    return this.flight.timeout.sockRead;
  }

  get maxBodySize(): number {
    return this.flight.maxBodySize;
  }

  get hooks(): HandlerHooks {
    return this;
  }

  get site(): ErrorSite {
    return this;
  }

  get host(): string {
    return this.hop.target.url.hostname;
  }

  get port(): number {
    const url = this.hop.target.url;
    return url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  }

  // --- HandlerHooks

  stopTimers(): void {
    this.connectTimer?.cancel();
    this.connectTimer = undefined;
    this.sockConnectTimer?.cancel();
    this.sockConnectTimer = undefined;
  }

  onConnected(): void {
    this.stopTimers();
  }

  onSocketDone(): void {
    this.stopTimers();
    this.slot?.release();
    const handler = this.handler!;
    this.#live.delete(handler);
    if (this.flight.returned === handler) this.flight.finish();
  }
}

/** What a {@link HopSender} sends with. */
export interface HopSenderOptions {
  readonly connector: Connector;
  readonly preparer: RequestPreparer;
  readonly cookieJar: CookieJar | undefined;
  readonly tracer: Tracer | undefined;
  readonly decompress: boolean;
}

/** Sends the hops of one session's requests. */
export class HopSender {
  readonly connector: Connector;
  readonly tracer: Tracer | undefined;
  /** The deadlines of the session's requests (their `total`, `connect`, `sockConnect`). */
  readonly deadlines = new Deadlines();
  /** Whether responses are decoded (`autoDecompress`). */
  readonly decompress: boolean;
  readonly #preparer: RequestPreparer;
  readonly #cookieJar: CookieJar | undefined;
  /** The session's requests in flight (closing aborts them). */
  readonly live = new LiveList<RequestHandler>();
  #closed = false;

  constructor(options: HopSenderOptions) {
    this.connector = options.connector;
    this.tracer = options.tracer;
    this.#preparer = options.preparer;
    this.#cookieJar = options.cookieJar;
    this.decompress = options.decompress;
  }

  /**
   * Whether the session is closed: by its own `close()`, or its connector was (a shared one
   * closed by its owner), as aiohttp's `ClientSession.closed`.
   */
  get closed(): boolean {
    return this.#closed || this.connector.closed;
  }

  /** Throws `RuntimeError` if the session is closed. */
  checkOpen(): void {
    if (this.closed) throw new RuntimeError("Session is closed");
  }

  /** Marks the session closed and aborts every request in flight with `error`. */
  close(error: Error): void {
    this.#closed = true;
    for (const handler of this.live.takeAll()) handler.abort(error);
    this.deadlines.close();
  }

  /**
   * The innermost layer of the pipeline: sends `hop` of the flight's request and resolves
   * with its response once the head arrived, its cookies stored.
   */
  readonly send: SendHop = async (flight, hop) => {
    flight.check();
    this.checkOpen();
    const headers = this.#preparer.headersFor(hop, this.#cookieJar);
    const wire = headers instanceof Promise ? await headers : headers;
    const exchange = this.#open(flight, hop, hop.target.origin, wire);
    let mark: number;
    try {
      let slot = (exchange.slot = this.connector.tryAcquire(exchange.origin));
      this.#startConnectTimer(exchange);
      if (slot === undefined) slot = await this.#queueForSlot(exchange);
      this.#dispatch(exchange, slot);
      mark = cancelMark();
      await exchange.head;
    } catch (error) {
      throw this.failed(exchange, error);
    }
    const response = this.respond(exchange, mark);
    return response instanceof Promise ? await response : response;
  };

  /**
   * `send`'s first half when nothing needs waiting for (the headers are at hand, the
   * connector has a slot free): the hop dispatched, its head to await (`exchange.head`, the
   * task's cancel mark taken before), then {@link HopSender.respond}, or
   * {@link HopSender.failed} if the await threw. `undefined` when `send` is needed. One
   * async frame fewer than `send` for the request that awaits the head itself.
   */
  dispatchNow(flight: Flight, hop: Hop): Exchange | undefined {
    flight.check();
    this.checkOpen();
    const headers = this.#preparer.headersFor(hop, this.#cookieJar);
    if (headers instanceof Promise) return undefined;
    const origin = hop.target.origin;
    const slot = this.connector.tryAcquire(origin);
    if (slot === undefined) return undefined;
    const exchange = this.#open(flight, hop, origin, headers);
    exchange.slot = slot;
    try {
      this.#startConnectTimer(exchange);
      this.#dispatch(exchange, slot);
    } catch (error) {
      throw this.failed(exchange, error);
    }
    return exchange;
  }

  /**
   * After the head arrived: the response, its cookies stored (a promise only for a cookie
   * jar). A head that came with the task's cancellation (`mark`, {@link cancelMark} taken
   * before the wait) is given back: the response closed, `CancelledError` thrown.
   */
  respond(exchange: Exchange, mark: number): ClientResponse | Promise<ClientResponse> {
    const cancelled = cancelledAtWakeUp(mark);
    if (cancelled !== undefined) throw this.failed(exchange, cancelled);
    const hop = exchange.hop;
    const response = new ClientResponse(
      exchange.handler!,
      hop.method,
      hop.target.href,
      exchange.requestInfo,
    );
    const tracer = this.tracer;
    if (this.#cookieJar === undefined && tracer === undefined) return response;
    return this.#stored(response, exchange.traceEvent);
  }

  /** The hop failed (or its wait was cancelled) with `error`: everything it holds let go. */
  failed(exchange: Exchange, error: unknown): unknown {
    exchange.stopTimers();
    const handler = exchange.handler;
    if (handler !== undefined) {
      // The await was rejected with the head still pending (a cancellation was pending in
      // the task): cancel the future too, so no exception is left unretrieved.
      if (!handler.head.done) handler.head.cancel();
      if (!handler.socketDone) handler.abort(asError(error));
    } else {
      exchange.slot?.release();
    }
    exchange.flight.current = undefined;
    const tracer = this.tracer;
    if (tracer !== undefined) tracer.emit("onRequestException", { ...exchange.traceEvent!, error });
    return error;
  }

  #open(flight: Flight, hop: Hop, origin: string, headers: readonly string[]): Exchange {
    const tracer = this.tracer;
    const traceEvent = tracer === undefined ? undefined : hopTraceEvent(hop, headers);
    if (tracer !== undefined) tracer.emit("onRequestStart", traceEvent!);
    return new Exchange(this, flight, hop, origin, headers, traceEvent);
  }

  #startConnectTimer(exchange: Exchange): void {
    const { flight, hop } = exchange;
    const ms = flight.timeout.connect;
    if (ms <= 0) return;
    exchange.connectTimer = this.deadlines.start(flight.loop, ms, () => {
      exchange.connectTimer = undefined;
      flight.current?.abort(
        new ConnectionTimeoutError(
          `Connection timeout to ${hop.target.url.host} after ${ms} ms (timeout.connect)`,
        ),
      );
    });
  }

  /** Waits in the connector's queue for a slot of the hop's origin. */
  async #queueForSlot(exchange: Exchange): Promise<Slot> {
    const { flight, traceEvent } = exchange;
    const tracer = this.tracer;
    const queueHooks =
      tracer === undefined
        ? undefined
        : {
            onQueuedStart: () => tracer.emit("onConnectionQueuedStart", traceEvent!),
            onQueuedEnd: () => tracer.emit("onConnectionQueuedEnd", traceEvent!),
          };
    const waiter = this.connector.acquire(exchange.origin, queueHooks);
    flight.current = { abort: (error) => waiter.abortWith(error) };
    const mark = cancelMark();
    const slot = await waiter.promise;
    flight.current = undefined;
    // Handed a slot in the step the request was cancelled (or timed out, or its session
    // closed): the slot goes back at once (asyncio's rule for a wake-up that arrives with
    // the cancellation), by `failed`.
    exchange.slot = slot;
    const cancelled = cancelledAtWakeUp(mark);
    if (cancelled !== undefined) throw cancelled;
    flight.check();
    this.checkOpen();
    return slot;
  }

  /** Hands the hop to its dispatcher, holding `slot`. */
  #dispatch(exchange: Exchange, slot: Slot): void {
    exchange.slot = slot;
    const { flight, hop, origin, tracer } = exchange;
    const target = hop.target;
    const dispatcher = flight.dispatcher ?? this.connector.pool(origin);
    const upload = trackUpload(
      hop.body,
      target.href,
      tracer,
      exchange.traceEvent,
      flight.onUploadProgress,
    );
    exchange.upload = upload;
    const created = new RequestHandler(exchange);
    exchange.handler = created;
    this.live.add(created);
    flight.current = created;
    const ms = flight.timeout.sockConnect;
    if (ms > 0) {
      exchange.sockConnectTimer = this.deadlines.start(flight.loop, ms, () => {
        exchange.sockConnectTimer = undefined;
        created.abort(
          new ConnectionTimeoutError(
            `Connection timeout to ${target.url.host} after ${ms} ms (timeout.sockConnect)`,
          ),
        );
      });
    }
    const dispatchOptions = {
      origin,
      path: target.path,
      method: hop.method,
      headers: exchange.headers as string[],
      body: bodyToSend(hop.body, upload) as Buffer | null,
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    if (tracer?.wantsConnections === true)
      withObserver(created, () => dispatcher.dispatch(dispatchOptions, created));
    else dispatcher.dispatch(dispatchOptions, created);
  }

  /** The response's cookies stored and its trace event sent; released if either fails. */
  async #stored(
    response: ClientResponse,
    traceEvent: TraceRequestEvent | undefined,
  ): Promise<ClientResponse> {
    try {
      if (this.#cookieJar !== undefined) await storeCookies(this.#cookieJar, response);
      if (this.tracer !== undefined) this.tracer.emit("onRequestEnd", { ...traceEvent!, response });
    } catch (error) {
      response.release(); // no error path keeps the response (and its slot) it holds
      throw error;
    }
    return response;
  }
}
