#!/usr/bin/env node
// `pnpm test:mutation`: StrykerJS on the modules each package's stryker.config.mjs lists
// (CONTRIBUTING.md, "T6. Mutation testing"), then one line per module with its score, and a
// non-zero exit if any module is under the floor.
//
//   pnpm test:mutation                    incremental: only listed modules changed vs main
//   pnpm test:mutation --since <ref>      ... changed vs another base
//   pnpm test:mutation --full             every listed module (the nightly run)
//   pnpm test:mutation --package tasks    one package only (repeatable)
//   pnpm test:mutation --mutate src/lock.ts   one module (with --package)
//   pnpm test:mutation --concurrency 2    two test runners (the most a shared machine gets)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";

const FLOOR = 85;
const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    full: { type: "boolean", default: false },
    since: { type: "string", default: "main" },
    package: { type: "string", multiple: true },
    mutate: { type: "string", multiple: true },
    concurrency: { type: "string", default: "1" },
  },
});
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 2) {
  console.error(
    `Expected \`--concurrency\` to be 1 or 2 (a shared machine), got \`${values.concurrency}\``,
  );
  process.exit(2);
}

const git = (...args) => {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr.trim()}`);
  return result.stdout;
};
/** Files changed against the merge base with `--since`, committed or not. */
function changedFiles() {
  const base = git("merge-base", "HEAD", values.since).trim();
  const committed = git("diff", "--name-only", base, "HEAD");
  const uncommitted = git("diff", "--name-only", "HEAD");
  return new Set(`${committed}\n${uncommitted}`.split("\n").filter(Boolean));
}

const packagesDir = join(root, "packages");
const packages = readdirSync(packagesDir).filter(
  (name) =>
    existsSync(join(packagesDir, name, "stryker.config.mjs")) &&
    (values.package === undefined || values.package.includes(name)),
);
const changed = values.full || values.mutate ? undefined : changedFiles();

const lines = [];
let belowFloor = false;
let failed = false;
for (const name of packages) {
  const dir = join(packagesDir, name);
  const { default: config } = await import(join(dir, "stryker.config.mjs"));
  let mutate = values.mutate ?? config.mutate;
  if (changed !== undefined) {
    mutate = mutate.filter((file) => changed.has(relative(root, join(dir, file))));
  }
  if (mutate.length === 0) {
    console.log(`mutation: ${name}: no listed module changed since ${values.since}; skipped`);
    continue;
  }
  console.log(`mutation: ${name}: ${mutate.join(", ")}`);
  const stryker = spawnSync(
    join(root, "node_modules/.bin/stryker"),
    [
      "run",
      "stryker.config.mjs",
      "--mutate",
      mutate.join(","),
      "--concurrency",
      String(concurrency),
    ],
    { cwd: dir, stdio: "inherit" },
  );
  if (stryker.status !== 0) {
    failed = true;
    lines.push(`${name}: stryker exited with ${stryker.status ?? stryker.signal}`);
    continue;
  }
  const report = JSON.parse(readFileSync(join(dir, "reports/mutation/mutation.json"), "utf8"));
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const count = (status) => mutants.filter((m) => m.status === status).length;
    const detected = count("Killed") + count("Timeout");
    const undetected = count("Survived") + count("NoCoverage");
    const score = (100 * detected) / Math.max(1, detected + undetected);
    if (score < FLOOR) belowFloor = true;
    lines.push(
      `${name}/${file}: ${score.toFixed(2)}% (killed ${count("Killed")}, timeout ${count("Timeout")}, ` +
        `survived ${count("Survived")}, no coverage ${count("NoCoverage")}, ` +
        `compile errors ${count("CompileError")})${score < FLOOR ? `  < ${FLOOR}%` : ""}`,
    );
  }
}
if (lines.length > 0) console.log(`\nmutation scores (floor ${FLOOR}%):\n${lines.join("\n")}`);
process.exit(failed || belowFloor ? 1 : 0);
