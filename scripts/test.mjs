#!/usr/bin/env node
// `pnpm test`: every package's vitest suite through turbo, then one plain closing line
// `N passed, N failed` summed from the JSON reports vitest writes (test-results.json in each
// package). CI reads that line; a package whose suite did not report counts as a failure.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureInstalled } from "./ensure-installed.mjs";

const root = new URL("..", import.meta.url).pathname;
ensureInstalled(root);
const packagesDir = join(root, "packages");
const packages = readdirSync(packagesDir).filter((name) =>
  existsSync(join(packagesDir, name, "package.json")),
);
const reportOf = (name) => join(packagesDir, name, "test-results.json");

for (const name of packages) rmSync(reportOf(name), { force: true });

const turbo = spawnSync(
  "pnpm",
  [
    "exec",
    "turbo",
    "run",
    "test",
    "--continue",
    "--concurrency=1",
    "--output-logs=full",
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit", env: { TURBO_TELEMETRY_DISABLED: "1", ...process.env } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const name of packages) {
  const hasTests = JSON.parse(readFileSync(join(packagesDir, name, "package.json"), "utf8")).scripts
    ?.test;
  if (!hasTests) continue;
  if (!existsSync(reportOf(name))) {
    missing.push(name);
    continue;
  }
  const report = JSON.parse(readFileSync(reportOf(name), "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A test file that failed to load counts as a failure even though it ran no test.
  failed += report.testResults.filter(
    (file) => file.status === "failed" && file.assertionResults.length === 0,
  ).length;
}
if (missing.length > 0) {
  console.error(`no test report from: ${missing.join(", ")} (counted as failed)`);
  failed += missing.length;
}

if (turbo.status !== 0 && failed === 0) {
  console.error("a test task failed without a failing test (see its output above)");
  failed += 1;
}

// The last line stays the plain `N passed, N failed` the README and CI promise; skipped
// tests (a real-server test with no server here) are counted on the line before it.
if (skipped > 0) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || turbo.status !== 0 ? 1 : 0);
