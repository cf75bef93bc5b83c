/**
 * `map` and `forEach`: bounded concurrency over many items (p-map's shape, asyncio's
 * `gather` rules for errors, trio's structured concurrency for the workers).
 */
import { CancelledError, Future, getRunningLoop, type EventLoop } from "@aiots/loop";
import { Task } from "./task.js";
import { awaitValue } from "./internal/waiter-queue.js";
import { expected, assertFunction, assertObject, assertBoolean } from "@aiots/loop/internal";

/**
 * Options of {@link map} and {@link forEach}.
 *
 * @example
 * ```ts
 * const options: MapOptions = { concurrency: 10, signal: AbortSignal.timeout(60_000) };
 * ```
 */
export interface MapOptions {
  /** How many calls of `fn` run at once: an integer >= 1 or `Infinity` (the default). */
  concurrency?: number;
  /** Aborting it stops the map: no new item is pulled, running calls are cancelled. */
  signal?: AbortSignal;
  /** As `gather`'s: errors are returned in place of results instead of stopping the map. */
  returnExceptions?: boolean;
}

/** What {@link map} and {@link forEach} take: any iterable or async iterable. */
export type MapSource<T> = Iterable<T> | AsyncIterable<T>;

/**
 * The Future {@link map} and {@link forEach} return. `cancel(msg)` stops pulling items
 * and cancels the running calls; the future is cancelled once they have ended.
 *
 * @example
 * ```ts
 * const pages = map(urls, fetchPage, { concurrency: 5 });
 * pages.cancel("enough"); // `await pages` rejects with CancelledError once the calls stop
 * ```
 */
export class MapFuture<R> extends Future<R> {
  readonly #onCancel: (msg: string) => void;

  /** @internal Made by {@link map} and {@link forEach}. */
  constructor(loop: EventLoop, onCancel: (msg: string) => void) {
    super({ loop });
    this.#onCancel = onCancel;
  }

  /**
   * Stops the map: no more items are pulled, the running calls are cancelled with `msg`,
   * and the future is cancelled once they have ended. False if it is already done.
   *
   * @example
   * ```ts
   * future.cancel("shutting down");
   * ```
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    this.#onCancel(msg ?? "");
    return true;
  }

  /** @internal Settles the future as cancelled (once every call has ended). */
  _finishCancelled(msg: string): void {
    super.cancel(msg);
  }
}

/** Why a map stopped early: the first error, a cancel(msg), or the signal's abort. */
type Stop = { error: unknown } | { cancelled: string } | { aborted: unknown };

const EXHAUSTED: unique symbol = Symbol("exhausted");
/** An item pulled from the source with its index, or the end of the source. */
type Pulled<T> = { readonly item: T; readonly index: number } | typeof EXHAUSTED;

/** One map's state, shared by its worker tasks. */
class MapRun<T, R> {
  readonly future: MapFuture<R[] | undefined>;
  readonly results: R[] | undefined;
  readonly #workers = new Set<Task<void>>();
  #next = 0;
  #exhausted = false;
  #stop: Stop | undefined;
  #signal: AbortSignal | undefined;
  // Exactly one of these is the source: an array (indexed), a sync or an async iterator.
  readonly #array: readonly T[] | undefined;
  readonly #iterator: Iterator<T> | undefined;
  readonly #asyncIterator: AsyncIterator<T> | undefined;
  // Async pulls are chained: one next() at a time, as an async iterator expects.
  #pullTail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly loop: EventLoop,
    source: MapSource<T>,
    readonly fn: (item: T, index: number) => R | PromiseLike<R>,
    readonly concurrency: number,
    readonly returnExceptions: boolean,
    keepResults: boolean,
  ) {
    this.future = new MapFuture(loop, (msg) => this.stop({ cancelled: msg }));
    this.results = keepResults ? [] : undefined;
    if (Array.isArray(source)) {
      this.#array = source as readonly T[];
    } else if (Symbol.asyncIterator in source) {
      this.#asyncIterator = source[Symbol.asyncIterator]();
    } else {
      this.#iterator = source[Symbol.iterator]();
    }
  }

  start(signal: AbortSignal | undefined): void {
    if (signal !== undefined) {
      this.#signal = signal;
      signal.addEventListener("abort", this.#onAbort);
    }
    const array = this.#array;
    // An array's length is known: start its workers at once; an iterable's workers are
    // started one by one, each when the previous one has pulled an item.
    const count = array === undefined ? 1 : Math.min(this.concurrency, array.length);
    if (count === 0) this.#settle();
    for (let i = 0; i < count; i++) this.#spawn();
  }

  #spawn(): void {
    const worker = new Task<void>(() => this.#work(), { loop: this.loop });
    this.#workers.add(worker);
    worker.addDoneCallback(this.#onWorkerDone);
  }

  async #work(): Promise<void> {
    while (this.#stop === undefined) {
      let pulled: Pulled<T>;
      try {
        pulled = this.#asyncIterator === undefined ? this.#pullSync() : await this.#pullAsync();
      } catch (error) {
        this.stop({ error });
        return;
      }
      if (pulled === EXHAUSTED || this.#stop !== undefined) return;
      const { item, index } = pulled;
      if (this.#array === undefined && this.#workers.size < this.concurrency) this.#spawn();
      try {
        const value = await awaitValue(this.fn(item, index));
        if (this.results !== undefined) this.results[index] = value;
      } catch (error) {
        if (this.#stop !== undefined && error instanceof CancelledError) return;
        if (!this.returnExceptions) {
          this.stop({ error });
          return;
        }
        if (this.results !== undefined) this.results[index] = error as R;
      }
    }
  }

  #pullSync(): Pulled<T> {
    if (this.#exhausted) return EXHAUSTED;
    const array = this.#array;
    if (array !== undefined) {
      if (this.#next >= array.length) return EXHAUSTED;
      const index = this.#next++;
      return { item: array[index]!, index };
    }
    const step = this.#iterator!.next();
    if (step.done === true) {
      this.#exhausted = true;
      return EXHAUSTED;
    }
    return { item: step.value, index: this.#next++ };
  }

  #pullAsync(): Promise<Pulled<T>> {
    const pulled = this.#pullTail.then(async (): Promise<Pulled<T>> => {
      if (this.#exhausted || this.#stop !== undefined) return EXHAUSTED;
      const step = await this.#asyncIterator!.next();
      if (step.done === true) {
        this.#exhausted = true;
        return EXHAUSTED;
      }
      return { item: step.value, index: this.#next++ };
    });
    this.#pullTail = pulled.then(noop, noop);
    return pulled;
  }

  /** Stops pulling and cancels the running calls; the first reason wins. */
  stop(reason: Stop): void {
    if (this.#stop !== undefined) return;
    this.#stop = reason;
    const msg = "cancelled" in reason ? reason.cancelled : undefined;
    for (const worker of this.#workers) worker.cancel(msg);
  }

  readonly #onAbort = (): void => {
    this.stop({ aborted: this.#signal!.reason });
  };

  readonly #onWorkerDone = (worker: Future<void>): void => {
    this.#workers.delete(worker as Task<void>);
    // A worker catches what `fn` throws; anything else escaping it stops the map too.
    if (!worker.cancelled() && worker.exception() !== undefined) {
      this.stop({ error: worker.exception() });
    }
    if (this.#workers.size === 0) this.#settle();
  };

  #settle(): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
    const future = this.future;
    if (future.done()) return;
    const stop = this.#stop;
    if (stop !== undefined && !this.#exhausted)
      closeIterator(this.#iterator ?? this.#asyncIterator);
    if (stop === undefined) future.setResult(this.results);
    else if ("error" in stop) future.setException(stop.error);
    else if ("aborted" in stop) future.setException(stop.aborted);
    else future._finishCancelled(stop.cancelled);
  }
}

function noop(): void {}

/** Lets a generator run its `finally` blocks when the map stops before its end. */
function closeIterator(iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined): void {
  try {
    const closed = iterator?.return?.();
    if (closed instanceof Promise) closed.then(noop, noop);
  } catch {
    // The map already has its outcome; the source's own cleanup error is not it.
  }
}

interface ValidOptions {
  concurrency: number;
  signal: AbortSignal | undefined;
  returnExceptions: boolean;
}

function validate(items: unknown, fn: unknown, options: unknown): ValidOptions {
  if (
    typeof items !== "object" ||
    items === null ||
    (typeof (items as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function" &&
      typeof (items as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== "function")
  ) {
    throw new TypeError(expected("items", "an iterable or an async iterable", items));
  }
  assertFunction("fn", fn);
  if (options === undefined)
    return { concurrency: Infinity, signal: undefined, returnExceptions: false };
  assertObject("options", options);
  const { concurrency = Infinity, signal, returnExceptions = false } = options as MapOptions;
  if (typeof concurrency !== "number") {
    throw new TypeError(
      expected("concurrency", "an integer from 1 and up or `Infinity`", concurrency),
    );
  }
  if (!(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency >= 1))) {
    throw new RangeError(
      expected("concurrency", "an integer from 1 and up or `Infinity`", concurrency),
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(expected("signal", "an AbortSignal", signal));
  }
  assertBoolean("returnExceptions", returnExceptions);
  return { concurrency, signal, returnExceptions };
}

function startMap<T, R>(
  items: MapSource<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options: MapOptions | undefined,
  keepResults: boolean,
): MapFuture<R[] | undefined> {
  const { concurrency, signal, returnExceptions } = validate(items, fn, options);
  const loop = getRunningLoop();
  const run = new MapRun<T, R>(loop, items, fn, concurrency, returnExceptions, keepResults);
  if (signal?.aborted === true) {
    run.future.setException(signal.reason);
    return run.future;
  }
  run.start(signal);
  return run.future;
}

/**
 * Calls `fn(item, index)` for each item with at most `concurrency` calls at once, and
 * resolves with the results in input order (p-map's shape). Items are pulled lazily, one
 * as each call starts, from an array, any iterable or an async iterable (whose `next()`
 * calls are made one at a time), so an endless or huge source never sits in memory.
 * The calls run in at most `concurrency` worker tasks, children of the calling task.
 *
 * The first error stops the map (asyncio's `gather`, p-map's `stopOnError`): no new item
 * is pulled, the running calls are cancelled, and the map rejects with that error once
 * they have ended (nothing keeps running behind it). With `returnExceptions: true`, errors
 * take the place of their results and the map carries on. Aborting `signal` stops it the
 * same way and rejects with `signal.reason` (p-map); an already aborted signal rejects
 * before any call. Returns a cancellable {@link MapFuture}: cancelling it, or the task
 * awaiting it, stops the map and rejects with `CancelledError`. A source stopped early is
 * closed (`iterator.return()`). TypeError/RangeError naming the argument for bad input.
 *
 * @example
 * ```ts
 * const sizes = await map(urls, async (url) => (await session.get(url)).headers["content-length"], {
 *   concurrency: 10,
 * });
 * ```
 */
export function map<T, R>(
  items: MapSource<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options: MapOptions & { returnExceptions: true },
): MapFuture<(Awaited<R> | Error)[]>;
export function map<T, R>(
  items: MapSource<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options?: MapOptions,
): MapFuture<Awaited<R>[]>;
export function map<T, R>(
  items: MapSource<T>,
  fn: (item: T, index: number) => R | PromiseLike<R>,
  options?: MapOptions,
): MapFuture<unknown[]> {
  return startMap(items, fn, options, true) as MapFuture<unknown[]>;
}

/**
 * {@link map} without the results: calls `fn(item, index)` for each item, at most
 * `concurrency` at once, pulling items lazily; resolves when every call has ended. Same
 * rules for errors, `signal`, `returnExceptions` (errors are then ignored) and
 * cancellation.
 *
 * @example
 * ```ts
 * await forEach(readLines(file), (line) => store(line), { concurrency: 4 });
 * ```
 */
export function forEach<T>(
  items: MapSource<T>,
  fn: (item: T, index: number) => unknown,
  options?: MapOptions,
): MapFuture<void> {
  return startMap(items, fn, options, false) as MapFuture<unknown> as MapFuture<void>;
}
