import type { Options } from "tsup";

/**
 * Build options shared by every publishable package: ESM + CJS + `.d.ts`/`.d.cts` for
 * Node 20, from `tsconfig.build.json` (which drops the `@aiots/source` condition, so other
 * workspace packages are resolved as their published builds, and sets `stripInternal`:
 * members marked `@internal` stay out of the `.d.ts`).
 */
export const sharedBuildOptions = {
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  // esbuild renames a class that refers to itself (`class _Task`): keep `Task` as its
  // `name`, which messages print (`<Task pending ...>`, `Executing <Task ...>`).
  keepNames: true,
  tsconfig: "tsconfig.build.json",
} satisfies Options;
