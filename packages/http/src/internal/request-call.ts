/**
 * One `request()` call of a session, from its plan and first hop to the response handed to
 * the caller: the flight and its deadlines, the hop sent through the pipeline, the redirects
 * followed, the response tied to its task and checked by `raiseForStatus`.
 *
 * The common request (a slot free, no middlewares or retries, no cookie jar or tracer, no
 * redirect in its answer, no `raiseForStatus` callback) runs without an async frame: the
 * caller's promise is settled from the wake-up of the response head itself, in the task's
 * step, where an `async` function would add its own promise, the await's, and a hop
 * through the microtask queue (each promise runs Node's promise hooks while the loop's
 * AsyncLocalStorage is in use, as it is on Node 20). Everything else takes the async path,
 * with the same checks in the same order.
 */
import { getRunningLoopOrUndefined, type EventLoop } from "@aiots/loop";
import type { ClientResponse } from "../client-response.js";
import type { RaiseForStatus, RequestOptions } from "../options.js";
import { cancelMark } from "./awaitable.js";
import { Flight } from "./flight.js";
import type { Exchange, HopSender } from "./hop-sender.js";
import type { Hop } from "./hop.js";
import type { RequestPreparer } from "./prepare-request.js";
import { followRedirects, REDIRECT_STATUSES } from "./redirect.js";
import type { RequestPlan, RequestPlanner } from "./request-plan.js";
import { bindSignal } from "./request-signal.js";
import { trackResponse, type ResponseLeftover } from "./response-leftover.js";
import { ownByCurrentTask } from "./task-responses.js";

/** What a request call needs of its session. */
export interface RequestCallParts {
  readonly sender: HopSender;
  readonly preparer: RequestPreparer;
  readonly planner: RequestPlanner;
}

/** Makes the request calls of one session (see the module comment). */
export class RequestCaller {
  readonly #sender: HopSender;
  readonly #preparer: RequestPreparer;
  readonly #planner: RequestPlanner;

  constructor(parts: RequestCallParts) {
    this.#sender = parts.sender;
    this.#preparer = parts.preparer;
    this.#planner = parts.planner;
  }

  /**
   * Sends `method` to `url` with `options` (checked here: bad input rejects the promise
   * before anything is sent) and resolves with the response once its head arrived.
   */
  call(
    method: string,
    url: string | URL,
    options: RequestOptions | undefined,
  ): Promise<ClientResponse> {
    try {
      const plan = this.#planner.plan(options);
      const hop = this.#preparer.prepare(method, url, options);
      const loop = getRunningLoopOrUndefined();
      // Debug mode: the response goes in the leftovers report if nobody reads it. Tracked
      // here, synchronously, so that its recorded stack leads to the user's call.
      const leftover = loop?.getDebug() === true ? trackResponse() : undefined;
      if (hop instanceof Promise) return this.#sendPrepared(hop, plan, loop, leftover);
      return this.#send(hop, plan, loop, leftover);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rethrown as thrown
      return Promise.reject(error);
    }
  }

  /** A hop whose body is still being serialised: sent once it is. */
  async #sendPrepared(
    hop: Promise<Hop>,
    plan: RequestPlan,
    loop: EventLoop | undefined,
    leftover: ResponseLeftover | undefined,
  ): Promise<ClientResponse> {
    return this.#send(await hop, plan, loop, leftover);
  }

  #send(
    first: Hop,
    plan: RequestPlan,
    loop: EventLoop | undefined,
    leftover: ResponseLeftover | undefined,
  ): Promise<ClientResponse> {
    const sender = this.#sender;
    const flight = new Flight(sender.deadlines, loop, first, plan.timeout, plan.maxBodySize);
    flight.dispatcher = plan.dispatcher;
    flight.onUploadProgress = plan.onUploadProgress;
    if (plan.signal !== undefined) bindSignal(flight, plan.signal);
    let exchange: Exchange | undefined;
    try {
      exchange = plan.send === sender.send ? sender.dispatchNow(flight, first) : undefined;
    } catch (error) {
      flight.finish();
      throw error;
    }
    if (exchange === undefined) return this.#sendThrough(flight, first, plan, leftover);
    const sent = exchange;
    // The task's cancel mark, taken before the wait (see cancelledAtWakeUp).
    const mark = cancelMark();
    /* eslint-disable @typescript-eslint/prefer-promise-reject-errors -- rejected with what was thrown, as the await was */
    return new Promise<ClientResponse>((resolve, reject) => {
      // Called in the task's step as `await` would (the task awaits the head's Future, so
      // cancelling the task cancels the wait); the handlers run in that task's step too.
      sent.head.then(
        () => {
          let responded: ClientResponse | Promise<ClientResponse>;
          try {
            responded = sender.respond(sent, mark);
          } catch (error) {
            flight.finish();
            reject(error);
            return;
          }
          try {
            resolve(this.#responded(responded, flight, first, plan, leftover));
          } catch (error) {
            reject(error); // raiseForStatus: the response released, its flight with it
          }
        },
        (error: unknown) => {
          flight.finish();
          reject(sender.failed(sent, error));
        },
      );
    });
    /* eslint-enable @typescript-eslint/prefer-promise-reject-errors */
  }

  /** The pipeline's way: a queue for the slot, middlewares, retries. */
  #sendThrough(
    flight: Flight,
    first: Hop,
    plan: RequestPlan,
    leftover: ResponseLeftover | undefined,
  ): Promise<ClientResponse> {
    let sent: Promise<ClientResponse>;
    try {
      sent = plan.send(flight, first);
    } catch (error) {
      flight.finish();
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejected with what was thrown, as the await was
      return Promise.reject(error);
    }
    return this.#respondedLater(sent, flight, first, plan, leftover);
  }

  /**
   * The first hop's response (a promise while its cookies are stored): handed over at once
   * unless there is a redirect to follow or a store to wait for.
   */
  #responded(
    responded: ClientResponse | Promise<ClientResponse>,
    flight: Flight,
    first: Hop,
    plan: RequestPlan,
    leftover: ResponseLeftover | undefined,
  ): ClientResponse | Promise<ClientResponse> {
    if (
      responded instanceof Promise ||
      (plan.redirects >= 0 && REDIRECT_STATUSES.has(responded.status))
    ) {
      return this.#respondedLater(responded, flight, first, plan, leftover);
    }
    return handOver(responded, flight, plan, leftover);
  }

  async #respondedLater(
    responded: ClientResponse | Promise<ClientResponse>,
    flight: Flight,
    first: Hop,
    plan: RequestPlan,
    leftover: ResponseLeftover | undefined,
  ): Promise<ClientResponse> {
    let response: ClientResponse;
    try {
      response = await responded;
      if (plan.redirects >= 0 && REDIRECT_STATUSES.has(response.status)) {
        response = await this.#follow(flight, first, plan, response);
      }
    } catch (error) {
      flight.finish();
      throw error;
    }
    return handOver(response, flight, plan, leftover);
  }

  #follow(
    flight: Flight,
    first: Hop,
    plan: RequestPlan,
    response: ClientResponse,
  ): Promise<ClientResponse> {
    return followRedirects(plan.send, flight, first, response, plan.redirects, this.#sender.tracer);
  }
}

/**
 * The response handed to the caller: the total deadline keeps running while its body
 * arrives (and stops when it has), a body still arriving belongs to the current task, and
 * `raiseForStatus` checks it (a promise only for a `raiseForStatus` callback).
 */
function handOver(
  response: ClientResponse,
  flight: Flight,
  plan: RequestPlan,
  leftover: ResponseLeftover | undefined,
): ClientResponse | Promise<ClientResponse> {
  if (leftover !== undefined) leftover.response = response;
  flight.returned = response._handler;
  if (response._handler.socketDone) flight.finish();
  else ownByCurrentTask(response);
  const raise = plan.raiseForStatus;
  if (raise === true) response.raiseForStatus();
  else if (raise !== false) return raiseWith(raise, response);
  return response;
}

/** `raise(response)` awaited; the response released if it throws. */
async function raiseWith(
  raise: Exclude<RaiseForStatus, boolean>,
  response: ClientResponse,
): Promise<ClientResponse> {
  try {
    await raise(response);
  } catch (error) {
    response.release();
    throw error;
  }
  return response;
}
