/**
 * `Event` (asyncio's `locks.Event`).
 */
import type { Future } from "@aiots/loop";
import { LoopBinding } from "./internal/loop-binding.js";
import { WaiterQueue, type Waiter, type WaiterOwner } from "./internal/waiter-queue.js";

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
export class Event implements WaiterOwner<true> {
  #value = false;
  readonly #waiters = new WaiterQueue<true>();
  // The loop of the fast path (see internal/loop-binding.ts).
  readonly #binding = new LoopBinding();

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
    this.#waiters.wakeAll();
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
   * A Future that resolves with `true` once the flag is set (already done if it is).
   * Cancel it to stop waiting.
   *
   * @example
   * ```ts
   * await event.wait();
   * ```
   */
  wait(): Future<true> {
    if (this.#value) return this.#binding.doneTrue();
    return this.#waiters.push(this.#binding.running(), this);
  }

  /** @internal A woken waiter's step (asyncio: `await fut; return True`). */
  _take(waiter: Waiter<true>): void {
    waiter._deliver(true);
  }

  /** @internal Nothing to pass on: `set()` woke every waiter. */
  _cancelled(): void {}

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
