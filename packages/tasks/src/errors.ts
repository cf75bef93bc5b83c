/**
 * The error classes of `@aiots/tasks`, named as asyncio names them. The loop's errors
 * (`CancelledError`, `TimeoutError`, ...) are re-exported from `index.ts`.
 */
import { brandErrorClass } from "@aiots/loop";

/**
 * `getNowait()` on an empty queue (asyncio's `QueueEmpty`).
 *
 * @example
 * ```ts
 * try {
 *   queue.getNowait();
 * } catch (error) {
 *   if (error instanceof QueueEmpty) console.log("nothing yet");
 * }
 * ```
 */
export class QueueEmpty extends Error {
  override name = "QueueEmpty";
  readonly code: string = "ERR_AIOTS_QUEUE_EMPTY";
  constructor(message = "queue is empty", options?: ErrorOptions) {
    super(message, options);
  }
}
brandErrorClass(QueueEmpty, "@aiots/tasks:QueueEmpty");

/**
 * `putNowait()` on a full queue (asyncio's `QueueFull`).
 *
 * @example
 * ```ts
 * const queue = new Queue<number>(1);
 * queue.putNowait(1);
 * queue.putNowait(2); // throws QueueFull
 * ```
 */
export class QueueFull extends Error {
  override name = "QueueFull";
  readonly code: string = "ERR_AIOTS_QUEUE_FULL";
  constructor(message = "queue is full", options?: ErrorOptions) {
    super(message, options);
  }
}
brandErrorClass(QueueFull, "@aiots/tasks:QueueFull");

/**
 * `put()` on a queue that was shut down, or `get()` on one that is shut down and empty
 * (asyncio 3.13's `QueueShutDown`).
 *
 * @example
 * ```ts
 * queue.shutdown();
 * await queue.put(1); // rejects with QueueShutDown
 * ```
 */
export class QueueShutDown extends Error {
  override name = "QueueShutDown";
  readonly code: string = "ERR_AIOTS_QUEUE_SHUT_DOWN";
  constructor(message = "queue is shut down", options?: ErrorOptions) {
    super(message, options);
  }
}
brandErrorClass(QueueShutDown, "@aiots/tasks:QueueShutDown");

/**
 * A `Barrier` was aborted or reset while tasks were waiting at it (asyncio's
 * `BrokenBarrierError`).
 *
 * @example
 * ```ts
 * try {
 *   await barrier.wait();
 * } catch (error) {
 *   if (error instanceof BrokenBarrierError) console.log("barrier broken");
 * }
 * ```
 */
export class BrokenBarrierError extends Error {
  override name = "BrokenBarrierError";
  readonly code: string = "ERR_AIOTS_BROKEN_BARRIER";
  constructor(message = "barrier is broken", options?: ErrorOptions) {
    super(message, options);
  }
}
brandErrorClass(BrokenBarrierError, "@aiots/tasks:BrokenBarrierError");

/**
 * Several errors raised together, as a `TaskGroup` raises its children's failures
 * (Python's `ExceptionGroup`). An `AggregateError`: `errors` holds them; `exceptions` is
 * the same array under Python's name.
 *
 * @example
 * ```ts
 * try {
 *   await taskGroup(async (tg) => {
 *     tg.createTask(async () => { throw new Error("a"); });
 *     tg.createTask(async () => { throw new Error("b"); });
 *   });
 * } catch (error) {
 *   if (error instanceof ExceptionGroup) console.log(error.errors.length); // 2
 * }
 * ```
 */
export class ExceptionGroup extends AggregateError {
  override name = "ExceptionGroup";
  readonly code: string = "ERR_AIOTS_EXCEPTION_GROUP";
  declare readonly errors: unknown[];
  constructor(message: string, errors: readonly unknown[], options?: ErrorOptions) {
    super([...errors], message, options);
  }
  /** Python's name for `errors`. */
  get exceptions(): readonly unknown[] {
    return this.errors;
  }
}
brandErrorClass(ExceptionGroup, "@aiots/tasks:ExceptionGroup");

/**
 * `run()` ended because of Ctrl-C: the first SIGINT cancelled the main task and it did
 * not swallow the cancellation (asyncio raises `KeyboardInterrupt` in that case).
 *
 * @example
 * ```ts
 * run(main).catch((error) => {
 *   if (error instanceof KeyboardInterrupt) process.exitCode = 130;
 * });
 * ```
 */
export class KeyboardInterrupt extends Error {
  override name = "KeyboardInterrupt";
  readonly code: string = "ERR_AIOTS_KEYBOARD_INTERRUPT";
  constructor(message = "interrupted (SIGINT)", options?: ErrorOptions) {
    super(message, options);
  }
}
brandErrorClass(KeyboardInterrupt, "@aiots/tasks:KeyboardInterrupt");

/**
 * `receive()` on a channel whose send ends are all closed and whose buffer is empty
 * (trio's `EndOfChannel`). `for await` over a receive end stops on it instead.
 *
 * @example
 * ```ts
 * const [tx, rx] = openChannel<number>(1);
 * tx.close();
 * await rx.receive(); // rejects with EndOfChannel
 * ```
 */
export class EndOfChannel extends Error {
  override name = "EndOfChannel";
  readonly code: string = "ERR_AIOTS_END_OF_CHANNEL";
  constructor(message = "every send end of the channel is closed", options?: ErrorOptions) {
    super(message, options);
  }
}
brandErrorClass(EndOfChannel, "@aiots/tasks:EndOfChannel");

/**
 * An operation on a channel end that was closed, through that very end (trio's
 * `ClosedResourceError`); also what a task blocked on an end gets when that end is closed.
 *
 * @example
 * ```ts
 * tx.close();
 * await tx.send(1); // rejects with ClosedResourceError
 * ```
 */
export class ClosedResourceError extends Error {
  override name = "ClosedResourceError";
  readonly code: string = "ERR_AIOTS_CLOSED_RESOURCE";
  constructor(message = "this channel end is closed", options?: ErrorOptions) {
    super(message, options);
  }
}
brandErrorClass(ClosedResourceError, "@aiots/tasks:ClosedResourceError");

/**
 * `send()` on a channel whose receive ends are all closed: nobody will ever receive the
 * value (trio's `BrokenResourceError`).
 *
 * @example
 * ```ts
 * const [tx, rx] = openChannel<number>(1);
 * rx.close();
 * await tx.send(1); // rejects with BrokenResourceError
 * ```
 */
export class BrokenResourceError extends Error {
  override name = "BrokenResourceError";
  readonly code: string = "ERR_AIOTS_BROKEN_RESOURCE";
  constructor(message = "every receive end of the channel is closed", options?: ErrorOptions) {
    super(message, options);
  }
}
brandErrorClass(BrokenResourceError, "@aiots/tasks:BrokenResourceError");

/**
 * `sendNowait()` on a full channel or `receiveNowait()` on an empty one (trio's
 * `WouldBlock`).
 *
 * @example
 * ```ts
 * const [, rx] = openChannel<number>(1);
 * rx.receiveNowait(); // throws WouldBlock
 * ```
 */
export class WouldBlock extends Error {
  override name = "WouldBlock";
  readonly code: string = "ERR_AIOTS_WOULD_BLOCK";
  constructor(message = "the operation would block", options?: ErrorOptions) {
    super(message, options);
  }
}
brandErrorClass(WouldBlock, "@aiots/tasks:WouldBlock");
