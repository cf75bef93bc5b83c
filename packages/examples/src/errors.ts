import { brandErrorClass } from "@aiots/loop";

/**
 * The command line was wrong: an unknown scenario or flag, or a flag's value out of range.
 * The CLI prints its message on one line and exits with code 2.
 *
 * @example
 * ```ts
 * try {
 *   parseCliArgs(["run", "nope"]);
 * } catch (error) {
 *   if (error instanceof UsageError) console.error(error.message); // unknown scenario `nope` ...
 * }
 * ```
 */
export class UsageError extends Error {
  override name = "UsageError";
  readonly code: string = "ERR_AIOTS_EXAMPLES_USAGE";
}
brandErrorClass(UsageError, "@aiots/examples:UsageError");

/**
 * A scenario ended with an error (an unreachable `--url`, a failed request): the CLI prints
 * one line naming the scenario and the error, and exits with code 1. The original error is
 * kept as `cause`.
 *
 * @example
 * ```ts
 * throw new ScenarioError("gather-fetch", new Error("connect ECONNREFUSED"));
 * ```
 */
export class ScenarioError extends Error {
  override name = "ScenarioError";
  readonly code: string = "ERR_AIOTS_EXAMPLES_SCENARIO";
  readonly scenario: string;

  constructor(scenario: string, cause: unknown) {
    super(`${scenario}: ${describeError(cause)}`, { cause });
    this.scenario = scenario;
  }
}
brandErrorClass(ScenarioError, "@aiots/examples:ScenarioError");

/**
 * One line for an error a user caused or can act on: `Name: message`, never a stack trace.
 * An `AggregateError` (an `ExceptionGroup`) lists its first errors.
 *
 * @example
 * ```ts
 * describeError(new RangeError("bad")); // "RangeError: bad"
 * ```
 */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError) {
    const inner = (error.errors as unknown[]).slice(0, 3).map(describeError).join("; ");
    return `${error.name}: ${error.message}${inner === "" ? "" : ` (${inner})`}`;
  }
  if (error instanceof Error) {
    const message = error.message.split("\n")[0] ?? "";
    const cause =
      error.cause instanceof Error && !message.includes(error.cause.message)
        ? ` (${describeError(error.cause)})`
        : "";
    return `${error.name}: ${message}${cause}`;
  }
  return String(error);
}
