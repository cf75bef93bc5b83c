/**
 * A Future that is done with a result from the start, and that `await` reads as fast as a
 * native promise: what a library wait returns when it need not wait (a free lock, a queue
 * with an item, a set Event).
 */
import { makeCancelledError, InvalidStateError } from "./errors.js";
import { futureBrand, type Future } from "./future.js";
import { shortRepr } from "./internal/format.js";
import { assertFunction } from "./internal/validate.js";
import type { AbstractEventLoop, Runnable } from "./types.js";

// `new Promise` runs its executor synchronously: the slot hands it the value (no closure).
let valueSlot: unknown;
function resolveWithSlot(resolve: (value: never) => void): void {
  resolve(valueSlot as never);
}

/**
 * A native promise, fulfilled at birth, with the members of a done {@link Future}. Its
 * prototype's `constructor` is `Promise`, so `await` takes it as a native promise (no
 * thenable job, no `then()` call, no promise of its own): awaiting a done Future never
 * suspends and never delivers a cancellation, so the `Awaiter` hook has nothing to do.
 */
class ResolvedFuture<T> extends Promise<T> {
  readonly #loop: AbstractEventLoop;
  readonly #value: T;

  constructor(loop: AbstractEventLoop, value: T) {
    valueSlot = value;
    super(resolveWithSlot);
    valueSlot = undefined;
    this.#loop = loop;
    this.#value = value;
  }

  getLoop(): AbstractEventLoop {
    return this.#loop;
  }

  done(): boolean {
    return true;
  }

  cancelled(): boolean {
    return false;
  }

  result(): T {
    return this.#value;
  }

  exception(): unknown {
    return undefined;
  }

  cancel(_msg?: string): boolean {
    return false;
  }

  setResult(_value: T): never {
    throw new InvalidStateError(`invalid state: ${this.toString()}`);
  }

  setException(_error: unknown): never {
    throw new InvalidStateError(`invalid state: ${this.toString()}`);
  }

  _setResultNow(value: T): never {
    return this.setResult(value);
  }

  _setExceptionNow(error: unknown): never {
    return this.setException(error);
  }

  addDoneCallback(callback: (future: Future<T>) => void): void {
    assertFunction("callback", callback);
    this.#loop._callSoonWithArg(callback, this as unknown as Future<T>);
  }

  _addDoneRunnable(runnable: Runnable): void {
    this.#loop._callSoonRunnable(runnable);
  }

  removeDoneCallback(_callback: (future: Future<T>) => void): number {
    return 0;
  }

  get _logTraceback(): boolean {
    return false;
  }

  /** @internal */
  set _logTraceback(value: boolean) {
    if (value)
      throw new TypeError("Expected `_logTraceback` to be set to false only, got `true` (boolean)");
  }

  get _cancelMessage(): string | undefined {
    return undefined;
  }

  _makeCancelledError(): ReturnType<typeof makeCancelledError> {
    return makeCancelledError("", this.#loop.getDebug());
  }

  override toString(): string {
    return `<Future ${this._reprInfo().join(" ")}>`;
  }

  _reprInfo(): string[] {
    return ["finished", `result=${shortRepr(this.#value)}`];
  }
}
// `await` and `Promise.resolve` take it as it is (their constructor check finds Promise);
// `then()` derives plain promises.
const prototype: object = ResolvedFuture.prototype;
Object.defineProperties(prototype, {
  constructor: { value: Promise, writable: true, configurable: true },
  [futureBrand]: { value: true },
});

/**
 * A Future already done with `value`, bound to `loop`. `await` of it costs what `await` of
 * a resolved native promise costs (it is one), where a `Future` made and settled with
 * `setResult` goes through `then()`. It is a `Future` for `isFuture` and `instanceof
 * Future`; it is also a `Promise`.
 *
 * @example
 * ```ts
 * const fut = resolvedFuture(loop, 42);
 * fut.done(); // true
 * await fut; // 42
 * ```
 */
export function resolvedFuture<T>(loop: AbstractEventLoop, value: T): Future<T> {
  return new ResolvedFuture(loop, value) as unknown as Future<T>;
}
