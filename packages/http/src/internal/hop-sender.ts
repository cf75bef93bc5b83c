/**
 * Sending one hop over the connector: a slot (queued if the origin is at its limit), the
 * connect deadline, the dispatch to the origin's pool, and the response once its head
 * arrived. Owns the session's live requests, so closing aborts them.
 */
import { RuntimeError } from "@aiots/loop";
import type { CookieJar } from "tough-cookie";
import { ClientResponse } from "../client-response.js";
import type { Connector, Slot } from "../connector.js";
import { ConnectionTimeoutError } from "../timeout-errors.js";
import { cancelledAtWakeUp, cancelMark, type Timer } from "./awaitable.js";
import { storeCookies } from "./cookies.js";
import { Deadlines } from "./deadlines.js";
import { LazyRequestInfo, type RequestPreparer } from "./prepare-request.js";
import type { SendHop } from "./send-hop.js";
import type { Flight } from "./flight.js";
import { RequestHandler, type HandlerHooks } from "./request-handler.js";
import { hopTraceEvent, withObserver, type Tracer } from "./tracer.js";
import { bodyToSend, trackUpload } from "./upload-tracker.js";

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * What the handler of one hop tells its sender: its socket is there (the connect deadlines
 * stop), or done with (the slot goes back). A class, not closures made per request.
 */
class HopHooks implements HandlerHooks {
  slot: Slot | undefined;
  handler: RequestHandler | undefined;
  connectTimer: Timer | undefined;
  sockConnectTimer: Timer | undefined;
  readonly #live: Set<RequestHandler>;
  readonly #flight: Flight;

  constructor(live: Set<RequestHandler>, flight: Flight) {
    this.#live = live;
    this.#flight = flight;
  }

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
    if (this.#flight.returned === handler) this.#flight.finish();
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
  readonly #preparer: RequestPreparer;
  readonly #cookieJar: CookieJar | undefined;
  readonly #decompress: boolean;
  readonly #live = new Set<RequestHandler>();
  #closed = false;

  constructor(options: HopSenderOptions) {
    this.connector = options.connector;
    this.tracer = options.tracer;
    this.#preparer = options.preparer;
    this.#cookieJar = options.cookieJar;
    this.#decompress = options.decompress;
  }

  /** Whether the session is closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Throws `RuntimeError` if the session is closed. */
  checkOpen(): void {
    if (this.#closed) throw new RuntimeError("Session is closed");
  }

  /** Marks the session closed and aborts every request in flight with `error`. */
  close(error: Error): void {
    this.#closed = true;
    for (const handler of [...this.#live]) handler.abort(error);
    this.#live.clear();
    this.deadlines.close();
  }

  /**
   * The innermost layer of the pipeline: sends `hop` of the flight's request and resolves
   * with its response once the head arrived, its cookies stored.
   */
  readonly send: SendHop = async (flight, hop) => {
    const timeout = flight.timeout;
    flight.check();
    this.checkOpen();
    const headers = this.#preparer.headersFor(hop, this.#cookieJar);
    const flat = headers instanceof Promise ? await headers : headers;
    const url = hop.url;
    const origin = url.origin;
    const tracer = this.tracer;
    const traceEvent = tracer === undefined ? undefined : hopTraceEvent(hop, flat);
    if (tracer !== undefined) tracer.emit("onRequestStart", traceEvent!);
    const requestInfo = new LazyRequestInfo(hop.method, flight.first.url.href, url.href, flat);
    const hooks = new HopHooks(this.#live, flight);
    let slot = this.connector.tryAcquire(origin);
    let handler: RequestHandler | undefined;
    try {
      if (timeout.connect > 0) {
        hooks.connectTimer = this.deadlines.start(flight.loop, timeout.connect, () => {
          hooks.connectTimer = undefined;
          flight.current?.abort(
            new ConnectionTimeoutError(
              `Connection timeout to ${url.host} after ${timeout.connect} ms (timeout.connect)`,
            ),
          );
        });
      }
      if (slot === undefined) {
        const queueHooks =
          tracer === undefined
            ? undefined
            : {
                onQueuedStart: () => tracer.emit("onConnectionQueuedStart", traceEvent!),
                onQueuedEnd: () => tracer.emit("onConnectionQueuedEnd", traceEvent!),
              };
        const waiter = this.connector.acquire(origin, queueHooks);
        flight.current = { abort: (error) => waiter.abortWith(error) };
        const mark = cancelMark();
        slot = await waiter.promise;
        flight.current = undefined;
        // Handed a slot in the step the request was cancelled (or timed out, or its session
        // closed): the slot goes back at once (asyncio's rule for a wake-up that arrives
        // with the cancellation), by the catch below.
        const cancelled = cancelledAtWakeUp(mark);
        if (cancelled !== undefined) throw cancelled;
        flight.check();
        this.checkOpen();
      }
      hooks.slot = slot;
      const dispatcher = flight.dispatcher ?? this.connector.pool(origin);
      const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
      const upload = trackUpload(hop.body, url.href, tracer, traceEvent, flight.onUploadProgress);
      const created: RequestHandler = new RequestHandler({
        site: { host: url.hostname, port, requestInfo },
        method: hop.method,
        origin,
        decompress: this.#decompress,
        sockRead: timeout.sockRead,
        maxBodySize: flight.maxBodySize,
        tracer,
        traceEvent,
        upload,
        hooks,
      });
      hooks.handler = created;
      handler = created;
      this.#live.add(created);
      flight.current = created;
      if (timeout.sockConnect > 0) {
        hooks.sockConnectTimer = this.deadlines.start(flight.loop, timeout.sockConnect, () => {
          hooks.sockConnectTimer = undefined;
          created.abort(
            new ConnectionTimeoutError(
              `Connection timeout to ${url.host} after ${timeout.sockConnect} ms (timeout.sockConnect)`,
            ),
          );
        });
      }
      const dispatchOptions = {
        origin,
        path: url.pathname + url.search,
        method: hop.method,
        headers: flat as string[],
        body: bodyToSend(hop.body, upload) as Buffer | null,
        headersTimeout: 0,
        bodyTimeout: 0,
      };
      if (tracer?.wantsConnections === true)
        withObserver(created, () => dispatcher.dispatch(dispatchOptions, created));
      else dispatcher.dispatch(dispatchOptions, created);
      const mark = cancelMark();
      await created.head.promise;
      const cancelled = cancelledAtWakeUp(mark);
      if (cancelled !== undefined) throw cancelled; // the head came with the cancellation
    } catch (error) {
      hooks.stopTimers();
      if (handler !== undefined) {
        // The await was rejected with the head still pending (a cancellation was pending in
        // the task): cancel the future too, so no exception is left unretrieved.
        if (!handler.head.done) handler.head.cancel();
        if (!handler.socketDone) handler.abort(asError(error));
      } else {
        slot?.release();
      }
      flight.current = undefined;
      if (tracer !== undefined) tracer.emit("onRequestException", { ...traceEvent!, error });
      throw error;
    }
    const response = new ClientResponse(handler, hop.method, url.href, requestInfo);
    try {
      if (this.#cookieJar !== undefined) await storeCookies(this.#cookieJar, response);
      if (tracer !== undefined) tracer.emit("onRequestEnd", { ...traceEvent!, response });
    } catch (error) {
      response.release(); // no error path keeps the response (and its slot) it holds
      throw error;
    }
    return response;
  };
}
