/**
 * `Event` (asyncio's `locks.Event`).
 */
import { getRunningLoop } from "@aiots/loop";
import { inLoop } from "./internal/in-loop.js";
import { WaiterQueue, awaitWaiter } from "./internal/waiter-queue.js";

/**
 * A flag tasks can wait for (asyncio's `Event`): `set()` wakes every waiter, `clear()`
 * resets it.
 *
 * @example
 * ```ts
 * const ready = new Event();
 * createTask(async () => {
 *   await ready.wait();
 *   console.log("go");
 * });
 * ready.set();
 * ```
 */
export class Event {
  #value = false;
  // Set on first use, which must be inside a running loop (see internal/in-loop.ts).
  #inLoop = false;
  readonly #waiters = new WaiterQueue<boolean>();

  /**
   * Whether the flag is set.
   *
   * @example
   * ```ts
   * event.isSet(); // false
   * ```
   */
  isSet(): boolean {
    return this.#value;
  }

  /**
   * Sets the flag and wakes every waiting task.
   *
   * @example
   * ```ts
   * event.set();
   * ```
   */
  set(): void {
    if (this.#value) return;
    this.#value = true;
    this.#waiters.wakeAll(true);
  }

  /**
   * Resets the flag; later `wait()` calls block again.
   *
   * @example
   * ```ts
   * event.clear();
   * ```
   */
  clear(): void {
    this.#value = false;
  }

  /**
   * Resolves with `true` once the flag is set (at once if it is).
   *
   * @example
   * ```ts
   * await event.wait();
   * ```
   */
  async wait(): Promise<true> {
    if (!this.#inLoop) this.#inLoop = inLoop();
    if (this.#value) return true;
    await awaitWaiter(this.#waiters.push(getRunningLoop()));
    return true;
  }

  /**
   * `<Event [set]>` or `<Event [unset, waiters:3]>`.
   *
   * @example
   * ```ts
   * String(new Event()); // "<Event [unset]>"
   * ```
   */
  toString(): string {
    const size = this.#waiters.size;
    return `<Event [${this.#value ? "set" : "unset"}${size > 0 ? `, waiters:${size}` : ""}]>`;
  }
}
