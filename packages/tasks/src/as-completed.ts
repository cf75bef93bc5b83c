/**
 * `asCompleted` (asyncio's `as_completed`, 3.13: async iteration yields the original
 * futures; plain iteration yields awaitables in completion order).
 */
import {
  Future,
  TimeoutError,
  copyOutcome,
  type AbstractEventLoop,
  type HandleLike,
} from "@aiots/loop";
import { ensureFuture, loopOf } from "./internal/ensure-future.js";
import {
  expected,
  isThenable,
  assertObject,
  assertAwaitable,
  assertOptionalTimeout,
} from "@aiots/loop/internal";

/**
 * Options of {@link asCompleted}.
 *
 * @example
 * ```ts
 * const options: AsCompletedOptions = { timeout: 1000 };
 * ```
 */
export interface AsCompletedOptions {
  /** After this many ms, the next step throws `TimeoutError`; `null`/`undefined`: no limit. */
  timeout?: number | null;
}

/**
 * The iterator {@link asCompleted} returns. `for await (const fut of it)` yields each
 * Future (Task, or the wrapper of a coroutine/promise) as it completes;
 * `for (const next of it)` yields Futures to await, resolving in completion order.
 *
 * @example
 * ```ts
 * for await (const task of asCompleted(tasks)) console.log(await task);
 * ```
 */
export class AsCompletedIterator<T>
  implements AsyncIterableIterator<Future<T>>, Iterable<Future<T>>
{
  readonly #loop: AbstractEventLoop;
  readonly #todo = new Set<Future<T>>();
  readonly #done: Future<T>[] = [];
  #doneHead = 0;
  readonly #waiters = new Set<Future<void>>();
  #timer: HandleLike | undefined;
  #timedOut = false;
  #yielded = 0;
  readonly #total: number;

  /** @internal Made by {@link asCompleted}. */
  constructor(awaitables: readonly PromiseLike<T>[], timeoutMs: number | null | undefined) {
    this.#loop = loopOf(awaitables);
    for (const awaitable of awaitables) this.#todo.add(ensureFuture(awaitable, this.#loop));
    this.#total = this.#todo.size;
    for (const future of this.#todo) future.addDoneCallback(this.#onDone);
    if (
      timeoutMs !== null &&
      timeoutMs !== undefined &&
      timeoutMs !== Infinity &&
      this.#todo.size > 0
    ) {
      this.#timer = this.#loop.callLater(timeoutMs, this.#onTimeout);
    }
  }

  readonly #onDone = (future: Future<T>): void => {
    if (!this.#todo.delete(future)) return;
    this.#done.push(future);
    if (this.#todo.size === 0) this.#timer?.cancel();
    this.#wakeAll();
  };

  readonly #onTimeout = (): void => {
    this.#timedOut = true;
    for (const future of this.#todo) future.removeDoneCallback(this.#onDone);
    this.#todo.clear();
    this.#wakeAll();
  };

  #wakeAll(): void {
    for (const waiter of this.#waiters) if (!waiter.done()) waiter.setResult(undefined);
    this.#waiters.clear();
  }

  // Wrapped in an object: an async function returning a Future would adopt (await) it.
  async #nextFuture(): Promise<{ future: Future<T> } | undefined> {
    for (;;) {
      if (this.#doneHead < this.#done.length) {
        const future = this.#done[this.#doneHead]!;
        this.#done[this.#doneHead++] = undefined as unknown as Future<T>;
        this.#yielded++;
        return { future };
      }
      if (this.#timedOut) throw new TimeoutError("asCompleted() timed out");
      if (this.#todo.size === 0) return undefined;
      const waiter = new Future<void>({ loop: this.#loop });
      this.#waiters.add(waiter);
      try {
        await waiter;
      } finally {
        this.#waiters.delete(waiter);
      }
    }
  }

  /**
   * The next completed Future (async iteration).
   *
   * @example
   * ```ts
   * const { value, done } = await it.next();
   * ```
   */
  async next(): Promise<IteratorResult<Future<T>, undefined>> {
    const next = await this.#nextFuture();
    return next === undefined
      ? { done: true, value: undefined }
      : { done: false, value: next.future };
  }

  /**
   * Stops listening (on `break` out of `for await`).
   *
   * @example
   * ```ts
   * await it.return();
   * ```
   */
  async return(): Promise<IteratorResult<Future<T>, undefined>> {
    await Promise.resolve();
    this.#timer?.cancel();
    for (const future of this.#todo) future.removeDoneCallback(this.#onDone);
    this.#todo.clear();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * Plain iteration (asyncio's classic form): yields one Future per input; the first
   * resolves like the first input to complete, and so on.
   *
   * @example
   * ```ts
   * for (const next of asCompleted(tasks)) console.log(await next);
   * ```
   */
  *[Symbol.iterator](): Iterator<Future<T>> {
    const remaining = this.#total - this.#yielded;
    for (let i = 0; i < remaining; i++) {
      const out = new Future<T>({ loop: this.#loop });
      this.#nextFuture().then(
        (next) => {
          if (out.done() || next === undefined) return;
          copyOutcome(next.future, out);
        },
        (error: unknown) => {
          if (!out.done()) out.setException(error);
        },
      );
      yield out;
    }
  }
}

/**
 * Iterates over awaitables in the order they complete (asyncio's `as_completed`). With
 * `for await`, each step yields the completed Future itself (the Task you passed, or the
 * wrapper of a coroutine/promise); with `for ... of`, each step yields a Future to await.
 * When `timeout` ms pass before all are done, the next step throws `TimeoutError` (the
 * awaitables are not cancelled).
 *
 * @example
 * ```ts
 * const tasks = ["a", "b"].map((name) => createTask(async () => name.toUpperCase()));
 * for await (const task of asCompleted(tasks, { timeout: 10_000 })) {
 *   console.log(task.result());
 * }
 * ```
 */
export function asCompleted<A extends PromiseLike<unknown>>(
  awaitables: Iterable<A>,
  options: AsCompletedOptions = {},
): AsCompletedIterator<Awaited<A>> {
  if (
    awaitables === null ||
    typeof awaitables !== "object" ||
    typeof (awaitables as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(expected("awaitables", "an iterable of awaitables", awaitables));
  }
  assertObject("options", options);
  assertOptionalTimeout("timeout", options.timeout);
  const list = [...awaitables];
  list.forEach((awaitable, i) => {
    if (!isThenable(awaitable)) assertAwaitable(`awaitables[${i}]`, awaitable);
  });
  return new AsCompletedIterator<Awaited<A>>(
    list as unknown as PromiseLike<Awaited<A>>[],
    options.timeout,
  );
}
