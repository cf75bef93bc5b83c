import { fileURLToPath } from "node:url";
import { configDefaults, type ViteUserConfig } from "vitest/config";

/**
 * Test config shared by every package: workspace imports resolve to `src/` through the
 * `@aiots/source` export condition (no build needed), and each run writes vitest's JSON
 * report to `test-results.json`, which `scripts/test.mjs` sums into the CI line.
 * `vitest.setup.ts` runs before every test file: each test must assert something, and
 * futures, tasks and loops compare by identity in `toEqual`.
 */
const conditions = ["@aiots/source", "module", "node", "import", "default"];
/**
 * Under StrykerJS (`pnpm test:mutation`) the suites run in worker threads, where a real OS
 * signal would kill the runner, and each mutant reruns them: the `*.real-io.test.ts` files
 * (sockets, processes, signals, the real clock) are left out there, so they count for nothing
 * in the mutation scores.
 */
const mutationRun = process.env.STRYKER_MUTATOR_WORKER !== undefined;

export const sharedConfig: ViteUserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@aiots/source"] } },
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    testTimeout: 10_000,
    exclude: mutationRun
      ? [...configDefaults.exclude, "**/*.real-io.test.ts"]
      : configDefaults.exclude,
    setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
  },
};
