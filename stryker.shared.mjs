// StrykerJS options shared by the packages' stryker.config.mjs (CONTRIBUTING.md, "T6.
// Mutation testing"). Run through `pnpm test:mutation` (scripts/mutation.mjs), not directly.
import { fileURLToPath } from "node:url";

// The plugins are root devDependencies: resolve them from here, not from the package.
const plugin = (name) => fileURLToPath(import.meta.resolve(name));

/**
 * @param {string[]} mutate the modules this package's suite must guard
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function strykerConfig(mutate) {
  return {
    mutate,
    plugins: [
      plugin("@stryker-mutator/vitest-runner"),
      plugin("@stryker-mutator/typescript-checker"),
    ],
    testRunner: "vitest",
    // Only the test files that import a mutated module run for it.
    vitest: { configFile: "vitest.config.ts", related: true },
    checkers: ["typescript"],
    tsconfigFile: "tsconfig.json",
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    coverageAnalysis: "perTest",
    // In place, not in a sandbox copy: each package's vitest config and tsconfig import files
    // two levels up, which a copy under .stryker-tmp/ would not find. Stryker puts the
    // sources back when it ends (also on Ctrl+C); do not edit src/ while it runs.
    inPlace: true,
    ignoreStatic: true,
    // The machine is shared: one test process unless scripts/mutation.mjs is told 2.
    concurrency: 1,
    timeoutMS: 10_000,
    // scripts/mutation.mjs enforces the 85% floor per module, not on the package's total.
    thresholds: { high: 90, low: 85, break: null },
    reporters: ["clear-text", "progress", "html", "json"],
    htmlReporter: { fileName: "reports/mutation/index.html" },
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
    tempDirName: ".stryker-tmp",
    cleanTempDir: "always",
  };
}
