/**
 * A task's cancellation state (asyncio's `_num_cancels_requested`, `_must_cancel`,
 * `_cancel_message`, `_cancelled_exc`, plus the task's `AbortSignal` and the outside
 * signal that cancels it). Most tasks are never cancelled: `Task` creates this object on
 * the first `cancel()` (or `signal`, or `options.signal`), so that a task that is not
 * cancelled carries one empty slot instead of nine fields.
 */
import {
  CancelledError,
  markRunnable,
  type AbstractEventLoop,
  type LoopContext,
  type Runnable,
} from "@aiots/loop";
import type { SignalLink } from "./abort-link.js";

const RESOLVED = Promise.resolve();

/** The cancellation state of one task (see the module comment). */
export class TaskCancellation {
  /** `cancel()` calls not taken back by `uncancel()` (asyncio's `cancelling()`). */
  requested = 0;
  /** A request waits for the function's next library await (asyncio's `_must_cancel`). */
  mustCancel = false;
  /** A CancelledError is on its way to the function, until the next loop iteration. */
  delivering = false;
  /** The message of the last request. */
  message: string | undefined = undefined;
  controller: AbortController | undefined = undefined;
  /**
   * The reason `signal` was last aborted with: an AbortError caused by it is the task's
   * cancellation, even after `uncancel()` gave the task a fresh signal.
   */
  abortReason: CancelledError | undefined = undefined;
  /** The CancelledError that ended the task (asyncio's `_cancelled_exc`). */
  cancelledError: CancelledError | undefined = undefined;
  /**
   * A "must cancel" request armed while the function ran on native promises: until this
   * microtask-queue probe runs, the function may have returned already (see
   * {@link TaskCancellation.probeReturn}).
   */
  armProbe: object | undefined = undefined;
  /** The outside signal (`options.signal`) that cancels the task, until it ends. */
  abortLink: SignalLink | undefined = undefined;

  /** The task's `signal`: created on first use, aborted at once if a request is pending. */
  signal(taskCancelled: boolean): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.requested > 0 || taskCancelled) this.abort(this.message);
    }
    return this.controller.signal;
  }

  /** Aborts the task's signal (if one was handed out and is not aborted yet). */
  abortIfSignalled(msg: string | undefined): void {
    if (this.controller !== undefined && !this.controller.signal.aborted) this.abort(msg);
  }

  abort(msg: string | undefined): void {
    this.abortReason = new CancelledError(msg ?? "");
    this.controller!.abort(this.abortReason);
  }

  /** asyncio 3.13 `uncancel()`: at 0 an undelivered request is dropped. */
  uncancel(): number {
    if (this.requested > 0) {
      this.requested--;
      if (this.requested === 0) {
        this.mustCancel = false;
        // No cancellation wanted any more: the next `signal` is a fresh, unaborted one.
        if (this.controller?.signal.aborted === true) this.controller = undefined;
      }
    }
    return this.requested;
  }

  /**
   * Takes the pending ("must cancel") request, now on its way to the function: the
   * CancelledError to raise there.
   */
  takeRequest(loop: AbstractEventLoop): CancelledError {
    this.mustCancel = false;
    this.markDelivering(loop);
    return new CancelledError(this.message ?? "");
  }

  /**
   * A CancelledError is being handed to the function: until the next loop iteration
   * (the function has then resumed), further `cancel()` calls are counted, not delivered
   * again (see {@link DeliveredMarks}).
   */
  markDelivering(loop: AbstractEventLoop): void {
    if (this.delivering) return;
    this.delivering = true;
    marksOf(loop).add(this);
  }

  /**
   * The function may have returned (or thrown) already, its promise's reaction not yet
   * run: in asyncio the task is done in that same step, and the result stands. A library
   * step (a task resumed by a Future) runs to its end before anything else of the loop,
   * so only code driven by native promises can get here in that window. Microtasks run in
   * order: if the outcome reaches the task before this probe, the function had returned
   * before `cancel()` (its reaction was queued first) and the request is dropped.
   */
  probeReturn(): void {
    const probe = {};
    this.armProbe = probe;
    void RESOLVED.then(() => {
      if (this.armProbe === probe) this.armProbe = undefined;
    });
  }
}

/**
 * The cancellations of one loop marked "delivering" in this iteration, cleared together
 * by one runnable on the next (not one queued mark per cancelled task): by then each
 * CancelledError has reached its function, which resumed in the microtasks of its step.
 */
class DeliveredMarks implements Runnable {
  #marked: TaskCancellation[] = [];

  constructor(readonly loop: AbstractEventLoop) {}

  declare readonly _resumes: LoopContext | undefined;

  add(cancellation: TaskCancellation): void {
    if (this.#marked.length === 0) this.loop._callSoonRunnable(this);
    this.#marked.push(cancellation);
  }

  _run(): void {
    const marked = this.#marked;
    this.#marked = [];
    for (const cancellation of marked) cancellation.delivering = false;
  }

  toString(): string {
    return "<Handle Task cancellations delivered>";
  }
}
markRunnable(DeliveredMarks);

const marksByLoop = new WeakMap<AbstractEventLoop, DeliveredMarks>();
// The loop of the last lookup: one loop at a time is the usual case.
let lastMarks: DeliveredMarks | undefined;

function marksOf(loop: AbstractEventLoop): DeliveredMarks {
  if (lastMarks?.loop === loop) return lastMarks;
  let marks = marksByLoop.get(loop);
  if (marks === undefined) marksByLoop.set(loop, (marks = new DeliveredMarks(loop)));
  return (lastMarks = marks);
}
