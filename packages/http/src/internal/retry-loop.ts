/**
 * The retry layer of the request pipeline, added when the request's policy allows retries:
 * attempt, decide (connection error or retryable status, `Retry-After`, the elapsed-time
 * cap), back off on the loop's clock, attempt again.
 */
import type { ClientResponse } from "../client-response.js";
import { ClientConnectionError } from "../errors.js";
import { backoffDelay, parseRetryAfter, type ResolvedRetry } from "../retry.js";
import { now, sleep } from "./awaitable.js";
import type { Flight } from "./flight.js";
import type { Hop } from "./hop.js";
import type { SendHop } from "./send-hop.js";
import { hopTraceEvent, type Tracer } from "./tracer.js";

/** Whether the session is open (a closed one retries nothing). */
export interface SessionGate {
  readonly closed: boolean;
  /** Throws `RuntimeError` if the session is closed. */
  checkOpen(): void;
}

/** Sleeps `delay` ms before retry `attempt` + 1; the flight's deadline or close ends it. */
async function backoff(
  tracer: Tracer | undefined,
  session: SessionGate,
  flight: Flight,
  hop: Hop,
  attempt: number,
  delay: number,
  reason: unknown,
): Promise<void> {
  tracer?.emit("onRequestRetry", { ...hopTraceEvent(hop, hop.headers), attempt, delay, reason });
  const wait = sleep(flight.loop, delay);
  flight.current = { abort: (error) => wait.abortWith(error) };
  try {
    await wait.promise;
  } finally {
    flight.current = undefined;
  }
  flight.check();
  session.checkOpen();
}

/**
 * `send` under `policy`: retried as the policy allows, for the requests it covers (its
 * methods, with a body that can be sent again); a closed `session` ends it.
 */
export function withRetries(
  send: SendHop,
  policy: ResolvedRetry,
  tracer: Tracer | undefined,
  session: SessionGate,
): SendHop {
  return (flight, first) => {
    if (!policy.methods.has(first.method) || !first.body.replayable) return send(flight, first);
    return retry(send, policy, tracer, session, flight, first);
  };
}

async function retry(
  send: SendHop,
  policy: ResolvedRetry,
  tracer: Tracer | undefined,
  session: SessionGate,
  flight: Flight,
  first: Hop,
): Promise<ClientResponse> {
  const started = now(flight.loop);
  for (let attempt = 1; ; attempt++) {
    let response: ClientResponse;
    try {
      response = await send(flight, first);
    } catch (error) {
      const retryable = policy.connectionErrors && error instanceof ClientConnectionError;
      if (
        !retryable ||
        session.closed ||
        attempt >= policy.attempts ||
        flight.failure !== undefined
      )
        throw error;
      const delay = backoffDelay(policy, attempt);
      if (now(flight.loop) - started + delay > policy.maxElapsed) throw error;
      await backoff(tracer, session, flight, first, attempt, delay, error);
      continue;
    }
    if (attempt >= policy.attempts || !policy.statuses.has(response.status)) return response;
    let delay = backoffDelay(policy, attempt);
    if (policy.respectRetryAfter && (response.status === 429 || response.status === 503)) {
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      if (retryAfter !== undefined) {
        if (retryAfter > policy.maxRetryAfter) return response;
        delay = retryAfter;
      }
    }
    if (now(flight.loop) - started + delay > policy.maxElapsed) return response;
    response.release();
    await backoff(tracer, session, flight, first, attempt, delay, response);
  }
}
