/**
 * The state every end of one channel shares (trio's `MemoryChannelState`) and its public
 * counters, with what both ends use: the hand-off owner of their waiters and the futures
 * of a refused or failed operation.
 */
import { Future, type EventLoop } from "@aiots/loop";
import { ClosedResourceError } from "./errors.js";
import { currentTask } from "./task.js";
import { WaiterQueue, type Waiter, type WaiterOwner } from "./internal/waiter-queue.js";

/**
 * What {@link SendChannel.statistics} returns (trio's `MemoryChannelStatistics`).
 *
 * @example
 * ```ts
 * const { currentBufferUsed, tasksWaitingReceive } = rx.statistics();
 * ```
 */
export interface ChannelStatistics {
  /** Values in the buffer now. */
  currentBufferUsed: number;
  /** The channel's capacity (`Infinity` for unbounded). */
  maxBufferSize: number;
  /** Send ends (clones included) not yet closed. */
  openSendChannels: number;
  /** Receive ends (clones included) not yet closed. */
  openReceiveChannels: number;
  /** Sends blocked because the buffer is full. */
  tasksWaitingSend: number;
  /** Receives blocked because the buffer is empty. */
  tasksWaitingReceive: number;
}

/** What a blocked operation waits with: its end (for `close()`) and, for a send, its value. */
interface Blocked<T> {
  readonly end: object;
  readonly value: T | undefined;
}

// What `#trySend`/`#tryReceive` return instead of throwing WouldBlock on the hot path.
export const WOULD_BLOCK: unique symbol = Symbol("would block");

/**
 * The owner of a channel's waiters: they are handed their value directly (`_deliver`,
 * whose awaiters run in the same step, so no cancellation can fall between the hand-off
 * and the resumption) and never woken, and a cancelled one is forgotten by its done
 * callback (`ChannelState.forget`).
 */
export const HANDED_OFF: WaiterOwner<never> = {
  _take() {
    /* never woken */
  },
  _cancelled() {
    /* forgotten by the done callback */
  },
};

/** @internal The state every end of one channel shares (trio's `MemoryChannelState`). */
export class ChannelState<T> {
  #items: (T | undefined)[] = [];
  #head = 0;
  openSenders = 0;
  openReceivers = 0;
  readonly senders = new WaiterQueue<void>();
  readonly receivers = new WaiterQueue<T>();
  /** Blocked operations, for `close()` of their end and for the value of a blocked send. */
  readonly blocked = new Map<Future<unknown>, Blocked<T>>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(value: T): void {
    this.#items.push(value);
  }

  shift(): T {
    const value = this.#items[this.#head] as T;
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return value;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }

  /** A blocked operation's done callback: a cancelled one leaves no trace. */
  readonly forget = (waiter: Future<unknown>): void => {
    this.blocked.delete(waiter);
  };

  statistics(): ChannelStatistics {
    return {
      currentBufferUsed: this.size,
      maxBufferSize: this.capacity,
      openSendChannels: this.openSenders,
      openReceiveChannels: this.openReceivers,
      tasksWaitingSend: this.senders.size,
      tasksWaitingReceive: this.receivers.size,
    };
  }

  /** Fails the operations blocked on `end` with ClosedResourceError (its `close()`). */
  failBlockedOn<W>(end: object, queue: WaiterQueue<W>): void {
    for (const [waiter, blocked] of [...this.blocked]) {
      if (blocked.end !== end) continue;
      this.blocked.delete(waiter);
      queue.remove(waiter as Waiter<W>);
      waiter.setException(new ClosedResourceError("the channel end was closed while waiting"));
    }
  }

  /** Fails every operation waiting in `queue` with `makeError()`. */
  failAll<W>(queue: WaiterQueue<W>, makeError: () => Error): void {
    for (let waiter = queue.shift(); waiter !== undefined; waiter = queue.shift()) {
      this.blocked.delete(waiter);
      waiter.setException(makeError());
    }
  }
}

/**
 * trio's `checkpoint_if_cancelled`: a send or receive in a task with a cancellation
 * pending raises it and does nothing, even if it could complete at once.
 */
export function refusedFuture<T>(loop: EventLoop): Future<T> | undefined {
  const refused = currentTask()?._takePendingCancellation();
  if (refused === undefined) return undefined;
  const future = new Future<T>({ loop });
  future.cancel(refused.message);
  return future;
}

export function failedFuture<T>(loop: EventLoop, error: unknown): Future<T> {
  const future = new Future<T>({ loop });
  future.setException(error);
  return future;
}
