// The published `.d.ts` of @aiots/loop shows the public API, not the scheduling protocol the
// packages speak to each other (issue #11, item 8): members marked `@internal` are stripped
// (`stripInternal` in tsconfig.build.json), and @aiots/tasks builds its declarations
// against the loop's sources. What is left with an underscore is the documented contract
// for writing library awaitables (`Runnable`, `Awaiter`, see the README).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const DOCUMENTED = new Set(["_run", "_resumes", "_onAwait", "_onResume"]);

function underscoreMembers(file: string): string[] {
  const text = readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");
  const members = new Set<string>();
  for (const match of text.matchAll(/^\s+(?:readonly |static |get |set )*(_\w+)\??[(<:]/gm)) {
    members.add(match[1]!);
  }
  return [...members].sort();
}

describe("the published declarations", () => {
  for (const file of ["index.d.ts", "index.d.cts"]) {
    it(`${file} declares no internal member (only the documented awaitable protocol)`, () => {
      const members = underscoreMembers(file);
      expect(members.filter((name) => !DOCUMENTED.has(name))).toEqual([]);
      // The check sees members at all: the documented ones are there.
      expect(members).toContain("_run");
    });
  }
});
