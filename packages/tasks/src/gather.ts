/**
 * `gather` (asyncio's `gather` and `_GatheringFuture`).
 */
import {
  Future,
  fulfilledOutcome,
  markRunnable,
  outcomeOf,
  type AbstractEventLoop,
  type LoopContext,
  type Runnable,
} from "@aiots/loop";
import { Coroutine } from "./coroutine.js";
import { ensureFuture, loopOf } from "./internal/ensure-future.js";
import { isThenable, assertObject, assertBoolean, assertAwaitable } from "@aiots/loop/internal";

/**
 * Options of {@link gather}'s list form.
 *
 * @example
 * ```ts
 * const options: GatherOptions = { returnExceptions: true };
 * ```
 */
export interface GatherOptions {
  /** Return errors (and `CancelledError`s of cancelled children) in the result array
   * instead of rejecting with the first one. Default `false`. */
  returnExceptions?: boolean;
}

/**
 * The result tuple of `gather(...aws)`: each awaitable's resolved type, position by position.
 *
 * @example
 * ```ts
 * type R = GatherResult<[Promise<number>, Task<string>]>; // [number, string]
 * ```
 */
export type GatherResult<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: Awaited<T[K]>;
};
/**
 * The result tuple of `gather(aws, { returnExceptions: true })`: each value, or the error
 * that awaitable failed with.
 *
 * @example
 * ```ts
 * type R = GatherSettledResult<[Promise<number>]>; // [number | Error]
 * ```
 */
export type GatherSettledResult<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: Awaited<T[K]> | Error;
};

/**
 * The Future `gather` returns: its `cancel()` cancels every child that is not done
 * (asyncio's `_GatheringFuture`).
 *
 * @example
 * ```ts
 * const all = gather(sleep(1000), sleep(2000));
 * all.cancel(); // cancels both sleeps; `await all` rejects with CancelledError
 * ```
 */
export class GatheringFuture<T> extends Future<T> {
  readonly #children: readonly Future<unknown>[];
  /** @internal asyncio's `_cancel_requested`. */
  _cancelRequested = false;

  /** @internal Made by {@link gather}. */
  constructor(children: readonly Future<unknown>[], loop: AbstractEventLoop) {
    super({ loop });
    this.#children = children;
  }

  /**
   * Cancels every child that is not done; returns whether any was. The gather settles
   * (rejected with `CancelledError`) once the children have reacted.
   *
   * @example
   * ```ts
   * gather(a, b).cancel("stop");
   * ```
   */
  override cancel(msg?: string): boolean {
    if (this.done()) return false;
    let cancelled = false;
    for (const child of this.#children) if (child.cancel(msg)) cancelled = true;
    if (cancelled) this._cancelRequested = true;
    return cancelled;
  }
}

/**
 * Runs awaitables concurrently and resolves with their results in order (asyncio's
 * `gather`). Coroutines become tasks; native promises are mirrored. Returns a cancellable
 * {@link GatheringFuture} with an exact tuple type.
 *
 * asyncio's rules: the first error (or cancelled child) rejects the gather and the other
 * children keep running; with `returnExceptions: true` errors are returned in place.
 * Cancelling the gather cancels the children. No giant `Promise.all`: children report
 * through done callbacks and a counter.
 *
 * @example
 * ```ts
 * await run(async () => {
 *   const [a, b] = await gather(sleep(10, "a"), sleep(20, 2)); // ["a", 2]: string, number
 *   const settled = await gather([sleep(5, 1), failing()], { returnExceptions: true });
 * });
 * ```
 */
export function gather<const T extends readonly PromiseLike<unknown>[]>(
  awaitables: T,
  options: GatherOptions & { returnExceptions: true },
): GatheringFuture<GatherSettledResult<T>>;
export function gather<const T extends readonly PromiseLike<unknown>[]>(
  awaitables: T,
  options?: GatherOptions & { returnExceptions?: false | undefined },
): GatheringFuture<GatherResult<T>>;
export function gather<const T extends readonly PromiseLike<unknown>[]>(
  awaitables: T,
  options: GatherOptions,
): GatheringFuture<GatherResult<T> | GatherSettledResult<T>>;
export function gather<const T extends readonly PromiseLike<unknown>[]>(
  ...awaitables: T
): GatheringFuture<GatherResult<T>>;
export function gather(...args: unknown[]): GatheringFuture<unknown[]> {
  let awaitables: readonly unknown[];
  let returnExceptions = false;
  if (Array.isArray(args[0]) && args.length <= 2) {
    awaitables = args[0] as unknown[];
    const options = args[1];
    if (options !== undefined) {
      assertObject("options", options);
      const flag = (options as GatherOptions).returnExceptions;
      if (flag !== undefined) assertBoolean("returnExceptions", flag);
      returnExceptions = flag === true;
    }
  } else {
    awaitables = args;
  }
  // Validate everything before creating any task: nothing half-done on bad input.
  // The argument's name is built only for the error (not two strings per child).
  for (let i = 0; i < awaitables.length; i++) {
    if (!isThenable(awaitables[i])) assertAwaitable(`awaitables[${i}]`, awaitables[i]);
  }
  return gatherFutures(awaitables as readonly PromiseLike<unknown>[], returnExceptions);
}

/** @internal The body of gather, also used by `run()` to await cancelled tasks. */
export function gatherFutures(
  awaitables: readonly PromiseLike<unknown>[],
  returnExceptions: boolean,
  givenLoop?: AbstractEventLoop,
): GatheringFuture<unknown[]> {
  const loop = givenLoop ?? loopOf(awaitables);
  const count = awaitables.length;
  if (count === 0) {
    const outer = new GatheringFuture<unknown[]>([], loop);
    // Future.setResult is not overridden: asyncio returns a done future for gather().
    outer.setResult([]);
    return outer;
  }
  const children: Future<unknown>[] = new Array<Future<unknown>>(count);
  // The same coroutine twice must become one task (asyncio's arg_to_fut); the same Future
  // twice simply gets two done callbacks, which counts the same.
  let coroutines: Map<PromiseLike<unknown>, Future<unknown>> | undefined;
  for (let i = 0; i < count; i++) {
    const awaitable = awaitables[i]!;
    if (awaitable instanceof Coroutine) {
      coroutines ??= new Map();
      let child = coroutines.get(awaitable);
      if (child === undefined) coroutines.set(awaitable, (child = ensureFuture(awaitable, loop)));
      children[i] = child;
    } else {
      children[i] = ensureFuture(awaitable, loop);
    }
  }
  const unique = coroutines === undefined ? count : count - countRepeats(awaitables, coroutines);
  const outer = new GatheringFuture<unknown[]>(children, loop);
  const state = new GatherState(outer, children, unique, returnExceptions);
  if (coroutines === undefined) {
    for (let i = 0; i < count; i++) {
      const child = children[i]!;
      child._addDoneRunnable(new ChildDone(state, child));
    }
  } else {
    const registered = new Set<Future<unknown>>();
    for (let i = 0; i < count; i++) {
      const child = children[i]!;
      if (awaitables[i] instanceof Coroutine) {
        if (registered.has(child)) continue;
        registered.add(child);
      }
      child._addDoneRunnable(new ChildDone(state, child));
    }
  }
  return outer;
}

/** What a gather's children report to (asyncio's `_done_callback` closure state). */
class GatherState {
  finished = 0;
  constructor(
    readonly outer: GatheringFuture<unknown[]>,
    readonly children: readonly Future<unknown>[],
    readonly unique: number,
    readonly returnExceptions: boolean,
  ) {}

  childDone(child: Future<unknown>): void {
    const { outer, children } = this;
    this.finished++;
    if (outer.done()) {
      // Mark the exception retrieved: the gather already reported its outcome.
      if (!child.cancelled()) child.exception();
      return;
    }
    if (!this.returnExceptions && !fulfilledOutcome(child)) {
      outer.setException(outcomeOf(child, false));
      return;
    }
    if (this.finished === this.unique) {
      const count = children.length;
      const results = new Array<unknown>(count);
      for (let i = 0; i < count; i++) results[i] = outcomeOf(children[i]!);
      if (outer._cancelRequested) {
        // The gather itself was cancelled: propagate it whatever returnExceptions says
        // (CPython bpo-32684), as the CancelledError of the last child in argument order
        // (3.13's `fut._make_cancelled_error()` after its results loop rebound `fut`): no
        // message if that child was not cancelled (done before, or swallowed it).
        outer.setException(children[count - 1]!._makeCancelledError());
      } else {
        outer.setResult(results);
      }
    }
  }
}

/**
 * A child's done callback, queued on the loop by the child itself (a `Runnable`): two
 * fields instead of a Handle per child.
 */
class ChildDone implements Runnable {
  constructor(
    readonly state: GatherState,
    readonly child: Future<unknown>,
  ) {}

  declare readonly _resumes: LoopContext | undefined;

  _run(): void {
    try {
      this.state.childDone(this.child);
    } catch (error) {
      this.child.getLoop().callExceptionHandler({
        message: "Exception in callback gather's done callback",
        exception: error,
        future: this.child,
      });
    }
  }

  toString(): string {
    return "<Handle gather._done_callback()>";
  }
}
markRunnable(ChildDone);

/** How many positions repeat a coroutine seen earlier in `awaitables`. */
function countRepeats(
  awaitables: readonly PromiseLike<unknown>[],
  coroutines: Map<PromiseLike<unknown>, Future<unknown>>,
): number {
  let coroutinePositions = 0;
  for (const awaitable of awaitables) if (awaitable instanceof Coroutine) coroutinePositions++;
  return coroutinePositions - coroutines.size;
}
