import { CancelledError } from "@aiots/loop";
import { KeyboardInterrupt } from "@aiots/tasks";
import { parseCliArgs, USAGE } from "./args.js";
import { describeError, ScenarioError, UsageError } from "./errors.js";
import { SCENARIOS, findScenario } from "./registry.js";
import { runScenario, type ScenarioResult } from "./runner.js";
import { groupSiblings } from "./span-groups.js";
import { renderTimeline } from "./timeline.js";
import { writeChromeTrace } from "./chrome-trace.js";

/** Where the CLI writes, and what it knows about the terminal. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** stdout is a terminal: progress bars and colours. */
  readonly isTTY: boolean;
  /** Terminal width (default 80). */
  readonly columns?: number | undefined;
}

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

const PROGRAM = "aiots-examples";

/**
 * The `aiots-examples` command: parses `argv`, runs what it asks, writes to `io` and
 * resolves to the exit code (0 ok, 1 a scenario failed, 2 usage error, 130 interrupted).
 * User errors are one line on stderr, never a stack trace.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2));
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const names = SCENARIOS.map((scenario) => scenario.name);
  let options;
  try {
    options = parseCliArgs(argv, names);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${PROGRAM}: ${error.message} (see --help)\n`);
    return EXIT.usage;
  }
  if (options.command === "help") {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (options.command === "list") {
    const width = Math.max(...names.map((name) => name.length));
    for (const scenario of SCENARIOS)
      io.stdout.write(`${scenario.name.padEnd(width)}  ${scenario.summary}\n`);
    return EXIT.ok;
  }

  const results: ScenarioResult[] = [];
  let exitCode: number = EXIT.ok;
  for (const name of options.scenarios) {
    const scenario = findScenario(name);
    if (!options.json) io.stdout.write(header(scenario.name, scenario.summary, io.columns ?? 80));
    const result = await runScenario(scenario, {
      virtual: options.virtual,
      latencyMs: options.latencyMs,
      urls: options.urls,
      databaseUrl: options.databaseUrl,
      poolSize: options.poolSize,
      interactive: io.isTTY && !options.json,
      onLine: options.json
        ? undefined
        : (line, atMs) => io.stdout.write(`${stamp(atMs)}  ${line}\n`),
    });
    results.push(result);
    if (options.json) {
      io.stdout.write(`${JSON.stringify(toJson(result))}\n`);
    } else {
      io.stdout.write(
        `elapsed ${Math.round(result.elapsedMs)} ms real, ${Math.round(result.loopTimeMs)} ms loop time` +
          `${result.latencyMs === undefined ? "" : ` (server latency ${result.latencyMs} ms)`}` +
          `${options.virtual ? " (virtual clock)" : ""}\n`,
      );
      const lines = renderTimeline(groupSiblings(result.spans), {
        width: io.columns ?? 80,
        totalMs: result.loopTimeMs,
        color: io.isTTY,
      });
      io.stdout.write(`${lines.join("\n")}\n\n`);
    }
    if (result.error !== undefined) {
      if (result.error instanceof KeyboardInterrupt || result.error instanceof CancelledError) {
        io.stderr.write(`${PROGRAM}: ${scenario.name}: interrupted\n`);
        exitCode = EXIT.interrupted;
        break;
      }
      io.stderr.write(`${PROGRAM}: ${new ScenarioError(scenario.name, result.error).message}\n`);
      exitCode = EXIT.failed;
    }
  }
  if (options.trace !== undefined) {
    try {
      await writeChromeTrace(options.trace, results);
      if (!options.json)
        io.stdout.write(`trace written to ${options.trace} (open it in https://ui.perfetto.dev)\n`);
    } catch (error) {
      io.stderr.write(`${PROGRAM}: cannot write the trace: ${describeError(error)}\n`);
      exitCode = exitCode === EXIT.ok ? EXIT.failed : exitCode;
    }
  }
  return exitCode;
}

/** The JSON line of one scenario for `--json`. */
export function toJson(result: ScenarioResult): Record<string, unknown> {
  return {
    name: result.name,
    output: result.output,
    elapsedMs: Math.round(result.elapsedMs * 1000) / 1000,
    loopTimeMs: Math.round(result.loopTimeMs * 1000) / 1000,
    ...(result.latencyMs === undefined ? {} : { latencyMs: result.latencyMs }),
    ...(result.error === undefined ? {} : { error: describeError(result.error) }),
  };
}

function header(name: string, summary: string, columns: number): string {
  const title = `── ${name}: ${summary} `;
  return `${title}${"─".repeat(Math.max(2, Math.min(columns, 100) - title.length))}\n`;
}

function stamp(atMs: number): string {
  return `${String(Math.round(atMs)).padStart(6)} ms`;
}

function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stdout.isTTY,
    columns: process.stdout.columns,
  };
}
