/**
 * A `then()` on a pending Future, run by the loop one iteration after the future settles.
 */
import { currentContext, runInContextWith } from "../context.js";
import type { LoopContext, Runnable } from "../types.js";

type Handler = ((value: never) => unknown) | null | undefined;

/**
 * A `then()` on a pending future, queued on the loop (a {@link Runnable}: no Handle, no
 * argument array per await) once the future settles. The handlers are called from that
 * loop callback (in the context `then()` was called in), and settle the one promise
 * `then()` returned: `await future` costs one promise, not a promise and its `.then()`.
 */
export class Reaction implements Runnable {
  /** Set by the future when it settles: which handler runs, with what. */
  fulfilled = false;
  value: unknown;
  /** The resolving functions of the promise `then()` returned (set by its executor). */
  resolve!: (value: unknown) => void;
  reject!: (reason: unknown) => void;
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
    if (context === undefined || context === currentContext()) callHandler(this);
    else runInContextWith(context, callHandler, this);
  }

  toString(): string {
    return "<Handle Future.then()>";
  }
}

/**
 * The promise `then()` returns for `reaction`, its resolving functions stored on the
 * reaction. The executor is a shared function that takes the Reaction from a module slot
 * (`new Promise` runs it synchronously): no closure per await.
 */
export function reactionPromise<R>(reaction: Reaction): Promise<R> {
  reactionSlot = reaction;
  return new Promise<R>(takeReactionResolvers);
}

let reactionSlot: Reaction | undefined;
function takeReactionResolvers(
  resolve: (value: never) => void,
  reject: (reason: unknown) => void,
): void {
  const reaction = reactionSlot!;
  reactionSlot = undefined;
  reaction.resolve = resolve as (value: unknown) => void;
  reaction.reject = reject;
}

function callHandler(reaction: Reaction): void {
  const handler = reaction.fulfilled ? reaction.onFulfilled : reaction.onRejected;
  if (typeof handler !== "function") {
    if (reaction.fulfilled) reaction.resolve(reaction.value);
    else reaction.reject(reaction.value);
    return;
  }
  try {
    reaction.resolve((handler as (value: unknown) => unknown)(reaction.value));
  } catch (error) {
    reaction.reject(error);
  }
}
