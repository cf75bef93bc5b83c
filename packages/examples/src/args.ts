import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import { expected } from "@aiots/loop/internal";

/** What the command line asked for, validated. */
export interface CliOptions {
  /** `list` the scenarios, `run` some (or all), or print the `help`. */
  readonly command: "list" | "run" | "help";
  /** The scenarios to run, in order (every one for `all`). */
  readonly scenarios: readonly string[];
  /** Run on the virtual clock: instant, same output. */
  readonly virtual: boolean;
  /** One JSON object a line per scenario instead of text and timelines. */
  readonly json: boolean;
  /** Real URLs for the HTTP scenario instead of the embedded server. */
  readonly urls: readonly string[];
  /** The embedded server's latency in ms (`undefined`: each scenario's default). */
  readonly latencyMs: number | undefined;
  /** Where to write the Chrome trace-event JSON of every task. */
  readonly trace: string | undefined;
  /** A PostgreSQL server for `database` instead of the embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** The connection pool's size in `database` (`undefined`: its default, 4). */
  readonly poolSize: number | undefined;
}

/** The usage text printed by `--help`. */
export const USAGE = `Usage: aiots-examples [list | all | run NAME...] [options]

Runs the scenarios of the asyncio tutorial aiots started from, translated to TypeScript
(milliseconds for seconds), and prints each one's output, its time and a timeline of its tasks.

Commands:
  list               the scenarios and what each shows
  all                run every scenario (the default)
  run NAME...        run the named scenarios

Options:
  --virtual          run on the virtual clock: instant, same output
  --json             one JSON object a line per scenario, no timeline
  --url URL...       fetch these URLs in gather-fetch instead of the embedded server
  --latency MS       latency of the embedded server (default: 1000 for gather-fetch,
                     40 a page for crawler)
  --trace FILE       write every task as Chrome trace-event JSON (Perfetto, chrome://tracing)
  --database-url URL database stores into this PostgreSQL server (postgres://user@host:port/db)
                     instead of the embedded PGlite
  --pool N           database's connection pool size, 1 to 100 (default 4)
  -h, --help         this text`;

/**
 * Parses the CLI's arguments (without `node` and the script) into {@link CliOptions}.
 * Throws {@link UsageError} with a one-line message for anything it does not accept.
 *
 * @param argv - the arguments, e.g. `process.argv.slice(2)`.
 * @param known - the scenario names that exist, in their default order.
 * @example
 * ```ts
 * parseCliArgs(["run", "serial", "--virtual"], ["serial", "concurrent"]);
 * // { command: "run", scenarios: ["serial"], virtual: true, ... }
 * ```
 */
export function parseCliArgs(argv: readonly string[], known: readonly string[]): CliOptions {
  // `pnpm demo -- --json` hands the script a literal `--`: flags after it are still flags.
  const args = joinNegativeValues(argv.filter((arg) => arg !== "--"));
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        virtual: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        url: { type: "string", multiple: true },
        latency: { type: "string" },
        trace: { type: "string" },
        "database-url": { type: "string" },
        pool: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error), { cause: error });
  }
  const { values } = parsed;
  const urls = [...(values.url ?? [])];
  const positionals: string[] = [];
  // `--url A B C`: the URLs after the first one arrive as positionals; a scenario name
  // never contains "://".
  for (const word of parsed.positionals) {
    if (word.includes("://")) {
      if (urls.length === 0)
        throw new UsageError(`Unexpected URL \`${word}\`: pass URLs with --url`);
      urls.push(word);
    } else {
      positionals.push(word);
    }
  }
  for (const url of urls) validateUrl(url);
  const latencyMs = values.latency === undefined ? undefined : parseLatency(values.latency);
  if (values.trace === "") throw new UsageError(expected("--trace", "a file name", ""));
  const databaseUrl = values["database-url"];
  if (databaseUrl !== undefined) validateDatabaseUrl(databaseUrl);
  const poolSize = values.pool === undefined ? undefined : parsePool(values.pool);
  const common = {
    databaseUrl,
    poolSize,
    virtual: values.virtual,
    json: values.json,
    urls,
    latencyMs,
    trace: values.trace,
  };
  if (values.help) return { command: "help", scenarios: [], ...common };

  const [command, ...rest] = positionals;
  if (command === undefined || command === "all") {
    if (rest.length > 0) throw new UsageError(`\`all\` takes no names, got \`${rest.join(" ")}\``);
    return { command: "run", scenarios: [...known], ...common };
  }
  if (command === "list") {
    if (rest.length > 0) throw new UsageError(`\`list\` takes no names, got \`${rest.join(" ")}\``);
    return { command: "list", scenarios: [], ...common };
  }
  if (command === "help") return { command: "help", scenarios: [], ...common };
  // `run NAME...`, or the names alone as a shortcut.
  const names = command === "run" ? rest : positionals;
  if (names.length === 0)
    throw new UsageError("`run` needs at least one scenario name (see `list`)");
  for (const name of names) {
    if (!known.includes(name)) {
      throw new UsageError(
        `Unknown ${command === "run" ? "scenario" : "command or scenario"} \`${name}\`; expected one of: ${known.join(", ")}`,
      );
    }
  }
  return { command: "run", scenarios: names, ...common };
}

/**
 * parseArgs takes `--latency -5` for two options and calls it ambiguous; we want to say what
 * is wrong with -5, so a value that looks like a short option is joined: `--latency=-5`.
 */
function joinNegativeValues(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    if (arg === "--latency" && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function parseLatency(text: string): number {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new UsageError(
      expected("--latency", "a finite number of ms >= 0", Number.isNaN(value) ? text : value),
    );
  }
  return value;
}

function parsePool(text: string): number {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw new UsageError(
      expected("--pool", "an integer from 1 to 100", Number.isNaN(value) ? text : value),
    );
  }
  return value;
}

function validateDatabaseUrl(text: string): void {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "postgres:" && url.protocol !== "postgresql:")) {
    throw new UsageError(expected("--database-url", "a postgres:// URL", text));
  }
}

function validateUrl(text: string): void {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(expected("--url", "an http(s) URL", text));
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(expected("--url", "an http(s) URL", text));
  }
}

/** node:util's messages are good but multi-line and name the option oddly; keep line one. */
function parseArgsMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = (message.split("\n")[0] ?? message).trim();
  // "Option '--latency <value>' argument missing" / "Unknown option '--nope'. To specify a ..."
  return first.replace(/\. To specify a positional argument.*$/, "");
}
