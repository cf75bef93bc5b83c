/**
 * An outside `AbortSignal` that cancels things of ours (tasks, task groups) when it
 * aborts. One listener per signal, however many tasks share it: Node's `EventTarget`
 * scans its listener list on every add and remove, so one listener per task would make
 * 100k tasks on one signal quadratic. The listener is removed when the last of them ends:
 * a long-lived signal keeps nothing of finished tasks (the leak `AbortSignal.any()` had,
 * nodejs/node#48419).
 */
import { expected } from "@aiots/loop/internal";

/** What a {@link SignalLink} cancels. */
export interface Cancellable {
  cancel(msg?: string): unknown;
}

/** The message a cancellation caused by `reason` carries: the reason's own message. */
export function abortMessage(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/** TypeError unless `signal` is an `AbortSignal` or `undefined`. */
export function assertOptionalSignal(signal: unknown): asserts signal is AbortSignal | undefined {
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(expected("signal", "an AbortSignal", signal));
  }
}

/** The one listener of a signal (an `EventListener` object) and what it cancels. */
export class SignalLink {
  readonly #targets = new Set<Cancellable>();

  constructor(readonly signal: AbortSignal) {}

  handleEvent(): void {
    links.delete(this.signal);
    const message = abortMessage(this.signal.reason);
    const targets = [...this.#targets];
    this.#targets.clear();
    for (const target of targets) target.cancel(message);
  }

  add(target: Cancellable): void {
    this.#targets.add(target);
  }

  /** Forgets `target` (it ended); the last one out removes the listener. */
  detach(target: Cancellable): void {
    if (!this.#targets.delete(target) || this.#targets.size > 0) return;
    this.signal.removeEventListener("abort", this);
    if (links.get(this.signal) === this) links.delete(this.signal);
  }
}

const links = new WeakMap<AbortSignal, SignalLink>();

/**
 * Cancels `target` when `signal` aborts (at once if it already has); returns the link to
 * `detach(target)` from when `target` ends, or `undefined` if there is nothing to detach.
 */
export function linkSignal(signal: AbortSignal, target: Cancellable): SignalLink | undefined {
  if (signal.aborted) {
    target.cancel(abortMessage(signal.reason));
    return undefined;
  }
  let link = links.get(signal);
  if (link === undefined) {
    link = new SignalLink(signal);
    links.set(signal, link);
    signal.addEventListener("abort", link, { once: true });
  }
  link.add(target);
  return link;
}
