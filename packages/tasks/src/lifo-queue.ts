/**
 * `LifoQueue` (asyncio's `queues.LifoQueue`).
 */
import { Queue } from "./queue.js";

/**
 * A {@link Queue} that returns the most recently added item first (a stack).
 *
 * @example
 * ```ts
 * const stack = new LifoQueue<number>();
 * stack.putNowait(1);
 * stack.putNowait(2);
 * stack.getNowait(); // 2
 * ```
 */
export class LifoQueue<T> extends Queue<T> {
  #stack: T[] = [];

  protected override _put(item: T): void {
    this.#stack.push(item);
  }

  protected override _get(): T {
    return this.#stack.pop()!;
  }

  protected override _size(): number {
    return this.#stack.length;
  }
}
