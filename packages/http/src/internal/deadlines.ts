/**
 * Per-request deadlines on few loop timers. Each request of a session sets the same spans
 * (`timeout.total`; `sockConnect` while it waits for a socket), so the deadlines of one span
 * end in the order they were set: one FIFO queue per span, and one loop timer per queue,
 * armed for its earliest deadline. Setting or cancelling a deadline costs an array slot, not
 * a loop timer scheduled and cancelled per request. A timer that finds its deadline
 * cancelled re-arms for the next one, if any: an emptied queue keeps its timer (one request
 * after another would otherwise still cost a timer each) until it fires or the session closes.
 */
import type { EventLoop } from "@aiots/loop";
import { now, startSessionTimer, type Timer } from "./awaitable.js";

/** Queues drop their cancelled head this often before compacting their array. */
const COMPACT_AFTER = 1024;

class Deadline implements Timer {
  readonly when: number;
  callback: (() => void) | undefined;
  readonly #queue: SpanQueue;

  constructor(queue: SpanQueue, when: number, callback: () => void) {
    this.#queue = queue;
    this.when = when;
    this.callback = callback;
  }

  cancel(): void {
    if (this.callback === undefined) return;
    this.callback = undefined;
    this.#queue.dropCancelled();
  }
}

/** The deadlines of one span on one loop, in the order they end. */
class SpanQueue {
  readonly #loop: EventLoop | undefined;
  readonly #ms: number;
  readonly #onEmpty: (queue: SpanQueue) => void;
  #entries: Deadline[] = [];
  #head = 0;
  #timer: Timer | undefined;

  constructor(loop: EventLoop | undefined, ms: number, onEmpty: (queue: SpanQueue) => void) {
    this.#loop = loop;
    this.#ms = ms;
    this.#onEmpty = onEmpty;
  }

  get ms(): number {
    return this.#ms;
  }

  add(callback: () => void): Deadline {
    const deadline = new Deadline(this, now(this.#loop) + this.#ms, callback);
    this.#entries.push(deadline);
    this.#timer ??= startSessionTimer(this.#loop, this.#ms, this.#fire);
    return deadline;
  }

  /** Drops the cancelled deadlines at the head. */
  dropCancelled(): void {
    const entries = this.#entries;
    let head = this.#head;
    while (head < entries.length && entries[head]!.callback === undefined) head++;
    this.#setHead(head);
  }

  #setHead(head: number): void {
    const entries = this.#entries;
    if (head >= entries.length) {
      if (entries.length > 0) this.#entries = [];
      this.#head = 0;
    } else if (head >= COMPACT_AFTER && head * 2 >= entries.length) {
      this.#entries = entries.slice(head);
      this.#head = 0;
    } else {
      this.#head = head;
    }
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    const time = now(this.#loop);
    const entries = this.#entries;
    let head = this.#head;
    const due: Array<() => void> = [];
    for (; head < entries.length; head++) {
      const deadline = entries[head]!;
      const callback = deadline.callback;
      if (callback === undefined) continue;
      if (deadline.when > time) break;
      deadline.callback = undefined;
      due.push(callback);
    }
    this.#setHead(head);
    if (this.#head < this.#entries.length) {
      this.#timer = startSessionTimer(
        this.#loop,
        this.#entries[this.#head]!.when - time,
        this.#fire,
      );
    } else {
      this.#onEmpty(this);
    }
    for (const callback of due) callback();
  };

  /** Cancels the timer; the deadlines left never fire. */
  close(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#entries = [];
    this.#head = 0;
  }
}

/** The deadlines of one session's requests, by loop and span. */
export class Deadlines {
  #loop: EventLoop | undefined;
  #queues = new Map<number, SpanQueue>();
  readonly #dropQueue = (queue: SpanQueue): void => {
    if (this.#queues.get(queue.ms) === queue) this.#queues.delete(queue.ms);
  };

  /** Cancels every timer (the session closed: its requests were aborted). */
  close(): void {
    for (const queue of this.#queues.values()) queue.close();
    this.#queues.clear();
  }

  /** Calls `callback` after `ms` on the loop's clock, unless the returned timer is cancelled. */
  start(loop: EventLoop | undefined, ms: number, callback: () => void): Timer {
    if (loop !== this.#loop) {
      // A session used from another loop: its queues start afresh on that loop.
      this.#loop = loop;
      this.#queues = new Map();
    }
    let queue = this.#queues.get(ms);
    if (queue === undefined) {
      queue = new SpanQueue(loop, ms, this.#dropQueue);
      this.#queues.set(ms, queue);
    }
    return queue.add(callback);
  }
}
