import { copyFile } from "node:fs/promises";
import { defineConfig } from "tsup";
import { sharedBuildOptions } from "../../tsup.shared.js";

export default defineConfig({
  ...sharedBuildOptions,
  // `internal`: the argument checks the other aiots packages share (`@aiots/loop/internal`).
  entry: { index: "src/index.ts", internal: "src/internal/validate.ts" },
  // `import.meta.url` locates the executor's worker file; shimmed in the CJS build.
  shims: true,
  external: ["piscina"],
  // The worker entry is plain JavaScript, loaded by path from next to dist/index.(c)js.
  onSuccess: async () => {
    await copyFile("src/executor-worker.mjs", "dist/executor-worker.mjs");
  },
});
