#!/usr/bin/env node
// Proves the lint still catches what it is for: a planted floating promise and a misused
// async callback (scripts/fixtures/floating-promise.ts) must each be reported as an error.
import { ESLint } from "eslint";

const root = new URL("..", import.meta.url).pathname;
const eslint = new ESLint({ cwd: root, ignore: false });
const [result] = await eslint.lintFiles(["scripts/fixtures/floating-promise.ts"]);
const reported = new Set(
  (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId),
);
const expected = [
  "@typescript-eslint/no-floating-promises",
  "@typescript-eslint/no-misused-promises",
];
const missed = expected.filter((rule) => !reported.has(rule));
if (missed.length > 0) {
  console.error(`lint canary: the planted bug was not reported by ${missed.join(", ")}`);
  process.exit(1);
}
console.log("lint canary: the planted floating promise and misused promise are reported");
