/**
 * A `then()` on a pending Future, run by the loop one iteration after the future settles,
 * and what that `then()` returns: a lazy promise.
 */
import { currentContext, runInContextWith } from "../context.js";
import type { LoopContext, Runnable } from "../types.js";

type Handler = ((value: never) => unknown) | null | undefined;

/**
 * A `then()` on a pending future, queued on the loop (a {@link Runnable}: no Handle, no
 * argument array per await) once the future settles. The handlers are called from that
 * loop callback (in the context `then()` was called in).
 *
 * It is also what `then()` returns (see `FutureThen`): a thenable whose native promise is
 * made only when someone needs it. `await future` (V8 calls `then(resolve, reject)` and
 * ignores what it returns) costs this one object and no promise; a chain on the result
 * (`then`, `catch`, `finally`, or awaiting it) makes the promise, settled as the handler's
 * outcome. An outcome nobody could observe otherwise (a rejection: the handler threw, or
 * the future failed with no `onrejected`; or an object the handler returned, which may be
 * a thenable to adopt) makes the promise when the handlers run, as a plain promise would
 * have it: an unhandled rejection is reported by Node exactly as before.
 */
export class Reaction implements Runnable, PromiseLike<unknown> {
  /**
   * Set by the future when it settles: which handler runs, with what. Once the handlers
   * ran (`ran`): the outcome of this thenable.
   */
  fulfilled = false;
  value: unknown;
  ran = false;
  /** The native promise, once made (see `promise()`). */
  #promise: Promise<unknown> | undefined;
  /** Its resolving functions, when it was made before the handlers ran. */
  resolve: ((value: unknown) => void) | undefined;
  reject: ((reason: unknown) => void) | undefined;
  constructor(
    readonly onFulfilled: Handler,
    readonly onRejected: Handler,
    /**
     * The context `then()` was called in: the handlers run in it, and the loop runs the
     * awaiting step (a task's) up to its next real suspension before any other.
     */
    readonly _resumes: LoopContext | undefined,
  ) {}

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
    else runInContextWith(context, Reaction.#callHandler, this);
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
    reaction.ran = true;
    const value = reaction.value;
    if (reaction.resolve === undefined) {
      // Nobody chained yet. A primitive waits for a chain (or is dropped: `await future`);
      // a rejection must reach Node's unhandled-rejection report, and an object may be a
      // thenable to adopt now, as a promise resolved with it would.
      if (reaction.fulfilled && !isObjectLike(value)) return;
      reaction.#promise = settleablePromise(reaction);
    }
    if (reaction.fulfilled) reaction.resolve!(value);
    else reaction.reject!(value);
  }

  /** The native promise of this `then()`'s outcome, made on first use. */
  promise(): Promise<unknown> {
    let promise = this.#promise;
    if (promise === undefined) {
      // Once the handlers ran without making it, the outcome is a fulfilment with a
      // primitive (see #callHandler).
      promise = this.ran ? Promise.resolve(this.value) : settleablePromise(this);
      this.#promise = promise;
    }
    return promise;
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
 * A new promise for `reaction`, its resolving functions stored on the reaction. The
 * executor is a shared function that takes the Reaction from a module slot (`new Promise`
 * runs it synchronously): no closure.
 */
function settleablePromise(reaction: Reaction): Promise<unknown> {
  reactionSlot = reaction;
  return new Promise(takeReactionResolvers);
}

let reactionSlot: Reaction | undefined;
function takeReactionResolvers(
  resolve: (value: unknown) => void,
  reject: (reason: unknown) => void,
): void {
  const reaction = reactionSlot!;
  reactionSlot = undefined;
  reaction.resolve = resolve;
  reaction.reject = reject;
}

function isObjectLike(value: unknown): boolean {
  return typeof value === "function" || (typeof value === "object" && value !== null);
}
