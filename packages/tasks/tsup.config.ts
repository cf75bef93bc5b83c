import { defineConfig } from "tsup";
import { sharedBuildOptions } from "../../tsup.shared.js";

export default defineConfig({
  ...sharedBuildOptions,
  entry: ["src/index.ts", "src/testing.ts"],
  // testing.ts imports the package by name: one copy of Task, run... for both entries.
  external: ["@aiots/tasks"],
});
