/**
 * The retry loop of a request whose policy allows retries: attempt, decide (connection
 * error or retryable status, `Retry-After`, the elapsed-time cap), back off on the loop's
 * clock, attempt again.
 */
import type { ClientResponse } from "../client-response.js";
import type { ResolvedTimeout } from "../client-timeout.js";
import { ClientConnectionError } from "../errors.js";
import { backoffDelay, parseRetryAfter, type ResolvedRetry } from "../retry.js";
import { hopTraceEvent } from "../trace.js";
import { now, sleep } from "./awaitable.js";
import type { Flight } from "./flight.js";
import type { HopSending as HopSender } from "./hop-sending.js";
import { followRedirects, REDIRECT_STATUSES, type Hop } from "./redirect.js";

/** One attempt: the first hop and, unless `maxRedirects` is negative, its redirects. */
async function attemptOnce(
  sender: HopSender,
  flight: Flight,
  first: Hop,
  timeout: ResolvedTimeout,
  maxRedirects: number,
): Promise<ClientResponse> {
  const response = await sender.send(flight, first, first, timeout);
  if (maxRedirects < 0 || !REDIRECT_STATUSES.has(response.status)) return response;
  return followRedirects(sender, flight, first, response, timeout, maxRedirects);
}

/** Sleeps `delay` ms before retry `attempt` + 1; the flight's deadline or close ends it. */
async function backoff(
  sender: HopSender,
  flight: Flight,
  hop: Hop,
  attempt: number,
  delay: number,
  reason: unknown,
): Promise<void> {
  sender.tracer?.emit("onRequestRetry", {
    ...hopTraceEvent(hop, hop.headers),
    attempt,
    delay,
    reason,
  });
  const wait = sleep(flight.loop, delay);
  flight.current = { abort: (error) => wait.abortWith(error) };
  try {
    await wait.promise;
  } finally {
    flight.current = undefined;
  }
  flight.check();
  sender.checkOpen();
}

/** Sends `first` (following redirects) under `policy`, retrying as it allows. */
export async function withRetries(
  sender: HopSender,
  flight: Flight,
  first: Hop,
  timeout: ResolvedTimeout,
  policy: ResolvedRetry,
  maxRedirects: number,
): Promise<ClientResponse> {
  const started = now(flight.loop);
  for (let attempt = 1; ; attempt++) {
    let response: ClientResponse;
    try {
      response = await attemptOnce(sender, flight, first, timeout, maxRedirects);
    } catch (error) {
      const retryable =
        policy.connectionErrors && error instanceof ClientConnectionError && !sender.closed;
      if (!retryable || attempt >= policy.attempts || flight.failure !== undefined) throw error;
      const delay = backoffDelay(policy, attempt);
      if (now(flight.loop) - started + delay > policy.maxElapsed) throw error;
      await backoff(sender, flight, first, attempt, delay, error);
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
    await backoff(sender, flight, first, attempt, delay, response);
  }
}
