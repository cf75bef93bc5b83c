/**
 * `openChannel`: trio's memory channels (`trio/_channel.py`, `open_memory_channel`): a
 * buffer of `capacity` values between send ends and receive ends, each end closable and
 * clonable on its own.
 */
import { Future, getRunningLoop, resolvedFuture, type EventLoop } from "@aiots/loop";
import { BrokenResourceError, ClosedResourceError, EndOfChannel, WouldBlock } from "./errors.js";
import { currentTask } from "./task.js";
import { WaiterQueue, type Waiter, type WaiterOwner } from "./internal/waiter-queue.js";
import { describeValue } from "./internal/validate.js";

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
const WOULD_BLOCK: unique symbol = Symbol("would block");

/**
 * The owner of a channel's waiters: they are handed their value directly (`_deliver`,
 * whose awaiters run in the same step, so no cancellation can fall between the hand-off
 * and the resumption) and never woken, and a cancelled one is forgotten by its done
 * callback (`ChannelState.forget`).
 */
const HANDED_OFF: WaiterOwner<never> = {
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
function refusedFuture<T>(loop: EventLoop): Future<T> | undefined {
  const refused = currentTask()?._takePendingCancellation();
  if (refused === undefined) return undefined;
  const future = new Future<T>({ loop });
  future.cancel(refused.message);
  return future;
}

function failedFuture<T>(loop: EventLoop, error: unknown): Future<T> {
  const future = new Future<T>({ loop });
  future.setException(error);
  return future;
}

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

/**
 * Opens a channel with room for `capacity` values (trio's `open_memory_channel`):
 * returns its first send end and receive end. `capacity` is an integer >= 0 or
 * `Infinity`; with 0 every send waits for a receiver (a rendezvous).
 * TypeError/RangeError for any other `capacity`.
 *
 * @example
 * ```ts
 * const [tx, rx] = openChannel<number>(10);
 * await taskGroup(async (tg) => {
 *   tg.createTask(async () => {
 *     using _tx = tx;
 *     for (let i = 0; i < 3; i++) await tx.send(i);
 *   });
 *   for await (const value of rx) console.log(value); // 0 1 2
 * });
 * ```
 */
export function openChannel<T>(capacity: number): [SendChannel<T>, ReceiveChannel<T>] {
  if (typeof capacity !== "number") {
    throw new TypeError(
      `Expected \`capacity\` to be an integer >= 0 or Infinity, got ${describeValue(capacity)}`,
    );
  }
  if (capacity !== Infinity && !(Number.isInteger(capacity) && capacity >= 0)) {
    throw new RangeError(
      `Expected \`capacity\` to be an integer >= 0 or Infinity, got ${describeValue(capacity)}`,
    );
  }
  const state = new ChannelState<T>(capacity);
  return [new SendChannel(state), new ReceiveChannel(state)];
}
