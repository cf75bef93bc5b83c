import type { ViteUserConfig } from "vitest/config";

/**
 * Test config shared by every package: workspace imports resolve to `src/` through the
 * `@aiots/source` export condition (no build needed), and each run writes vitest's JSON
 * report to `test-results.json`, which `scripts/test.mjs` sums into the CI line.
 */
const conditions = ["@aiots/source", "module", "node", "import", "default"];

export const sharedConfig: ViteUserConfig = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@aiots/source"] } },
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    testTimeout: 10_000,
  },
};
