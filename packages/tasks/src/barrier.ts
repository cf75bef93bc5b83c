/**
 * `Barrier` (asyncio's `locks.Barrier`, 3.11).
 */
import { Condition } from "./condition.js";
import { Coroutine } from "./coroutine.js";
import { BrokenBarrierError } from "./errors.js";
import { assertInteger } from "@aiots/loop/internal";

type BarrierState = "filling" | "draining" | "resetting" | "broken";

/**
 * A rendezvous for `parties` tasks (asyncio's `Barrier`): `wait()` blocks until that many
 * tasks are waiting, then releases them all together; it resolves with an index from 0
 * to `parties - 1`, different for each task. `abort()` breaks the barrier and `reset()`
 * sends waiting tasks a {@link BrokenBarrierError}. A task cancelled while waiting leaves
 * the barrier (the count goes down).
 *
 * @example
 * ```ts
 * const barrier = new Barrier(3);
 * await gather(...[1, 2, 3].map(async (n) => {
 *   await prepare(n);
 *   const index = await barrier.wait(); // all three continue together
 * }));
 * ```
 */
export class Barrier {
  readonly #cond = new Condition();
  readonly #parties: number;
  #state: BarrierState = "filling";
  #count = 0;

  /**
   * `parties` is the number of tasks that must call `wait()` (an integer >= 1).
   *
   * @example
   * ```ts
   * const barrier = new Barrier(2);
   * ```
   */
  constructor(parties: number) {
    assertInteger("parties", parties, 1);
    this.#parties = parties;
  }

  /**
   * Waits until `parties` tasks are waiting; resolves with this task's index. A lazy
   * {@link Coroutine}, as asyncio's is: it joins the barrier when awaited (or scheduled),
   * in the awaiting task, so cancelling that task (or a `waitFor` around it) leaves the
   * barrier. Rejects with {@link BrokenBarrierError} if the barrier is broken or reset
   * meanwhile.
   *
   * @example
   * ```ts
   * const index = await barrier.wait();
   * if (index === 0) console.log("first through");
   * ```
   */
  wait(): Coroutine<number> {
    return new Coroutine(() => this.#enter(), "wait");
  }

  #enter(): Promise<number> {
    return this.#cond.withLock(async () => {
      await this.#block();
      try {
        const index = this.#count++;
        if (index + 1 === this.#parties) this.#release();
        else await this.#wait();
        return index;
      } finally {
        this.#count--;
        this.#exit();
      }
    });
  }

  /**
   * Returns the barrier to its empty state; tasks waiting get a BrokenBarrierError.
   *
   * @example
   * ```ts
   * await barrier.reset();
   * ```
   */
  reset(): Promise<void> {
    return this.#cond.withLock(() => {
      if (this.#count > 0) {
        if (this.#state !== "resetting") this.#state = "resetting";
      } else {
        this.#state = "filling";
      }
      this.#cond.notifyAll();
    });
  }

  /**
   * Breaks the barrier: current and future `wait()` calls reject with BrokenBarrierError.
   *
   * @example
   * ```ts
   * await barrier.abort();
   * ```
   */
  abort(): Promise<void> {
    return this.#cond.withLock(() => {
      this.#state = "broken";
      this.#cond.notifyAll();
    });
  }

  /**
   * The number of tasks required.
   *
   * @example
   * ```ts
   * new Barrier(3).parties; // 3
   * ```
   */
  get parties(): number {
    return this.#parties;
  }

  /**
   * The number of tasks waiting while the barrier fills.
   *
   * @example
   * ```ts
   * barrier.nWaiting; // 0
   * ```
   */
  get nWaiting(): number {
    return this.#state === "filling" ? this.#count : 0;
  }

  /**
   * Whether the barrier is broken.
   *
   * @example
   * ```ts
   * barrier.broken; // false
   * ```
   */
  get broken(): boolean {
    return this.#state === "broken";
  }

  /**
   * `<Barrier [filling, waiters:1/3]>`.
   *
   * @example
   * ```ts
   * String(new Barrier(3)); // "<Barrier [filling, waiters:0/3]>"
   * ```
   */
  toString(): string {
    return `<Barrier [${this.#state}${this.#state === "broken" ? "" : `, waiters:${this.nWaiting}/${this.#parties}`}]>`;
  }

  async #block(): Promise<void> {
    // Wait while the barrier drains or resets.
    await this.#cond.waitFor(() => this.#state !== "draining" && this.#state !== "resetting");
    if (this.#state === "broken") throw new BrokenBarrierError("Barrier aborted");
  }

  #release(): void {
    this.#state = "draining";
    this.#cond.notifyAll();
  }

  async #wait(): Promise<void> {
    await this.#cond.waitFor(() => this.#state !== "filling");
    if (this.#state === "broken" || this.#state === "resetting") {
      throw new BrokenBarrierError("Abort or reset of barrier");
    }
  }

  #exit(): void {
    if (this.#count === 0) {
      if (this.#state === "resetting" || this.#state === "draining") this.#state = "filling";
      this.#cond.notifyAll();
    }
  }
}
