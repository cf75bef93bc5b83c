/**
 * `sockRead`: the longest silence allowed between two reads of a socket, on the loop's clock
 * (virtual clocks included). One timer per request, re-armed only when it fires: a read
 * just notes the time, so the cost per chunk is a clock read.
 */
import type { EventLoop } from "@aiots/loop";
import { now, startTimer, type Timer } from "./awaitable.js";

/** Calls `onTimeout` once `ms` pass with no {@link SilenceTimer.touch}, while running. */
export class SilenceTimer {
  readonly #loop: EventLoop | undefined;
  readonly #ms: number;
  readonly #onTimeout: () => void;
  #last = 0;
  #timer: Timer | undefined;
  #running = false;
  #suspended = false;

  constructor(loop: EventLoop | undefined, ms: number, onTimeout: () => void) {
    this.#loop = loop;
    this.#ms = ms;
    this.#onTimeout = onTimeout;
  }

  /** Starts measuring (the request is being written). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#last = now(this.#loop);
    this.#arm(this.#ms);
  }

  /** Bytes arrived. */
  touch(): void {
    if (this.#running) this.#last = now(this.#loop);
  }

  /** The reader stopped reading (backpressure): silence is then not the server's. */
  suspend(): void {
    this.#suspended = true;
  }

  /** The reader reads again: the silence restarts from now. */
  resume(): void {
    if (!this.#suspended) return;
    this.#suspended = false;
    if (!this.#running) return;
    this.#last = now(this.#loop);
    if (this.#timer === undefined) this.#arm(this.#ms);
  }

  /** The response ended or failed. */
  stop(): void {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #arm(ms: number): void {
    this.#timer = startTimer(this.#loop, ms, this.#fire);
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    if (!this.#running || this.#suspended) return;
    const silent = now(this.#loop) - this.#last;
    if (silent >= this.#ms) {
      this.#running = false;
      this.#onTimeout();
    } else {
      this.#arm(this.#ms - silent);
    }
  };
}
