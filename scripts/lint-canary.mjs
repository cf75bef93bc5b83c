#!/usr/bin/env node
// Proves the lint still catches what it is for:
// - a planted floating promise and a misused async callback (scripts/fixtures/floating-promise.ts)
//   must each be reported as an error;
// - the planted real-time waits (scripts/fixtures/real-time-wait.mjs), linted as if they sat in
//   a package's test/ folder, must each be reported by the "no real time in tests" rules, and
//   not at all in a file named *.real-io.test.mjs;
// - the planted import cycle (scripts/fixtures/import-cycle/, two `import type` edges) must be
//   reported by scripts/import-cycles.mjs, the repository-wide cycle check of `pnpm lint`.
import { readFileSync } from "node:fs";
import { ESLint } from "eslint";
import { KNOWN_CYCLE_EDGES, importCycles } from "./import-cycles.mjs";

const root = new URL("..", import.meta.url).pathname;
const eslint = new ESLint({ cwd: root, ignore: false });
const failures = [];

const [result] = await eslint.lintFiles(["scripts/fixtures/floating-promise.ts"]);
const reported = new Set(
  (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId),
);
for (const rule of [
  "@typescript-eslint/no-floating-promises",
  "@typescript-eslint/no-misused-promises",
]) {
  if (!reported.has(rule))
    failures.push(`the planted floating promise was not reported by ${rule}`);
}

// Line of the planted code -> the rule that must report it.
const source = readFileSync(new URL("fixtures/real-time-wait.mjs", import.meta.url), "utf8");
const lineOf = (text) => source.split("\n").findIndex((line) => line.includes(text)) + 1;
const expected = [
  [lineOf("import { setTimeout as sleepFor }"), "no-restricted-imports"],
  [lineOf("setTimeout(resolve, 20)"), "no-restricted-globals"],
  [lineOf("setInterval(() => {}, 5)"), "no-restricted-globals"],
  [lineOf("globalThis.setTimeout"), "no-restricted-properties"],
  [lineOf("new RealClock()"), "no-restricted-syntax"],
  [lineOf("while (performance.now() < end)"), "no-restricted-syntax"],
  [lineOf("Date.now() - started"), "no-restricted-syntax"],
];
const realTime = (filePath) =>
  eslint
    .lintText(source, { filePath, warnIgnored: true })
    .then(([r]) => (r?.messages ?? []).filter((m) => m.severity === 2));
const inTest = await realTime("packages/loop/test/real-time-canary.test.mjs");
for (const [line, rule] of expected) {
  if (!inTest.some((m) => m.line === line && m.ruleId === rule)) {
    failures.push(`the planted real-time wait on line ${line} was not reported by ${rule}`);
  }
}
const realTimeRules = new Set(expected.map(([, rule]) => rule));
const inRealIo = (await realTime("packages/loop/test/real-time-canary.real-io.test.mjs")).filter(
  (m) => realTimeRules.has(m.ruleId),
);
if (inRealIo.length > 0) {
  failures.push(
    `a *.real-io.test file was reported: ${inRealIo.map((m) => `${m.line}:${m.ruleId}`).join(", ")}`,
  );
}

const planted = await importCycles(root, "scripts/fixtures/import-cycle/*.ts", KNOWN_CYCLE_EDGES);
const plantedCycle = ["engine.ts", "options.ts"].map((f) => `scripts/fixtures/import-cycle/${f}`);
if (!planted.cycles.some((cycle) => plantedCycle.every((file) => cycle.includes(file)))) {
  failures.push(
    `the planted import cycle ${plantedCycle.join(" -> ")} was not reported by scripts/import-cycles.mjs`,
  );
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`lint canary: ${failure}`);
  process.exit(1);
}
console.log(
  `lint canary: the planted floating promise, misused promise, ${expected.length} real-time waits and import cycle are reported`,
);
