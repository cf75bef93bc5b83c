/**
 * Lazy coroutine objects: `hello()` creates a `Coroutine` that runs nothing until it is
 * awaited or scheduled, as a Python coroutine object does.
 */
import { RuntimeError, getRunningLoopOrUndefined, type EventLoop } from "@aiots/loop";
import { brandClass } from "./internal/brand.js";
import { assertFunction } from "@aiots/loop/internal";

interface NeverAwaited {
  readonly name: string;
  readonly loop: EventLoop;
}

// Debug mode only: a coroutine collected without ever being started is reported, as
// CPython's "RuntimeWarning: coroutine 'hello' was never awaited".
const neverAwaited = new FinalizationRegistry<NeverAwaited>(({ name, loop }) => {
  const message = `coroutine '${name}' was never awaited`;
  try {
    loop.callExceptionHandler({ message });
  } catch {
    loop.logger.warn(message);
  }
});

/**
 * A started-on-demand call of an async function: created by the functions that
 * {@link coroutine} returns. Awaiting it runs the function inline in the current task
 * (like `await hello()` in Python); `createTask`, `gather`, `waitFor` and `shield` wrap it
 * into a task. It runs at most once: awaiting it again gives the same result.
 *
 * @example
 * ```ts
 * const hello = coroutine(async (who: string) => `hello ${who}`);
 * const coro = hello("world"); // prints nothing, runs nothing
 * console.log(await coro); // "hello world"
 * ```
 */
export class Coroutine<T> implements PromiseLike<T> {
  #start: (() => T | PromiseLike<T>) | undefined;
  #promise: Promise<T> | undefined;
  #claimed = false;
  /** The name of the async function, as in `coroutine 'hello' was never awaited`. */
  readonly name: string;

  /** @internal Made by the functions {@link coroutine} returns. */
  constructor(start: () => T | PromiseLike<T>, name: string) {
    this.#start = start;
    this.name = name;
    const loop = getRunningLoopOrUndefined();
    if (loop?.getDebug() === true) neverAwaited.register(this, { name, loop }, this);
  }

  /**
   * Whether the coroutine has started (it was awaited or scheduled).
   *
   * @example
   * ```ts
   * const coro = hello();
   * coro.started(); // false
   * ```
   */
  started(): boolean {
    return this.#start === undefined;
  }

  /** @internal Starts the coroutine in the current context and returns its promise. */
  _run(): Promise<T> {
    if (this.#promise !== undefined) return this.#promise;
    const start = this.#start;
    this.#start = undefined;
    neverAwaited.unregister(this);
    // A synchronous throw becomes a rejection, as with an async function.
    const promise = new Promise<T>((resolve) => resolve(start!()));
    this.#promise = promise;
    return promise;
  }

  /**
   * @internal A task takes the coroutine over; a coroutine runs in one place only
   * (CPython: "cannot reuse already awaited coroutine").
   */
  _claim(): this {
    if (this.#claimed || this.#start === undefined) {
      throw new RuntimeError(`cannot reuse already awaited coroutine '${this.name}'`);
    }
    this.#claimed = true;
    neverAwaited.unregister(this);
    return this;
  }

  /**
   * Starts the coroutine (once) and subscribes to its outcome, so that `await coro` works.
   *
   * @example
   * ```ts
   * hello().then((text) => console.log(text));
   * ```
   */
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this._run().then(onfulfilled, onrejected);
  }

  /**
   * Starts the coroutine (once) and handles its failure.
   *
   * @example
   * ```ts
   * await failing().catch((error) => console.error(error));
   * ```
   */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this._run().catch(onrejected);
  }

  /**
   * Starts the coroutine (once) and runs `onfinally` when it settles.
   *
   * @example
   * ```ts
   * await job().finally(() => console.log("done"));
   * ```
   */
  finally(onfinally?: (() => void) | null): Promise<T> {
    return this._run().finally(onfinally);
  }

  /**
   * `<coroutine object hello>` (started or not).
   *
   * @example
   * ```ts
   * String(hello()); // "<coroutine object hello>"
   * ```
   */
  toString(): string {
    return `<coroutine object ${this.name}>`;
  }
}

/**
 * Makes an async function lazy, as Python's `async def` is: calling the result returns a
 * {@link Coroutine} that starts only when awaited or scheduled (`createTask`, `gather`,
 * `waitFor`, `shield`). In debug mode a coroutine that is garbage-collected without ever
 * being started is reported: "coroutine 'hello' was never awaited".
 *
 * @example
 * ```ts
 * const hello = coroutine(async function hello() {
 *   console.log("hello");
 *   await sleep(1000);
 *   console.log("world");
 * });
 * await run(async () => {
 *   const coro = hello(); // prints nothing yet
 *   await coro; // hello, (1 s), world
 * });
 * ```
 */
export function coroutine<A extends unknown[], R>(
  fn: (...args: A) => R | PromiseLike<R>,
): (...args: A) => Coroutine<Awaited<R>> {
  assertFunction("fn", fn);
  const name = fn.name === "" ? "<anonymous>" : fn.name;
  const make = (...args: A): Coroutine<Awaited<R>> =>
    new Coroutine<Awaited<R>>(() => fn(...args) as Awaited<R> | PromiseLike<Awaited<R>>, name);
  Object.defineProperty(make, "name", { value: name });
  return make;
}

/**
 * Whether `value` is a {@link Coroutine}, from either build of this package (ESM or CJS).
 *
 * @example
 * ```ts
 * const hello = coroutine(async () => console.log("Hello"));
 * isCoroutine(hello()); // true
 * isCoroutine(Promise.resolve()); // false
 * ```
 */
export function isCoroutine(value: unknown): value is Coroutine<unknown> {
  return isBrandedCoroutine(value);
}

// `instanceof Coroutine` and `isCoroutine` recognise the coroutines of both builds.
const isBrandedCoroutine = brandClass(Coroutine, "@aiots/tasks:Coroutine");
