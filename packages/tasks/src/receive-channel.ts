/**
 * `ReceiveChannel`: the receiving end of a channel (trio's `MemoryReceiveChannel`).
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
 * The receiving end of a channel made by {@link openChannel} (trio's
 * `MemoryReceiveChannel`). Several tasks may receive at once (each value goes to one of
 * them, FIFO); `for await` yields values until every send end is closed.
 *
 * @example
 * ```ts
 * for await (const url of rx) await fetchPage(url);
 * ```
 */
export class ReceiveChannel<T> implements Disposable, AsyncIterable<T> {
  readonly #state: ChannelState<T>;
  #closed = false;

  /** @internal Made by {@link openChannel} and {@link ReceiveChannel.clone}. */
  constructor(state: ChannelState<T>) {
    this.#state = state;
    state.openReceivers++;
  }

  /**
   * Takes the next value, or throws {@link WouldBlock} if there is none yet,
   * {@link EndOfChannel} if there never will be, {@link ClosedResourceError} if this end
   * is closed.
   *
   * @example
   * ```ts
   * const value = rx.receiveNowait();
   * ```
   */
  receiveNowait(): T {
    const value = this.#tryReceive();
    if (value === WOULD_BLOCK) throw new WouldBlock("the channel is empty");
    return value;
  }

  /**
   * Takes the next value, waiting while the buffer is empty: a cancellable `Future`.
   * Cancelled while waiting, it takes nothing; a task with a cancellation pending gets it
   * here and takes nothing. Rejects with {@link EndOfChannel} once every send end is
   * closed and the buffer is drained, with {@link ClosedResourceError} if this end is (or
   * gets) closed.
   *
   * @example
   * ```ts
   * const job = await rx.receive();
   * ```
   */
  receive(): Future<T> {
    const state = this.#state;
    const loop = getRunningLoop();
    const refused = refusedFuture<T>(loop);
    if (refused !== undefined) return refused;
    let value: T | typeof WOULD_BLOCK;
    try {
      value = this.#tryReceive();
    } catch (error) {
      return failedFuture(loop, error);
    }
    if (value !== WOULD_BLOCK) return resolvedFuture(loop, value);
    const waiter = state.receivers.push(loop, HANDED_OFF);
    state.blocked.set(waiter, { end: this, value: undefined });
    waiter.addDoneCallback(state.forget);
    return waiter;
  }

  #tryReceive(): T | typeof WOULD_BLOCK {
    const state = this.#state;
    if (this.#closed) throw new ClosedResourceError("receive on a closed channel end");
    // A blocked sender's value joins the buffer (trio): FIFO among buffered and blocked.
    const sender = state.senders.shift();
    if (sender !== undefined) {
      state.push(state.blocked.get(sender)!.value as T);
      state.blocked.delete(sender);
      sender._deliver(undefined);
    }
    if (state.size > 0) return state.shift();
    if (state.openSenders === 0) throw new EndOfChannel();
    return WOULD_BLOCK;
  }

  /**
   * Another receive end of the same channel: each value goes to one of the clones
   * (fan-out, not a broadcast); senders see a broken channel only when every clone is
   * closed. Throws {@link ClosedResourceError} if this end is closed.
   *
   * @example
   * ```ts
   * for (let i = 0; i < 4; i++) tg.createTask(() => worker(rx.clone()));
   * rx.close();
   * ```
   */
  clone(): ReceiveChannel<T> {
    if (this.#closed) throw new ClosedResourceError("clone of a closed channel end");
    return new ReceiveChannel(this.#state);
  }

  /**
   * Closes this end (idempotent, synchronous): its blocked receives reject with
   * {@link ClosedResourceError}; once every receive end is closed, the buffer is dropped
   * and waiting senders get {@link BrokenResourceError}.
   *
   * @example
   * ```ts
   * rx.close();
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const state = this.#state;
    state.failBlockedOn(this, state.receivers);
    if (--state.openReceivers === 0) {
      state.failAll(state.senders, () => new BrokenResourceError());
      state.clear();
    }
  }

  /**
   * Whether {@link close} was called on this end.
   *
   * @example
   * ```ts
   * rx.closed; // false
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
   * rx.statistics().tasksWaitingReceive; // 0
   * ```
   */
  statistics(): ChannelStatistics {
    return this.#state.statistics();
  }

  /**
   * Yields received values; ends (without error) on {@link EndOfChannel}. Leaving the
   * loop early does not close the end.
   *
   * @example
   * ```ts
   * for await (const value of rx) console.log(value);
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      let value: T;
      try {
        value = await this.receive();
      } catch (error) {
        if (error instanceof EndOfChannel) return;
        throw error;
      }
      yield value;
    }
  }

  /**
   * `close()`, for `using rx = ...`.
   *
   * @example
   * ```ts
   * using worker = rx.clone();
   * ```
   */
  [Symbol.dispose](): void {
    this.close();
  }
}
