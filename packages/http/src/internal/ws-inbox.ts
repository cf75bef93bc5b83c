/**
 * The messages a WebSocket received and nobody read yet, and the one `receive()` waiting
 * for the next: a Future of the loop that is handed a message only while still pending,
 * so a cancelled `receive()` never takes one.
 */
import { isFuture, RuntimeError, type EventLoop } from "@aiots/loop";
import { ServerTimeoutError } from "../timeout-errors.js";
import type { WSMessage } from "../ws-message.js";
import { createPending, startTimer, type Pending, type Timer } from "./awaitable.js";

const CLOSED: WSMessage = Object.freeze({ type: "closed" });

/** Bytes of a data message (0 for the others). */
function sizeOf(message: WSMessage): number {
  if (message.type === "text") return message.data.length;
  if (message.type === "binary") return message.data.byteLength;
  return 0;
}

/** A FIFO of received messages with one waiting reader. */
export class WSInbox {
  readonly #loop: EventLoop | undefined;
  readonly #onBuffered: (bytes: number) => void;
  #queue: WSMessage[] = [];
  #head = 0;
  #bytes = 0;
  #waiter: Pending<WSMessage> | undefined;
  #timer: Timer | undefined;
  #ended = false;

  /** `onBuffered` hears the bytes buffered after each change (for backpressure). */
  constructor(loop: EventLoop | undefined, onBuffered: (bytes: number) => void) {
    this.#loop = loop;
    this.#onBuffered = onBuffered;
  }

  /** Whether the last message was pushed (then `{ type: "closed" }` follows the queue). */
  get ended(): boolean {
    return this.#ended;
  }

  /** The next message: at once if one is queued, else when it arrives or `ms` passes. */
  receive(ms: number): PromiseLike<WSMessage> {
    if (this.#waiter !== undefined && !this.#waiter.done) {
      throw new RuntimeError("Concurrent call to receive() is not allowed");
    }
    const message = this.#take();
    // A plain promise, not a done Future: awaiting a Future in a task with a cancellation
    // pending throws, which would drop the message just taken (asyncio's `get()` returns
    // without suspending here, and aiots' `Queue.get()` does the same).
    if (message !== undefined) return Promise.resolve(message);
    const pending = createPending<WSMessage>(this.#loop);
    this.#waiter = pending;
    if (ms > 0 && ms !== Infinity) {
      this.#timer = startTimer(this.#loop, ms, () => {
        this.#timer = undefined;
        if (this.#waiter === pending) this.#waiter = undefined;
        pending.reject(new ServerTimeoutError(`No WebSocket message received within ${ms} ms`));
      });
    }
    if (isFuture(pending.promise)) {
      // Cancelled (by its task): stop its timer; a message arriving meanwhile was queued.
      pending.promise.addDoneCallback(() => {
        if (!pending.cancelled) return;
        if (this.#waiter === pending) this.#waiter = undefined;
        this.#stopTimer();
      });
    }
    return pending.promise;
  }

  /** Hands `message` to the waiting reader if there is one still pending, else queues it. */
  push(message: WSMessage): void {
    const waiter = this.#waiter;
    if (waiter !== undefined && !waiter.done) {
      this.#waiter = undefined;
      this.#stopTimer();
      waiter.resolve(message);
      return;
    }
    this.#queue.push(message);
    const size = sizeOf(message);
    if (size > 0) {
      this.#bytes += size;
      this.#onBuffered(this.#bytes);
    }
  }

  /** No more messages: a waiting reader gets `{ type: "closed" }`. */
  end(): void {
    this.#ended = true;
    if (this.#waiter !== undefined && !this.#waiter.done) this.push(CLOSED);
  }

  #take(): WSMessage | undefined {
    if (this.#head === this.#queue.length) return this.#ended ? CLOSED : undefined;
    const message = this.#queue[this.#head]!;
    this.#head++;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    }
    const size = sizeOf(message);
    if (size > 0) {
      this.#bytes -= size;
      this.#onBuffered(this.#bytes);
    }
    return message;
  }

  #stopTimer(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }
}
