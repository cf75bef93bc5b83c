// The queue row's floor: the least a bounded async queue with join() can be on bare promises
// (no cancellation, no shutdown, no FIFO fairness among woken waiters beyond arrival order).
// A put or get that need not wait returns a resolved promise, as asyncio's never yields; one
// that must wait parks its resolver. It is what the platform charges the row's shape.

/** A bounded FIFO queue of promises: `put`, `get`, `taskDone`, `join`. */
export class BareQueue {
  #maxsize;
  #items = [];
  #head = 0;
  #getters = [];
  #putters = [];
  #unfinished = 0;
  #joiners = [];

  constructor(maxsize) {
    this.#maxsize = maxsize;
  }

  #size() {
    return this.#items.length - this.#head;
  }

  #take() {
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    }
    return item;
  }

  put(item) {
    if (this.#size() < this.#maxsize) {
      this.#add(item);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#putters.push({ item, resolve }));
  }

  #add(item) {
    this.#unfinished++;
    const getter = this.#getters.shift();
    if (getter === undefined) this.#items.push(item);
    else getter(item);
  }

  get() {
    if (this.#size() > 0) {
      const item = this.#take();
      const putter = this.#putters.shift();
      if (putter !== undefined) {
        this.#add(putter.item);
        putter.resolve();
      }
      return Promise.resolve(item);
    }
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  taskDone() {
    if (--this.#unfinished === 0) for (const resolve of this.#joiners.splice(0)) resolve();
  }

  join() {
    return this.#unfinished === 0
      ? Promise.resolve()
      : new Promise((resolve) => this.#joiners.push(resolve));
  }
}
