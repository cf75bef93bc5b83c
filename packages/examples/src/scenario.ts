import type { VirtualClock } from "@aiots/loop";

/**
 * What a scenario gets from the runner: where to print, the options of the command line,
 * and the clock it runs on.
 *
 * @example
 * ```ts
 * const serial: Scenario = {
 *   name: "serial",
 *   summary: "two awaits one after the other",
 *   async main({ print }) {
 *     print("Start");
 *   },
 * };
 * ```
 */
export interface ScenarioContext {
  /** Prints one line of the scenario's output (the text the article's program prints). */
  readonly print: (line: string) => void;
  /** Loop ms since the scenario started. */
  readonly now: () => number;
  /** The virtual clock the loop runs on, if `--virtual`. */
  readonly virtualClock: VirtualClock | undefined;
  /** `--latency`, if given. */
  readonly latencyMs: number | undefined;
  /** `--url`s, if given. */
  readonly urls: readonly string[];
  /** `--database-url`, if given. */
  readonly databaseUrl: string | undefined;
  /** `--pool`, if given. */
  readonly poolSize: number | undefined;
  /** Output goes to a terminal a progress bar may draw on (not `--json`, not piped). */
  readonly interactive: boolean;
  /** Records the server latency that applied, reported as `latencyMs` in `--json`. */
  readonly reportLatency: (ms: number) => void;
  /**
   * What the loop's logger was told so far (debug mode's slow-step reports), when the
   * scenario has `capturesLoopWarnings`; otherwise they go to stderr.
   */
  readonly loopWarnings: readonly string[];
}

/**
 * One runnable scenario: a name for the command line, a one-line summary for `list`, and
 * the program itself.
 *
 * @example
 * ```ts
 * export const hello: Scenario = {
 *   name: "hello",
 *   summary: "prints Hello",
 *   async main({ print }) {
 *     print("Hello");
 *   },
 * };
 * ```
 */
export interface Scenario {
  readonly name: string;
  readonly summary: string;
  /** Run the loop in debug mode (slow callbacks and never-awaited coroutines reported). */
  readonly debug?: boolean;
  /** Keep the loop's warnings in `context.loopWarnings` instead of printing them. */
  readonly capturesLoopWarnings?: boolean;
  /**
   * Does real I/O: on the virtual clock, time jumps only after the loop was idle this many
   * real ms, so that a loopback request reaches the embedded server (whose latency is a loop
   * timer) first. Default 0: jump at once.
   */
  readonly autojumpThresholdMs?: number;
  /** The program, run as the main task of `run()` from `@aiots/tasks`. */
  main(context: ScenarioContext): Promise<void>;
}
