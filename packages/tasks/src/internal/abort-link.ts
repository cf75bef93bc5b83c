/**
 * An outside `AbortSignal` that cancels something of ours (a task, a task group) when it
 * aborts. Listener objects, not closures, and detached when the cancellable ends: a
 * long-lived signal shared by many tasks keeps no listener of a finished one (the leak
 * `AbortSignal.any()` had, nodejs/node#48419).
 */
import { describeValue } from "./validate.js";

/** What an {@link AbortLink} cancels. */
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
    throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${describeValue(signal)}`);
  }
}

/** Listens to one signal for one cancellable (an `EventListener` object). */
export class AbortLink {
  constructor(
    readonly signal: AbortSignal,
    readonly target: Cancellable,
  ) {}

  handleEvent(): void {
    this.target.cancel(abortMessage(this.signal.reason));
  }

  /** Removes the listener. */
  detach(): void {
    this.signal.removeEventListener("abort", this);
  }
}

/**
 * Cancels `target` when `signal` aborts (at once if it already has); returns the link to
 * detach when `target` ends, or `undefined` if there is nothing to detach.
 */
export function linkSignal(signal: AbortSignal, target: Cancellable): AbortLink | undefined {
  if (signal.aborted) {
    target.cancel(abortMessage(signal.reason));
    return undefined;
  }
  const link = new AbortLink(signal, target);
  signal.addEventListener("abort", link, { once: true });
  return link;
}
