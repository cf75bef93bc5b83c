import { Future, type EventLoop } from "@aiots/loop";
import { currentTask } from "../task.js";

/**
 * A future in a {@link WaiterQueue}. Cancelling it (which is what cancelling the task
 * that awaits it does) unlinks it at once, so every waiter left in a queue is pending:
 * no wake-up is ever spent on a cancelled waiter, and `size` counts real waiters.
 */
export class Waiter<T> extends Future<T> {
  /** @internal */
  _queue: WaiterQueue<T> | undefined;
  /** @internal */
  _prev: Waiter<T> | undefined;
  /** @internal */
  _next: Waiter<T> | undefined;

  override cancel(msg?: string): boolean {
    if (!super.cancel(msg)) return false;
    this._queue?.remove(this);
    return true;
  }
}

/** A FIFO of pending waiters: O(1) push, shift and removal from anywhere. */
export class WaiterQueue<T> {
  #head: Waiter<T> | undefined;
  #tail: Waiter<T> | undefined;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Appends a new pending waiter. */
  push(loop: EventLoop): Waiter<T> {
    const waiter = new Waiter<T>({ loop });
    waiter._queue = this;
    const tail = this.#tail;
    if (tail === undefined) {
      this.#head = waiter;
    } else {
      tail._next = waiter;
      waiter._prev = tail;
    }
    this.#tail = waiter;
    this.#size++;
    return waiter;
  }

  /** Unlinks `waiter` if it is still queued here. */
  remove(waiter: Waiter<T>): void {
    if (waiter._queue !== this) return;
    const { _prev: prev, _next: next } = waiter;
    if (prev === undefined) this.#head = next;
    else prev._next = next;
    if (next === undefined) this.#tail = prev;
    else next._prev = prev;
    waiter._queue = waiter._prev = waiter._next = undefined;
    this.#size--;
  }

  /** Removes and returns the first waiter. */
  shift(): Waiter<T> | undefined {
    const head = this.#head;
    if (head !== undefined) this.remove(head);
    return head;
  }

  /** Wakes (resolves with `value`) and removes the first waiter; false if there is none. */
  wakeFirst(value: T): boolean {
    const waiter = this.shift();
    if (waiter === undefined) return false;
    waiter.setResult(value);
    return true;
  }

  /** Wakes every waiter. */
  wakeAll(value: T): void {
    for (let waiter = this.shift(); waiter !== undefined; waiter = this.shift())
      waiter.setResult(value);
  }
}

/**
 * Awaits `waiter` (without an async frame: this is the hot path of every lock and queue);
 * on failure (a cancellation) makes sure it is out of its queue and calls
 * `onWokenThenFailed` if it had already been woken, so the wake-up is passed on. A task
 * cancelled while its wake-up was in flight gets CancelledError here, as in asyncio.
 */
export function awaitWaiter<T>(waiter: Waiter<T>, onWokenThenFailed?: () => void): Promise<T> {
  return waiter.then(
    (value) => {
      const cancelled = currentTask()?._takePendingCancellation();
      if (cancelled !== undefined) {
        onWokenThenFailed?.();
        throw cancelled;
      }
      return value;
    },
    (error: unknown) => {
      if (!waiter.done()) waiter.cancel();
      else if (!waiter.cancelled()) onWokenThenFailed?.();
      throw error;
    },
  );
}

/** A shared, already resolved `Promise<true>` for the uncontended paths. */
export const RESOLVED_TRUE: Promise<true> = Promise.resolve(true);
