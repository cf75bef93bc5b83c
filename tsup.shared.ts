import type { Options } from "tsup";

/**
 * Build options shared by every publishable package: ESM + CJS + `.d.ts`/`.d.cts` for
 * Node 20, from `tsconfig.build.json` (which drops the `@aiots/source` condition, so other
 * workspace packages are resolved as their published builds).
 */
export const sharedBuildOptions = {
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  tsconfig: "tsconfig.build.json",
} satisfies Options;
