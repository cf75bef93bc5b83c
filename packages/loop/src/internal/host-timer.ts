/**
 * How the loop asks Node to wake it for its earliest timer on a real clock (one host timer,
 * DESIGN.md): what delay to arm, when not to arm one at all, and the timer itself.
 *
 * Node times in whole milliseconds from its own cached loop time: `setTimeout(fn, ms)` can
 * fire up to 1 ms before `performance.now()` reaches the deadline, and a wait shorter than
 * 1 ms is rounded up to 1 ms. So a remaining wait under 1 ms is polled on the next macrotask
 * (a `setImmediate`, after the pending I/O) instead of costing a whole extra host timer; a
 * longer one is armed for exactly the remaining time, rounded up to Node's millisecond.
 */

/** Node clamps longer delays to 1 ms: longer waits are chained. */
export const MAX_HOST_DELAY = 2 ** 31 - 1;

/** Node's timer resolution, in ms. */
export const HOST_RESOLUTION = 1;

/**
 * The delay (ms) to arm the host timer with for a wait of `sleep` real ms, or `undefined`
 * when the loop should look again on the next macrotask instead: the wait is over, or
 * shorter than `pollBelow` (`HOST_RESOLUTION` for a deadline on the real clock; a clock
 * with its own waiting policy passes 0).
 */
export function hostDelay(sleep: number, pollBelow: number): number | undefined {
  if (sleep <= 0 || sleep < pollBelow) return undefined;
  return Math.min(MAX_HOST_DELAY, Math.ceil(sleep));
}

/** The loop's one host timer: armed for the earliest deadline, re-armed for an earlier one. */
export class HostTimer {
  #timer: NodeJS.Timeout | undefined;
  #when = Infinity;
  readonly #onFire: () => void;

  /** `onFire`: called when the timer fires (it is then disarmed). */
  constructor(onFire: () => void) {
    this.#onFire = onFire;
  }

  /** The deadline the timer is armed for; `Infinity` when disarmed. */
  get when(): number {
    return this.#when;
  }

  /**
   * Arms the timer for the deadline `when`, to fire in `delay` ms. An armed timer for the
   * same or an earlier deadline is kept, unless `restart` (a clock that autojumps waits for
   * real idleness: every batch restarts the wait).
   */
  arm(when: number, delay: number, restart: boolean): void {
    if (this.#timer !== undefined) {
      if (this.#when <= when && !restart) return;
      clearTimeout(this.#timer);
    }
    this.#when = when;
    this.#timer = setTimeout(this.#fire, delay);
  }

  clear(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#when = Infinity;
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#when = Infinity;
    this.#onFire();
  };
}
