import { copyFile } from "node:fs/promises";
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  tsconfig: "tsconfig.build.json",
  // `import.meta.url` locates the executor's worker file; shimmed in the CJS build.
  shims: true,
  external: ["piscina"],
  // The worker entry is plain JavaScript, loaded by path from next to dist/index.(c)js.
  onSuccess: async () => {
    await copyFile("src/executor-worker.mjs", "dist/executor-worker.mjs");
  },
});
