// One way to print a bad value (issue #14): @aiots/loop, @aiots/tasks and @aiots/http check
// their arguments through the loop's shared module (`@aiots/loop/internal`), so the same bad
// value reads the same in each package's message, in p-queue's shape
// (``Expected `concurrency` to be a number from 1 and up, got `0` (number)``): from the
// sources, and from the ESM and the CJS builds (dist/, built by `pnpm test` first).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { VirtualClock } from "@aiots/loop";
import { Queue } from "@aiots/tasks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Connector } from "../src/index.js";

/** The `got ...` part of the message `fn` throws. */
function got(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    const match = /, got (.*)$/s.exec((error as Error).message);
    if (match !== null) return match[1]!;
    throw error;
  }
  throw new Error("did not throw");
}

/** What each package prints for `value` (a bad delay, queue size and connection limit). */
function printed(value: unknown): { loop: string; tasks: string; http: string } {
  return {
    loop: got(() => new VirtualClock().advance(value as number)),
    tasks: got(() => new Queue(value as number)),
    http: got(() => new Connector({ limit: value as number })),
  };
}

function tick(): void {}

describe("the same bad value, printed by loop, tasks and http", () => {
  it.each([
    ["x", "`'x'` (string)"],
    ["", "`''` (string)"],
    [-1, "`-1` (number)"],
    [Number.NaN, "`NaN` (number)"],
    [null, "`null` (null)"],
    [{ a: 1 }, "`{ a: 1 }` (object)"],
    [[1, 2], "`[ 1, 2 ]` (object)"],
    [10n, "`10n` (bigint)"],
    [Symbol("s"), "`Symbol(s)` (symbol)"],
    [tick, "`[Function tick]` (function)"],
    [true, "`true` (boolean)"],
  ])("prints %o as %s in all three", (value, expected) => {
    expect(printed(value)).toEqual({ loop: expected, tasks: expected, http: expected });
  });

  it("prints any bad value the same way in all three (property)", () => {
    fc.assert(
      fc.property(
        fc.anything().filter((value) => value !== undefined && typeof value !== "number"),
        (value) => {
          const { loop, tasks, http } = printed(value);
          expect(tasks).toBe(loop);
          expect(http).toBe(loop);
        },
      ),
    );
  });

  it("prints the same from the ESM and the CJS builds", () => {
    const script = `
      import { createRequire } from "node:module";
      const require = createRequire(process.cwd() + "/");
      const builds = {
        esm: [await import("@aiots/loop"), await import("@aiots/tasks"), await import("@aiots/http")],
        cjs: [require("@aiots/loop"), require("@aiots/tasks"), require("@aiots/http")],
      };
      const got = (fn) => {
        try { fn(); } catch (error) { return error.constructor.name + ": " + error.message; }
      };
      const out = {};
      for (const [name, [loop, tasks, http]] of Object.entries(builds)) {
        out[name] = [
          got(() => new loop.VirtualClock().advance("x")),
          got(() => new tasks.Queue({ a: 1 })),
          got(() => new http.Connector({ limit: -1 })),
        ];
      }
      console.log(JSON.stringify(out));
    `;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      encoding: "utf8",
    });
    const expected = [
      "TypeError: Expected `ms` to be a finite number >= 0, got `'x'` (string)",
      "TypeError: Expected `maxsize` to be an integer >= 0 or Infinity, got `{ a: 1 }` (object)",
      "RangeError: Expected `connector.limit` to be an integer >= 0, got `-1` (number)",
    ];
    expect(JSON.parse(output)).toEqual({ esm: expected, cjs: expected });
  });
});
