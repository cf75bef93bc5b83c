import { fileURLToPath } from "node:url";
import type { ViteUserConfig } from "vitest/config";

/**
 * Test config shared by every package: workspace imports resolve to `src/` through the
 * `@aiots/source` export condition (no build needed), and each run writes vitest's JSON
 * report to `test-results.json`, which `scripts/test.mjs` sums into the CI line.
 * `vitest.setup.ts` runs before every test file: each test must assert something, and
 * futures, tasks and loops compare by identity in `toEqual`.
 */
const conditions = ["@aiots/source", "module", "node", "import", "default"];

export const sharedConfig: ViteUserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@aiots/source"] } },
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    testTimeout: 10_000,
    setupFiles: [fileURLToPath(new URL("./vitest.setup.ts", import.meta.url))],
  },
};
