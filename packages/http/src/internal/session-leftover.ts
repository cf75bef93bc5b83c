/**
 * Debug mode: a `ClientSession` registered with `@aiots/tasks`' `trackResource`, so that the
 * leftovers report of `run()` and `taskGroup()` lists a session never closed once the task
 * (or group body) that made it is done, with the line that made it (aiohttp's "Unclosed
 * client session" warning). Never made outside debug mode.
 */
import { trackResource, type TrackedResource } from "@aiots/tasks";

/** What the tracker needs of a session. */
interface Closable {
  readonly closed: boolean;
  toString(): string;
}

/** The tracked slot of one session: open until `close()`. */
class SessionLeftover implements TrackedResource {
  readonly kind = "session";
  constructor(readonly session: Closable) {}

  isOpen(): boolean {
    return !this.session.closed;
  }

  toString(): string {
    return this.session.toString();
  }
}

/** Tracks `session` (call it from its constructor, so that the stack leads to the user's `new`). */
export function trackSession(session: Closable): void {
  trackResource(new SessionLeftover(session));
}
