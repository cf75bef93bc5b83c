/**
 * `SendChannel`: the sending end of a channel (trio's `MemorySendChannel`).
 */
import { getRunningLoop, resolvedFuture, type Future } from "@aiots/loop";
import { BrokenResourceError, ClosedResourceError, EndOfChannel, WouldBlock } from "./errors.js";
import {
  HANDED_OFF,
  WOULD_BLOCK,
  failedFuture,
  refusedFuture,
  type ChannelState,
  type ChannelStatistics,
} from "./channel-state.js";

/**
 * The sending end of a channel made by {@link openChannel} (trio's `MemorySendChannel`).
 * Several tasks may send at once; blocked sends complete in FIFO order.
 *
 * @example
 * ```ts
 * const [tx, rx] = openChannel<string>(10);
 * await tx.send("hello");
 * tx.close(); // receivers get EndOfChannel once the buffer is drained
 * ```
 */
export class SendChannel<T> implements Disposable {
  readonly #state: ChannelState<T>;
  #closed = false;

  /** @internal Made by {@link openChannel} and {@link SendChannel.clone}. */
  constructor(state: ChannelState<T>) {
    this.#state = state;
    state.openSenders++;
  }

  /**
   * Puts `value` in the buffer, hands it to a waiting receiver, or throws
   * {@link WouldBlock} if the buffer is full. Throws {@link ClosedResourceError} if this
   * end is closed and {@link BrokenResourceError} if every receive end is.
   *
   * @example
   * ```ts
   * tx.sendNowait(1);
   * ```
   */
  sendNowait(value: T): void {
    if (this.#trySend(value) === WOULD_BLOCK) throw new WouldBlock("the channel is full");
  }

  /**
   * Sends `value`, waiting while the buffer is full: a cancellable `Future` that resolves
   * once the value is in the buffer or with a receiver. Cancelled while waiting, the value
   * is not sent; a task with a cancellation pending gets it here and sends nothing (trio's
   * `checkpoint_if_cancelled`). Rejects with {@link ClosedResourceError} if this end is
   * (or gets) closed, with {@link BrokenResourceError} if every receive end is.
   *
   * @example
   * ```ts
   * for (const url of urls) await tx.send(url); // waits while the consumers lag
   * ```
   */
  send(value: T): Future<void> {
    const state = this.#state;
    const loop = getRunningLoop();
    const refused = refusedFuture<void>(loop);
    if (refused !== undefined) return refused;
    let outcome: typeof WOULD_BLOCK | undefined;
    try {
      outcome = this.#trySend(value);
    } catch (error) {
      return failedFuture(loop, error);
    }
    if (outcome !== WOULD_BLOCK) return resolvedFuture(loop, undefined);
    const waiter = state.senders.push(loop, HANDED_OFF);
    state.blocked.set(waiter, { end: this, value });
    waiter.addDoneCallback(state.forget);
    return waiter;
  }

  #trySend(value: T): typeof WOULD_BLOCK | undefined {
    const state = this.#state;
    if (this.#closed) throw new ClosedResourceError("send on a closed channel end");
    if (state.openReceivers === 0) {
      throw new BrokenResourceError("send on a channel whose receive ends are all closed");
    }
    const receiver = state.receivers.shift();
    if (receiver !== undefined) {
      state.blocked.delete(receiver);
      receiver._deliver(value);
    } else if (state.size < state.capacity) {
      state.push(value);
    } else {
      return WOULD_BLOCK;
    }
    return undefined;
  }

  /**
   * Another send end of the same channel: receivers see the end of the channel only when
   * every clone is closed (fan-in). Throws {@link ClosedResourceError} if this end is
   * closed.
   *
   * @example
   * ```ts
   * for (const id of [1, 2, 3]) tg.createTask(() => producer(id, tx.clone()));
   * tx.close();
   * ```
   */
  clone(): SendChannel<T> {
    if (this.#closed) throw new ClosedResourceError("clone of a closed channel end");
    return new SendChannel(this.#state);
  }

  /**
   * Closes this end (idempotent, synchronous): its blocked sends reject with
   * {@link ClosedResourceError}; once every send end is closed, waiting receivers get
   * {@link EndOfChannel} and `for await` loops end after draining the buffer.
   *
   * @example
   * ```ts
   * try {
   *   for (const item of items) await tx.send(item);
   * } finally {
   *   tx.close();
   * }
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const state = this.#state;
    state.failBlockedOn(this, state.senders);
    if (--state.openSenders === 0) state.failAll(state.receivers, () => new EndOfChannel());
  }

  /**
   * Whether {@link close} was called on this end.
   *
   * @example
   * ```ts
   * tx.closed; // false
   * ```
   */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * The channel's counters, shared by all its ends.
   *
   * @example
   * ```ts
   * tx.statistics().currentBufferUsed; // 0
   * ```
   */
  statistics(): ChannelStatistics {
    return this.#state.statistics();
  }

  /**
   * `close()`, for `using tx = ...`.
   *
   * @example
   * ```ts
   * using sender = tx.clone();
   * ```
   */
  [Symbol.dispose](): void {
    this.close();
  }
}
