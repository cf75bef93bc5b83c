/**
 * aiohttp's WebSocket heartbeat: a ping after `interval` ms without data from the server,
 * and the connection failed if no pong follows within half of it. Received data only moves
 * a timestamp; the timer re-arms itself when it fires early, so a busy connection costs no
 * timer churn (as aiohttp's `_send_heartbeat` does).
 */
import type { EventLoop } from "@aiots/loop";
import { now, startTimer, type Timer } from "./awaitable.js";

/** The heartbeat of one connection; `interval` 0 disables it. */
export class WSHeartbeat {
  readonly #loop: EventLoop | undefined;
  readonly #interval: number;
  readonly #ping: () => void;
  readonly #fail: (pongWait: number) => void;
  #lastData = 0;
  #timer: Timer | undefined;
  #pongTimer: Timer | undefined;
  #stopped = false;

  constructor(
    loop: EventLoop | undefined,
    interval: number,
    ping: () => void,
    fail: (pongWait: number) => void,
  ) {
    this.#loop = loop;
    this.#interval = interval;
    this.#ping = ping;
    this.#fail = fail;
  }

  /** Data, a ping or a pong arrived: the connection is alive now (aiohttp's `_reset_heartbeat`). */
  touch(): void {
    if (this.#interval === 0 || this.#stopped) return;
    this.#lastData = now(this.#loop);
    if (this.#pongTimer !== undefined) {
      this.#pongTimer.cancel();
      this.#pongTimer = undefined;
    }
    this.#timer ??= startTimer(this.#loop, this.#interval, () => this.#beat());
  }

  /** No more pings (closing or closed). */
  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#pongTimer?.cancel();
    this.#pongTimer = undefined;
  }

  #beat(): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    const due = this.#lastData + this.#interval - now(this.#loop);
    if (due > 0) {
      this.#timer = startTimer(this.#loop, due, () => this.#beat());
      return;
    }
    const wait = this.#interval / 2;
    this.#pongTimer ??= startTimer(this.#loop, wait, () => {
      this.#pongTimer = undefined;
      this.#fail(wait);
    });
    this.#ping();
  }
}
