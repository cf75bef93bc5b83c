import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT, runCli } from "../src/main.js";
import { SCENARIOS } from "../src/registry.js";

async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    isTTY: false,
    columns: 80,
  });
  return { code, stdout, stderr };
}

describe("aiots-examples in-process", () => {
  it("lists every scenario with its summary", async () => {
    const { code, stdout } = await cli("list");
    expect(code).toBe(EXIT.ok);
    const names = stdout
      .trim()
      .split("\n")
      .map((line) => line.split(/\s+/)[0]);
    expect(names).toEqual(SCENARIOS.map((scenario) => scenario.name));
    expect(names).toEqual([
      "coroutine-object",
      "serial",
      "concurrent",
      "gather-fetch",
      "files",
      "database",
      "blocking",
      "blocking-db",
      "nested-run",
      "never-awaited",
      "timeouts",
      "taskgroup",
      "crawler",
      "sse-stream",
      "websocket-chat",
    ]);
  });

  it("prints one JSON object a line per scenario with --json, and no timeline", async () => {
    const { code, stdout } = await cli("run", "serial", "concurrent", "--virtual", "--json");
    expect(code).toBe(EXIT.ok);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({
      name: "serial",
      output: ["Start", "Hello", "World", "Done"],
      loopTimeMs: 3000,
    });
    expect(second).toMatchObject({ name: "concurrent", loopTimeMs: 2000 });
    expect(Object.keys(first ?? {}).sort()).toEqual(["elapsedMs", "loopTimeMs", "name", "output"]);
    expect(first?.["elapsedMs"]).toBeLessThan(2000); // the virtual clock: instant
  });

  it("reports the latency in --json where a server latency applies", async () => {
    const { stdout } = await cli("run", "gather-fetch", "--virtual", "--json", "--latency", "300");
    expect(JSON.parse(stdout)).toMatchObject({
      name: "gather-fetch",
      loopTimeMs: 300,
      latencyMs: 300,
    });
  });

  it("prints the lines, the times and a timeline in text mode", async () => {
    const { code, stdout } = await cli("run", "concurrent", "--virtual");
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^── concurrent: /);
    expect(stdout).toContain("     0 ms  Started\n");
    expect(stdout).toContain("  1000 ms  Hello\n");
    expect(stdout).toContain("  2000 ms  World\n");
    expect(stdout).toMatch(/elapsed \d+ ms real, 2000 ms loop time \(virtual clock\)/);
    expect(stdout).toMatch(/^main\s+│█+│ done\s+0–2000 ms$/m);
    expect(stdout).toMatch(/^sayAfter\(1000\)\s+│█+[▏▎▍▌▋▊▉]? +│ done\s+0–1000 ms$/m);
  });

  it("writes a Chrome trace with --trace", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "aiots-cli-")), "trace.json");
    const { code } = await cli("run", "concurrent", "--virtual", "--json", "--trace", file);
    expect(code).toBe(EXIT.ok);
    const trace = JSON.parse(readFileSync(file, "utf8")) as {
      traceEvents: Array<Record<string, unknown>>;
    };
    const complete = trace.traceEvents.filter((event) => event["ph"] === "X");
    expect(complete.map((event) => [event["name"], event["ts"], event["dur"]])).toEqual([
      ["main", 0, 2_000_000],
      ["sayAfter(1000)", 0, 1_000_000],
      ["sayAfter(2000)", 0, 2_000_000],
    ]);
  });

  it.each([
    [
      ["run", "nope"],
      /^aiots-examples: Unknown scenario `nope`; expected one of: coroutine-object, /,
    ],
    [
      ["--latency", "-5"],
      /^aiots-examples: Expected `--latency` to be a finite number of ms >= 0, got `-5`/,
    ],
    [["--virtual=yes"], /^aiots-examples: Option '--virtual' does not take an argument/],
    [["--url", "mailto:x@y.z"], /^aiots-examples: Expected `--url` to be an http\(s\) URL/],
    [
      ["run", "database", "--database-url", "mysql://localhost/x"],
      /^aiots-examples: Expected `--database-url` to be a postgres:\/\/ URL, got `'mysql:\/\/localhost\/x'` \(string\)/,
    ],
    [
      ["run", "database", "--pool", "0"],
      /^aiots-examples: Expected `--pool` to be an integer from 1 to 100, got `0` \(number\)/,
    ],
  ])("exits 2 with one line on stderr for %j", async (argv, message) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("exits 1 with one line naming the scenario when a --url cannot be reached", async () => {
    const { code, stderr } = await cli(
      "run",
      "gather-fetch",
      "--json",
      "--url",
      "http://127.0.0.1:1/",
    );
    expect(code).toBe(EXIT.failed);
    expect(stderr).toMatch(/^aiots-examples: gather-fetch: Client\w*Error: /);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
