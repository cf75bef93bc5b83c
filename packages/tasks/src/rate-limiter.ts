/**
 * `RateLimiter`: at most `limit` starts per `interval` ms, with p-queue's
 * `intervalCap`/`interval` semantics, on the loop's clock.
 */
import { getRunningLoop, type EventLoop, type Future } from "@aiots/loop";
import {
  WaiterQueue,
  awaitValue,
  doneTrue,
  type Waiter,
  type WaiterOwner,
} from "./internal/waiter-queue.js";
import { expected, assertFunction, assertObject } from "@aiots/loop/internal";

/**
 * Options of {@link RateLimiter}.
 *
 * @example
 * ```ts
 * const options: RateLimiterOptions = { limit: 5, interval: 1000 }; // 5 per second
 * ```
 */
export interface RateLimiterOptions {
  /** Acquisitions allowed per window: an integer >= 1 (p-queue's `intervalCap`). */
  limit: number;
  /** The window's length in ms: a finite number > 0 (p-queue's `interval`). */
  interval: number;
}

/**
 * Lets at most `limit` acquisitions through per `interval` milliseconds of loop time
 * (p-queue's `intervalCap`/`interval`). A window opens at the first acquisition after an
 * idle spell and lasts `interval` ms; acquisitions beyond `limit` wait, FIFO, for the next
 * window, which opens the moment the previous one ends. So 12 acquisitions at once with
 * `{ limit: 5, interval: 1000 }` go through at 0 ms (5), 1000 ms (5) and 2000 ms (2).
 *
 * It limits starts, not concurrency (combine it with a {@link Semaphore} for both). A
 * waiting acquisition cancelled (its task cancelled, or the Future itself) takes no slot:
 * the waiters behind it move up. As in trio, an acquisition that already
 * completed stays taken; a cancellation that arrives after it is raised at the task's
 * next await. Times are the running loop's (`loop.time()`), so the virtual clock drives it.
 *
 * @example
 * ```ts
 * const perHost = new RateLimiter({ limit: 10, interval: 1000 }); // 10 requests a second
 * await Promise.all(urls.map((url) => perHost.withLimit(() => session.get(url))));
 * ```
 */
export class RateLimiter implements WaiterOwner<true> {
  readonly #limit: number;
  readonly #interval: number;
  /** Loop time (ms) the current window opened at; -Infinity before the first. */
  #windowStart = -Infinity;
  /** Acquisitions taken in the current window. */
  #count = 0;
  readonly #waiters = new WaiterQueue<true>();
  /** Whether a timer will open the next window for the waiters. */
  #timerArmed = false;

  /**
   * `limit` acquisitions (an integer >= 1) per `interval` ms (a finite number > 0);
   * TypeError/RangeError naming the option otherwise.
   *
   * @example
   * ```ts
   * const limiter = new RateLimiter({ limit: 5, interval: 1000 });
   * ```
   */
  constructor(options: RateLimiterOptions) {
    assertObject("options", options);
    const { limit, interval } = options;
    if (typeof limit !== "number") {
      throw new TypeError(expected("limit", "a number from 1 and up", limit));
    }
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(expected("limit", "a number from 1 and up", limit));
    }
    if (typeof interval !== "number") {
      throw new TypeError(expected("interval", "a finite number > 0 (ms)", interval));
    }
    if (!(interval > 0) || interval === Infinity) {
      throw new RangeError(expected("interval", "a finite number > 0 (ms)", interval));
    }
    this.#limit = limit;
    this.#interval = interval;
  }

  /**
   * Takes a slot in the current window, or waits (FIFO) for one in a later window: a
   * cancellable `Future` resolving with `true`. Done at once when a slot is free and
   * nobody waits.
   *
   * @example
   * ```ts
   * await limiter.acquire();
   * await session.get(url);
   * ```
   */
  acquire(): Future<true> {
    const loop = getRunningLoop();
    if (this.#tryTake(loop)) return doneTrue(loop);
    const waiter = this.#waiters.push(loop, this);
    if (!this.#timerArmed) {
      this.#timerArmed = true;
      loop.callAt(this.#windowStart + this.#interval, this.#openWindow, loop);
    }
    return waiter;
  }

  /** Takes a slot at once if one is free and nobody waits (FIFO). */
  #tryTake(loop: EventLoop): boolean {
    if (this.#waiters.size > 0) return false;
    const now = loop.time();
    if (now >= this.#windowStart + this.#interval) {
      // Idle past the window's end: a new window opens now (p-queue).
      this.#windowStart = now;
      this.#count = 0;
    }
    if (this.#count >= this.#limit) return false;
    this.#count++;
    return true;
  }

  // The window ended with acquisitions waiting: the next one opens at once, for them.
  readonly #openWindow = (loop: EventLoop): void => {
    this.#timerArmed = false;
    if (this.#waiters.size === 0) return;
    this.#windowStart += this.#interval;
    this.#count = 0;
    while (this.#count < this.#limit && this.#waiters.wakeNext()) this.#count++;
    this.#armIfWaiting(loop);
  };

  #armIfWaiting(loop: EventLoop): void {
    if (this.#waiters.size > 0 && !this.#timerArmed) {
      this.#timerArmed = true;
      loop.callAt(this.#windowStart + this.#interval, this.#openWindow, loop);
    }
  }

  /** @internal A woken waiter's delivery step: its slot was counted when it was woken. */
  _take(waiter: Waiter<true>): void {
    waiter._deliver(true);
  }

  /**
   * @internal A cancelled waiter: one woken already gives its slot back, and the next
   * waiter takes it (asyncio's `except CancelledError` branches pass a wake-up on).
   */
  _cancelled(waiter: Waiter<true>, woken: boolean): void {
    if (!woken) return;
    if (this.#count > 0) this.#count--;
    if (this.#count < this.#limit && this.#waiters.wakeNext()) this.#count++;
    this.#armIfWaiting(waiter.getLoop() as EventLoop);
  }

  /**
   * Runs `fn` once a slot is taken (see {@link acquire}); resolves or rejects as `fn`
   * does. Nothing is given back when `fn` ends: a slot is a start, not a lease.
   *
   * @example
   * ```ts
   * const page = await limiter.withLimit(() => session.get(url));
   * ```
   */
  async withLimit<R>(fn: () => R | PromiseLike<R>): Promise<R> {
    assertFunction("fn", fn);
    await this.acquire();
    return await awaitValue(fn());
  }

  /**
   * Acquisitions waiting for a later window.
   *
   * @example
   * ```ts
   * limiter.pending; // 0
   * ```
   */
  get pending(): number {
    return this.#waiters.size;
  }

  /**
   * `<RateLimiter limit=5 interval=1000 waiters:7>`.
   *
   * @example
   * ```ts
   * String(new RateLimiter({ limit: 5, interval: 1000 })); // "<RateLimiter limit=5 interval=1000>"
   * ```
   */
  toString(): string {
    const size = this.#waiters.size;
    return `<RateLimiter limit=${this.#limit} interval=${this.#interval}${size > 0 ? ` waiters:${size}` : ""}>`;
  }
}
