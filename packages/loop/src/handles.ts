/**
 * Handles returned by `callSoon`, `callLater` and `callAt` (asyncio's `events.Handle` and
 * `events.TimerHandle`).
 */
import { customRepr, shortString } from "./internal/format.js";
import { markRunnable, type AbstractEventLoop, type LoopContext, type Runnable } from "./types.js";

type Callback = (...args: never[]) => unknown;

/** @internal `args` of a handle whose one argument is in `#arg` (no array allocated). */
export const ONE_ARG: readonly unknown[] = Object.freeze([]);

/**
 * A callback scheduled on a loop by `callSoon`; `cancel()` stops it from running.
 *
 * @example
 * ```ts
 * const handle = loop.callSoon(() => console.log("never printed"));
 * handle.cancel();
 * handle.cancelled(); // true
 * ```
 */
export class Handle implements Runnable {
  #callback: Callback | undefined;
  #args: readonly unknown[] | undefined;
  #arg: unknown;
  #cancelled = false;
  #repr: string | undefined;
  readonly #loop: AbstractEventLoop;
  /** @internal A plain callback resumes no task step (a `Runnable` constant). */
  declare readonly _resumes: LoopContext | undefined;

  /** @internal Handles are made by the loop's `callSoon`/`callLater`/`callAt`. */
  constructor(
    callback: Callback,
    args: readonly unknown[] | undefined,
    loop: AbstractEventLoop,
    arg?: unknown,
  ) {
    this.#callback = callback;
    this.#args = args;
    // With `args === ONE_ARG`: `callback(arg)` without an argument array (the fast path).
    this.#arg = arg;
    this.#loop = loop;
  }

  /**
   * Stops the callback from running, if it has not run yet. Idempotent.
   *
   * @example
   * ```ts
   * loop.callSoon(cb).cancel();
   * ```
   */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    if (this.#loop.getDebug()) this.#repr = this.#format();
    // Let go of the callback and its arguments at once (asyncio does the same).
    this.#callback = undefined;
    this.#args = undefined;
    this.#arg = undefined;
  }

  /**
   * Whether `cancel()` was called.
   *
   * @example
   * ```ts
   * handle.cancelled(); // false until handle.cancel()
   * ```
   */
  cancelled(): boolean {
    return this.#cancelled;
  }

  /** @internal Runs the callback; an exception goes to the loop's exception handler. */
  _run(): void {
    const callback = this.#callback;
    if (callback === undefined) return;
    const args = this.#args;
    try {
      if (args === undefined) callback();
      else if (args === ONE_ARG) (callback as (a: unknown) => unknown)(this.#arg);
      else (callback as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      this.#loop.callExceptionHandler({
        message: `Exception in callback ${this._formatCallback()}`,
        exception: error,
        handle: this,
      });
    }
  }

  /** @internal The callback as asyncio formats it: `name(arg1, arg2)`. */
  _formatCallback(): string {
    const callback = this.#callback;
    if (callback === undefined) return "";
    const name = callback.name === "" ? "<anonymous>" : callback.name.replace(/^bound /, "");
    const args =
      this.#args === undefined
        ? ""
        : this.#args === ONE_ARG
          ? formatArg(this.#arg)
          : this.#args.map(formatArg).join(", ");
    return `${name}(${args})`;
  }

  /** @internal */
  _reprInfo(): string[] {
    const info: string[] = [];
    if (this.#cancelled) info.push("cancelled");
    const callback = this._formatCallback();
    if (callback !== "") info.push(callback);
    return info;
  }

  #format(): string {
    return `<${this.constructor.name} ${this._reprInfo().join(" ")}>`.replace(" >", ">");
  }

  /**
   * asyncio's repr: `<Handle cb(1, 2)>`, `<TimerHandle when=1000 cb()>`, `<Handle cancelled>`.
   *
   * @example
   * ```ts
   * String(loop.callSoon(function tick() {})); // "<Handle tick()>"
   * ```
   */
  toString(): string {
    return this.#repr ?? this.#format();
  }
}

/**
 * A callback scheduled for a point in loop time by `callLater`/`callAt`.
 *
 * @example
 * ```ts
 * const timer = loop.callLater(1000, () => console.log("a second later"));
 * timer.when(); // loop.time() + 1000 at the moment of the call
 * timer.cancel();
 * ```
 */
export class TimerHandle extends Handle {
  readonly #when: number;
  /** @internal Insertion order, the tie-break between equal deadlines. */
  readonly _seq: number;
  /** @internal Whether the timer is in the loop's heap. */
  _scheduled = false;
  readonly #loop: AbstractEventLoop;

  /** @internal */
  constructor(
    when: number,
    seq: number,
    callback: Callback,
    args: readonly unknown[] | undefined,
    loop: AbstractEventLoop,
    arg?: unknown,
  ) {
    super(callback, args, loop, arg);
    this.#when = when;
    this._seq = seq;
    this.#loop = loop;
  }

  /**
   * The loop time (ms) at which the callback is due.
   *
   * @example
   * ```ts
   * loop.callAt(5000, cb).when(); // 5000
   * ```
   */
  when(): number {
    return this.#when;
  }

  /**
   * Cancels the timer; the loop drops cancelled timers lazily and compacts its heap when
   * they pile up.
   *
   * @example
   * ```ts
   * loop.callLater(100, cb).cancel();
   * ```
   */
  override cancel(): void {
    if (this.cancelled()) return;
    super.cancel();
    if (this._scheduled) this.#loop._timerHandleCancelled(this);
  }

  /** @internal */
  override _reprInfo(): string[] {
    const info = super._reprInfo();
    info.splice(this.cancelled() ? 1 : 0, 0, `when=${this.#when}`);
    return info;
  }
}
markRunnable(Handle);

function formatArg(value: unknown): string {
  switch (typeof value) {
    case "string":
      return shortString(value);
    case "function":
      return value.name === "" ? "<function>" : value.name;
    case "object":
      return value === null ? "null" : (customRepr(value) ?? `<${value.constructor.name}>`);
    default:
      return String(value);
  }
}
