/**
 * One `request()` call in flight: its deadlines and whatever it is waiting on right now
 * (a connector slot, a response head, a backoff sleep, the body), so a deadline can end
 * that wait with the right error.
 */
import type { EventLoop } from "@aiots/loop";
import type { ResolvedTimeout } from "../client-timeout.js";
import type { Dispatcher } from "undici";
import { TotalTimeoutError } from "../timeout-errors.js";
import type { Timer } from "./awaitable.js";
import type { Deadlines } from "./deadlines.js";
import type { Hop } from "./hop.js";
import type { UploadProgress } from "../upload-progress.js";

/** Something the flight can end early. */
export interface Abortable {
  abort(error: Error): void;
}

/** One request in flight, from `request()` until its body is done (or it failed). */
export class Flight {
  readonly loop: EventLoop | undefined;
  /** The request's first hop (redirects and retries start from it). */
  readonly first: Hop;
  /** The request's timeouts (the session's, with the request's own over them). */
  readonly timeout: ResolvedTimeout;
  /** What the flight waits on now. */
  current: Abortable | undefined;
  /** A permanent failure: the total deadline passed (its timer is the only caller of `fail`). */
  failure: Error | undefined;
  /** The handler of the response handed to the caller (its body keeps the deadline running). */
  returned: object | undefined;
  /** Bytes (after decoding) `read()`, `text()` and `json()` may collect. */
  readonly maxBodySize: number;
  /** The request's own dispatcher (its `proxy`), instead of the connector's. */
  dispatcher: Dispatcher | undefined;
  /** The request's `onUploadProgress`. */
  onUploadProgress: ((progress: UploadProgress) => void) | undefined;
  /** Run once when the flight is over (detaches the request's `signal`). */
  onFinish: (() => void) | undefined;
  #timer: Timer | undefined;

  constructor(
    deadlines: Deadlines,
    loop: EventLoop | undefined,
    first: Hop,
    timeout: ResolvedTimeout,
    maxBodySize: number,
  ) {
    this.loop = loop;
    this.first = first;
    this.timeout = timeout;
    this.maxBodySize = maxBodySize;
    const total = timeout.total;
    if (total > 0) {
      this.#timer = deadlines.start(loop, total, () => {
        this.#timer = undefined;
        this.fail(new TotalTimeoutError(`Request timed out after ${total} ms (timeout.total)`));
      });
    }
  }

  /** Ends the flight for good with `error`. */
  fail(error: Error): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.current?.abort(error);
  }

  /** Throws the permanent failure, if any. */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** The flight is over (its body is done, or it failed): stop the deadline. */
  finish(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.current = undefined;
    const onFinish = this.onFinish;
    this.onFinish = undefined;
    onFinish?.();
  }
}
