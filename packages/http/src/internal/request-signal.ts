/**
 * A request's own `signal`: aborting it ends the request in whatever phase it is in (queued
 * for a slot, connecting, waiting for the head, reading the body) the way a deadline does,
 * and the listener goes when the request is over, so a long-lived signal shared by many
 * requests keeps none.
 */
import type { Flight } from "./flight.js";
import { expected } from "@aiots/loop/internal";

/** Checks a `signal` option. */
export function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (
    typeof signal !== "object" ||
    signal === null ||
    typeof (signal as Partial<AbortSignal>).aborted !== "boolean" ||
    typeof (signal as Partial<AbortSignal>).addEventListener !== "function"
  ) {
    throw new TypeError(expected("signal", "an AbortSignal", signal));
  }
  return signal as AbortSignal;
}

/**
 * What the request rejects with: the signal's reason, as `fetch` (and tasks' `map` and
 * `taskGroup`) do; a reason that is no `Error` is carried as the `cause` of an `AbortError`.
 */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new DOMException(String(reason), "AbortError");
  Object.defineProperty(error, "cause", { value: reason, configurable: true, writable: true });
  return error;
}

/**
 * The flights listening to each signal: one listener per signal however many requests share
 * it (Node's `EventTarget` scans its list on every add and remove, and warns past 10), as
 * tasks' `signal` options do.
 */
const flightsOf = new WeakMap<AbortSignal, Set<Flight>>();

function onAbort(this: AbortSignal): void {
  const flights = flightsOf.get(this);
  if (flights === undefined) return;
  flightsOf.delete(this);
  const reason = abortReason(this);
  for (const flight of flights) {
    flight.onFinish = undefined;
    flight.fail(reason);
  }
}

/** Ends `flight` when `signal` aborts (at once if it already has), until the flight is over. */
export function bindSignal(flight: Flight, signal: AbortSignal): void {
  if (signal.aborted) {
    flight.fail(abortReason(signal));
    return;
  }
  let flights = flightsOf.get(signal);
  if (flights === undefined) {
    flights = new Set();
    flightsOf.set(signal, flights);
    signal.addEventListener("abort", onAbort, { once: true });
  }
  flights.add(flight);
  const registered = flights;
  flight.onFinish = () => {
    registered.delete(flight);
    if (registered.size === 0 && flightsOf.get(signal) === registered) {
      flightsOf.delete(signal);
      signal.removeEventListener("abort", onAbort);
    }
  };
}
