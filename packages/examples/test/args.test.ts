import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/args.js";
import { UsageError } from "../src/errors.js";

const KNOWN = ["serial", "concurrent", "gather-fetch"];

describe("parseCliArgs", () => {
  it("runs every scenario when no command is given, and for `all`", () => {
    expect(parseCliArgs([], KNOWN)).toMatchObject({
      command: "run",
      scenarios: KNOWN,
      virtual: false,
      json: false,
    });
    expect(parseCliArgs(["all", "--virtual"], KNOWN)).toMatchObject({
      command: "run",
      scenarios: KNOWN,
      virtual: true,
    });
  });

  it("runs the named scenarios in the order given", () => {
    expect(parseCliArgs(["run", "concurrent", "serial"], KNOWN).scenarios).toEqual([
      "concurrent",
      "serial",
    ]);
    expect(parseCliArgs(["serial"], KNOWN).scenarios).toEqual(["serial"]);
  });

  it("reads every flag", () => {
    const options = parseCliArgs(
      [
        "--json",
        "--virtual",
        "--latency",
        "250",
        "--trace",
        "t.json",
        "--url",
        "https://a.test/",
        "https://b.test/x",
        "--database-url",
        "postgresql://me@db.test:5433/app",
        "--pool",
        "16",
      ],
      KNOWN,
    );
    expect(options).toMatchObject({
      command: "run",
      json: true,
      virtual: true,
      latencyMs: 250,
      trace: "t.json",
      urls: ["https://a.test/", "https://b.test/x"],
      databaseUrl: "postgresql://me@db.test:5433/app",
      poolSize: 16,
    });
  });

  it("ignores the `--` that pnpm hands over before passed-through flags", () => {
    expect(parseCliArgs(["--", "--virtual", "--json"], KNOWN)).toMatchObject({
      virtual: true,
      json: true,
    });
  });

  it("reads list and help", () => {
    expect(parseCliArgs(["list"], KNOWN).command).toBe("list");
    expect(parseCliArgs(["--help"], KNOWN).command).toBe("help");
    expect(parseCliArgs(["-h"], KNOWN).command).toBe("help");
  });

  it.each([
    [["run", "nope"], /Unknown scenario `nope`; expected one of: serial, concurrent, gather-fetch/],
    [["nope"], /Unknown command or scenario `nope`/],
    [["run"], /`run` needs at least one scenario name/],
    [
      ["--latency", "-5"],
      /Expected `--latency` to be a finite number of ms >= 0, got `-5` \(number\)/,
    ],
    [["--latency", "abc"], /got `'abc'` \(string\)/],
    [["--pool", "1.5"], /Expected `--pool` to be an integer from 1 to 100, got `1.5` \(number\)/],
    [["--pool", "101"], /got `101` \(number\)/],
    [["--database-url", "not a url"], /Expected `--database-url` to be a postgres:\/\/ URL/],
    [["--latency", "Infinity"], /got `Infinity` \(number\)/],
    [["--latency"], /argument missing/],
    [["--nope"], /Unknown option '--nope'/],
    [
      ["--url", "ftp://x.test/"],
      /Expected `--url` to be an http\(s\) URL, got `'ftp:\/\/x.test\/'` \(string\)/,
    ],
    [["--url", "not a url"], /Expected `--url` to be an http\(s\) URL/],
    [["https://a.test/"], /Unexpected URL `https:\/\/a.test\/`: pass URLs with --url/],
    [["list", "serial"], /`list` takes no names/],
  ])("rejects %j with a one-line UsageError", (argv, message) => {
    let caught: unknown;
    try {
      parseCliArgs(argv, KNOWN);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).message).toMatch(message);
    expect((caught as UsageError).message).not.toContain("\n");
    expect((caught as UsageError).code).toBe("ERR_AIOTS_EXAMPLES_USAGE");
  });
});
