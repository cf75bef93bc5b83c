/**
 * `wait` (asyncio's `wait` with `FIRST_COMPLETED`, `FIRST_EXCEPTION`, `ALL_COMPLETED`).
 */
import { Future, isFuture, type HandleLike } from "@aiots/loop";
import { Coroutine } from "./coroutine.js";
import { describeValue, expected, assertObject, assertOptionalTimeout } from "@aiots/loop/internal";

/**
 * `wait` returns when any future finishes or is cancelled.
 *
 * @example
 * ```ts
 * const { done, pending } = await wait(tasks, { returnWhen: FIRST_COMPLETED });
 * ```
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/**
 * `wait` returns when any future finishes with an exception, or all finish.
 *
 * @example
 * ```ts
 * const { done, pending } = await wait(tasks, { returnWhen: FIRST_EXCEPTION });
 * ```
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/**
 * `wait` returns when all futures finish or are cancelled (the default).
 *
 * @example
 * ```ts
 * const { done } = await wait(tasks, { returnWhen: ALL_COMPLETED, timeout: 5000 });
 * ```
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

/**
 * When {@link wait} returns.
 *
 * @example
 * ```ts
 * const when: ReturnWhen = FIRST_COMPLETED;
 * ```
 */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/**
 * Options of {@link wait}.
 *
 * @example
 * ```ts
 * const options: WaitOptions = { timeout: 500, returnWhen: FIRST_COMPLETED };
 * ```
 */
export interface WaitOptions {
  /** Return after this many ms even if the condition is not met; `null`/`undefined`: no limit. */
  timeout?: number | null;
  /** Default `ALL_COMPLETED`. */
  returnWhen?: ReturnWhen;
}

/**
 * What {@link wait} resolves with: the futures that are done and those still pending,
 * typed as the futures given (`F`, e.g. `Task<number> | Task<string>`).
 *
 * @example
 * ```ts
 * const { done, pending }: WaitResult<Task<number>> = await wait(tasks);
 * ```
 */
export interface WaitResult<F extends Future<unknown> = Future<unknown>> {
  done: Set<F>;
  pending: Set<F>;
}

/**
 * Waits for Futures/Tasks until `returnWhen` is met or `timeout` ms pass, and resolves with
 * `{ done, pending }` (asyncio's `wait`). It never raises the futures' errors and never
 * cancels them; on timeout it just returns. As in asyncio 3.11+, only Futures and Tasks
 * are accepted (wrap coroutines and promises with `createTask` so you can recognise them
 * in the sets); an empty collection is a RangeError. Futures of different result types
 * mix: the sets hold the union of the types given.
 *
 * @example
 * ```ts
 * const tasks = [createTask(fetchA), createTask(fetchB)];
 * const { done, pending } = await wait(tasks, { returnWhen: FIRST_COMPLETED });
 * for (const task of pending) task.cancel();
 * ```
 */
export async function wait<F extends Future<unknown>>(
  futures: Iterable<F>,
  options: WaitOptions = {},
): Promise<WaitResult<F>> {
  const set = validate(futures, options);
  const { timeout, returnWhen = ALL_COMPLETED } = options;
  const loop = set.values().next().value!.getLoop();
  const waiter = new Future<void>({ loop });
  let timer: HandleLike | undefined;
  if (timeout !== undefined && timeout !== null && timeout !== Infinity) {
    timer = loop.callLater(timeout, () => {
      if (!waiter.done()) waiter.setResult(undefined);
    });
  }
  let counter = set.size;
  const onCompletion = (future: Future<unknown>): void => {
    counter--;
    if (
      counter <= 0 ||
      returnWhen === FIRST_COMPLETED ||
      (returnWhen === FIRST_EXCEPTION && !future.cancelled() && future.exception() !== undefined)
    ) {
      timer?.cancel();
      if (!waiter.done()) waiter.setResult(undefined);
    }
  };
  for (const future of set) future.addDoneCallback(onCompletion);
  try {
    await waiter;
  } finally {
    timer?.cancel();
    for (const future of set) future.removeDoneCallback(onCompletion);
  }
  const done = new Set<F>();
  const pending = new Set<F>();
  for (const future of set) (future.done() ? done : pending).add(future);
  return { done, pending };
}

function validate<F extends Future<unknown>>(futures: Iterable<F>, options: WaitOptions): Set<F> {
  assertObject("options", options);
  assertOptionalTimeout("timeout", options.timeout);
  const when = options.returnWhen;
  if (
    when !== undefined &&
    when !== FIRST_COMPLETED &&
    when !== FIRST_EXCEPTION &&
    when !== ALL_COMPLETED
  ) {
    throw new RangeError(
      expected("returnWhen", "FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED", when),
    );
  }
  if (
    futures === null ||
    typeof futures !== "object" ||
    typeof (futures as Partial<Iterable<unknown>>)[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(expected("futures", "an iterable of Futures or Tasks", futures));
  }
  const set = new Set<F>();
  for (const future of futures) {
    if (future instanceof Coroutine) {
      throw new TypeError(
        "Passing coroutines to wait() is forbidden, use tasks explicitly (createTask)",
      );
    }
    if (!isFuture(future)) {
      throw new TypeError(
        `Expected every element of \`futures\` to be a Future or a Task (wrap promises with createTask), got ${describeValue(future)}`,
      );
    }
    set.add(future);
  }
  if (set.size === 0)
    throw new RangeError("Expected `futures` to be a non-empty collection of Futures, got none");
  return set;
}
