import { defineConfig } from "tsup";
import { sharedBuildOptions } from "../../tsup.shared.js";

export default defineConfig({
  ...sharedBuildOptions,
  entry: { index: "src/index.ts", testing: "src/testing/index.ts" },
  // `import.meta.url` in the CommonJS build too (src/internal/lazy.ts's createRequire).
  shims: true,
});
