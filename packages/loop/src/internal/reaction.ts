/**
 * A `then()` on a pending Future, run by the loop one iteration after the future settles,
 * and what that `then()` returns: a lazy promise.
 */
import type { AsyncResource } from "node:async_hooks";
import { currentContext } from "../context.js";
import type { LoopContext, Runnable } from "../types.js";
import { captureContext, runInCaptured } from "./context-capture.js";

type Handler = ((value: never) => unknown) | null | undefined;

/** `#chain` once the handlers ran to a fulfilment with a primitive, with no promise made. */
const RAN = Symbol("ran");

/**
 * A `then()` on a pending future, queued on the loop (a {@link Runnable}: no Handle, no
 * argument array per await) once the future settles. The handlers are called from that
 * loop callback (in the context `then()` was called in).
 *
 * It is also what `then()` returns (see `FutureThen`): a thenable whose native promise is
 * made only when someone needs it. `await future` (V8 calls `then(resolve, reject)` and
 * ignores what it returns) costs this one object of seven fields (and, where async context is
 * kept in frames, the `AsyncResource` that holds it) and no promise; a chain on
 * the result (`then`, `catch`, `finally`, or awaiting it) makes the promise, settled as the
 * handler's outcome. An outcome nobody could observe otherwise (a rejection: the handler
 * threw, or the future failed with no `onrejected`; or an object the handler returned,
 * which may be a thenable to adopt) makes the promise when the handlers run, as a plain
 * promise would have it: an unhandled rejection is reported by Node exactly as before.
 */
export class Reaction implements Runnable, PromiseLike<unknown> {
  /**
   * Set by the future when it settles: which handler runs, with what. Once the handlers
   * ran: the outcome of this thenable.
   */
  fulfilled = false;
  value: unknown;
  /**
   * The promise side: `undefined` (nothing chained, handlers not run), a {@link Deferred}
   * (chained before the handlers ran), the promise (made), or `RAN` (the handlers ran to a
   * primitive and nothing chained yet).
   */
  #chain: Deferred | Promise<unknown> | typeof RAN | undefined;
  // Where async context is kept in frames: the whole context `then()` was called in (every
  // AsyncLocalStorage store), re-entered by reference for the handlers instead of a copy
  // of the current frame per resume (see context-capture.ts).
  readonly #scope: AsyncResource | undefined;
  constructor(
    readonly onFulfilled: Handler,
    readonly onRejected: Handler,
    /**
     * The context `then()` was called in: the handlers run in it, and the loop runs the
     * awaiting step (a task's) up to its next real suspension before any other.
     */
    readonly _resumes: LoopContext | undefined,
  ) {
    this.#scope = _resumes === undefined ? undefined : captureContext();
  }

  _run(): void {
    const context = this._resumes;
    // A cancellation requested after the future completed, before this await resumed:
    // asyncio's __step raises it at this very await, instead of the outcome (so two
    // requests before the task resumes make one delivery).
    const error = context?.awaiter?._onResume?.(this.fulfilled, this.value);
    if (error !== undefined) {
      this.fulfilled = false;
      this.value = error;
    }
    if (context === undefined || context === currentContext()) Reaction.#callHandler(this);
    else runInCaptured(this.#scope, context, Reaction.#callHandler, this);
  }

  static #callHandler(this: void, reaction: Reaction): void {
    const handler = reaction.fulfilled ? reaction.onFulfilled : reaction.onRejected;
    if (typeof handler === "function") {
      try {
        reaction.value = (handler as (value: unknown) => unknown)(reaction.value);
        reaction.fulfilled = true;
      } catch (error) {
        reaction.value = error;
        reaction.fulfilled = false;
      }
    }
    const value = reaction.value;
    const chain = reaction.#chain;
    if (chain instanceof Deferred) {
      reaction.#chain = chain.promise;
      if (reaction.fulfilled) chain.resolve(value);
      else chain.reject(value);
    } else if (!reaction.fulfilled) {
      // Nobody chained yet: the rejection must reach Node's unhandled-rejection report.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- whatever the handler threw or the future held
      reaction.#chain = Promise.reject(value);
    } else if (isObjectLike(value)) {
      // Maybe a thenable: adopted now, as a promise resolved with it would.
      const deferred = newDeferred();
      deferred.resolve(value);
      reaction.#chain = deferred.promise;
    } else {
      // A primitive waits for a chain (or is dropped: `await future`).
      reaction.#chain = RAN;
    }
  }

  /** The native promise of this `then()`'s outcome, made on first use. */
  promise(): Promise<unknown> {
    const chain = this.#chain;
    if (chain === undefined) {
      const deferred = newDeferred();
      this.#chain = deferred;
      return deferred.promise;
    }
    if (chain === RAN) {
      const promise = Promise.resolve(this.value);
      this.#chain = promise;
      return promise;
    }
    return chain instanceof Deferred ? chain.promise : chain;
  }

  then<R1, R2 = never>(
    onfulfilled?: ((value: unknown) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.promise().then(onfulfilled, onrejected);
  }

  catch<R = never>(
    onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): Promise<unknown> {
    return this.promise().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<unknown> {
    return this.promise().finally(onfinally);
  }

  toString(): string {
    return "<Handle Future.then()>";
  }
}

/**
 * A promise and its resolving functions, for a chain made before the handlers ran (see
 * {@link newDeferred}).
 */
class Deferred {
  promise!: Promise<unknown>;
  resolve!: (value: unknown) => void;
  reject!: (reason: unknown) => void;
}

/**
 * A new {@link Deferred}. The executor is a shared function that takes the Deferred from a
 * module slot (`new Promise` runs it synchronously): no closure.
 */
function newDeferred(): Deferred {
  const deferred = new Deferred();
  deferredSlot = deferred;
  deferred.promise = new Promise(takeResolvers);
  return deferred;
}

let deferredSlot: Deferred | undefined;
function takeResolvers(resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
  const deferred = deferredSlot!;
  deferredSlot = undefined;
  deferred.resolve = resolve;
  deferred.reject = reject;
}

function isObjectLike(value: unknown): boolean {
  return typeof value === "function" || (typeof value === "object" && value !== null);
}
