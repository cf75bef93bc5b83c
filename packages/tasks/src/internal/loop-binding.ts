import { getRunningLoop, type EventLoop, type Future } from "@aiots/loop";
import { doneTrue, doneVoid } from "./waiter-queue.js";

/**
 * The loop a waiting primitive (Lock, Semaphore, Event, Queue) was last used in: asyncio's
 * `mixins._LoopBoundMixin`, kept for the fast path. A wait that need not wait (a free
 * lock, a set Event, a queue with an item or with room) returns a done Future of that loop
 * while it runs, without looking the running loop up again (an AsyncLocalStorage read per
 * call, the largest cost of an uncontended `await queue.get()`); asyncio's fast paths do
 * not look it up either. A wait that blocks always looks the running loop up (its waiter
 * must wake on the loop that runs it) and binds the primitive to it; so does the first
 * use, and any use once the bound loop has stopped (a primitive reused by a later `run()`).
 */
export class LoopBinding {
  #loop: EventLoop | undefined;

  /** The bound loop while it runs, else the running loop (bound from now on). */
  fast(): EventLoop {
    const loop = this.#loop;
    return loop !== undefined && loop.isRunning() ? loop : this.running();
  }

  /** The running loop (RuntimeError outside one), bound from now on. */
  running(): EventLoop {
    return (this.#loop = getRunningLoop());
  }

  /** The done Future holding `true` of {@link fast}'s loop (an uncontended acquire). */
  doneTrue(): Future<true> {
    return doneTrue(this.fast());
  }

  /** The done Future holding `undefined` of {@link fast}'s loop (a put with room). */
  doneVoid(): Future<void> {
    return doneVoid(this.fast());
  }
}
