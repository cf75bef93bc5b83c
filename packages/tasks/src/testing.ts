/**
 * `@aiots/tasks/testing`: `explore` and `replay`, a schedule explorer for programs written
 * with aiots (in the spirit of trio's `MockClock` plus a seeded scheduler; none of
 * asyncio's, trio's or Effection's test kits permutes plain async/await code).
 */
import { EventLoop, VirtualClock, type Runnable } from "@aiots/loop";
import { run, timeout } from "@aiots/tasks";
import { expected, assertFunction } from "@aiots/loop/internal";

/**
 * Options of {@link explore}.
 *
 * @example
 * ```ts
 * const options: ExploreOptions = { runs: 500, seed: 42 };
 * ```
 */
export interface ExploreOptions {
  /** How many schedules to try: an integer >= 1 (default 100). */
  runs?: number;
  /** The first run's seed, an integer (default: random, printed on failure). */
  seed?: number;
  /**
   * Loop time (ms, virtual) a run may take before it counts as hung: a lost wake-up or a
   * deadlock shows as this (default one hour of virtual time, which costs nothing real).
   */
  timeLimit?: number;
}

/**
 * What {@link explore} resolves with when every run passed.
 *
 * @example
 * ```ts
 * const { runs, seeds } = await explore(main, { runs: 10, seed: 1 });
 * ```
 */
export interface ExploreResult {
  /** How many runs were made. */
  runs: number;
  /** The seed of each run, in order. */
  seeds: number[];
}

/**
 * A run of {@link explore} failed: `seed` reproduces it with {@link replay}
 * (`await failure.replay()` does that for the same `main`); `cause` is what the run threw.
 *
 * @example
 * ```ts
 * import { ExploreFailure, explore } from "@aiots/tasks/testing";
 *
 * try {
 *   await explore(main, { runs: 1000 });
 * } catch (error) {
 *   if (error instanceof ExploreFailure) console.log(error.seed, error.run);
 * }
 * ```
 */
export class ExploreFailure extends Error {
  override name = "ExploreFailure";
  readonly code: string = "ERR_AIOTS_EXPLORE_FAILURE";
  readonly #main: () => unknown;
  readonly #timeLimit: number;

  /** @internal Made by {@link explore}. */
  constructor(
    /** The failing run's seed. */
    readonly seed: number,
    /** The failing run's number (0 = first). */
    readonly run: number,
    main: () => unknown,
    timeLimit: number,
    cause: unknown,
  ) {
    super(
      `run ${run} of explore() failed with seed ${seed}: ${describe(cause)}; reproduce with replay(main, ${seed})`,
      { cause },
    );
    this.#main = main;
    this.#timeLimit = timeLimit;
  }

  /**
   * Runs `main` again with the failing schedule; rejects as that run did.
   *
   * @example
   * ```ts
   * await failure.replay(); // throws the same error again
   * ```
   */
  replay(): Promise<unknown> {
    return replay(this.#main, this.seed, { timeLimit: this.#timeLimit });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** mulberry32: a small, fast, seedable PRNG (32-bit state), enough for shuffles. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A loop on a fresh virtual clock whose every batch is shuffled by a PRNG seeded `seed`. */
function shuffledLoop(seed: number): EventLoop {
  const random = prng(seed);
  // `_orderBatch` is an internal option, out of the published EventLoopOptions: passed in
  // a variable, not a literal, so that the published types accept it.
  const options = {
    clock: new VirtualClock(),
    _orderBatch(items: (Runnable | undefined)[], start: number, end: number): void {
      // Fisher-Yates over [start, end).
      for (let i = end - 1; i > start; i--) {
        const j = start + Math.floor(random() * (i - start + 1));
        const item = items[i];
        items[i] = items[j];
        items[j] = item;
      }
    },
  };
  return new EventLoop(options);
}

function assertTimeLimit(value: unknown): number {
  if (value === undefined) return 3_600_000;
  if (typeof value !== "number" || !(value > 0) || value === Infinity) {
    throw new (typeof value === "number" ? RangeError : TypeError)(
      expected("timeLimit", "a finite number > 0 (ms)", value),
    );
  }
  return value;
}

/**
 * Runs `main` once on a fresh virtual-clock loop with the schedule `seed` picks (see
 * {@link explore}); resolves with what `main` returns, rejects as it does, or with a
 * `TimeoutError` if it did not end within `timeLimit` ms of loop time.
 *
 * @example
 * ```ts
 * await replay(main, 1234567); // the schedule explore() reported
 * ```
 */
export function replay<T>(
  main: () => T | PromiseLike<T>,
  seed: number,
  options: { timeLimit?: number } = {},
): Promise<T> {
  const timeLimit = assertTimeLimit(options.timeLimit);
  if (!Number.isInteger(seed)) {
    throw new TypeError(expected("seed", "an integer", seed));
  }
  return run(() => timeout(timeLimit, main), { loopFactory: () => shuffledLoop(seed) });
}

/**
 * Runs `main` `runs` times, each on a fresh loop with a virtual clock, each with another
 * order of the callbacks that became ready in the same loop step, and rejects with an
 * {@link ExploreFailure} (the seed, and `replay()`) at the first run that throws or does
 * not end within `timeLimit` ms of loop time (a deadlock or a lost wake-up).
 *
 * What is permuted: each batch of the loop's ready queue, that is, everything that was
 * ready when a loop iteration began (task steps, the wake-ups of awaits on Futures, timers
 * that expired together, `callSoon` callbacks), by a Fisher-Yates shuffle seeded per run.
 * Nothing else changes: what a callback queues still waits for the next iteration, a task
 * step still runs to its next real suspension, timers still fire in deadline order across
 * iterations. In asyncio (and on aiots' loop) the order inside a batch is FIFO; in a real
 * program the order in which independent tasks become ready there depends on timing (which
 * I/O or timer completes first), so a program whose outcome changes with it has a race.
 * The shuffle also reorders callbacks that one piece of code queued in sequence
 * (`callSoon(a); callSoon(b)`), so code that relies on that FIFO order may be reported too.
 * `main` must be deterministic otherwise: no real I/O, no `Math.random` or `Date.now`
 * decisions.
 *
 * @example
 * ```ts
 * import { explore } from "@aiots/tasks/testing";
 *
 * await explore(async () => {
 *   const result = await myProgram();
 *   if (result !== expected) throw new Error(`got ${result}`);
 * }, { runs: 1000, seed: 1 });
 * ```
 */
export async function explore(
  main: () => unknown,
  options: ExploreOptions = {},
): Promise<ExploreResult> {
  assertFunction("main", main);
  const runs = options.runs ?? 100;
  if (typeof runs !== "number" || !Number.isInteger(runs) || runs < 1) {
    throw new (typeof runs === "number" ? RangeError : TypeError)(
      expected("runs", "an integer from 1 and up", runs),
    );
  }
  const first = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (typeof first !== "number" || !Number.isInteger(first)) {
    throw new TypeError(expected("seed", "an integer", first));
  }
  const timeLimit = assertTimeLimit(options.timeLimit);
  const seeds: number[] = [];
  for (let i = 0; i < runs; i++) {
    const seed = (first + i) >>> 0;
    seeds.push(seed);
    try {
      await replay(main, seed, { timeLimit });
    } catch (error) {
      throw new ExploreFailure(seed, i, main, timeLimit, error);
    }
  }
  return { runs, seeds };
}
