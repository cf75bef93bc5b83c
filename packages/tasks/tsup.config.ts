import { defineConfig } from "tsup";
import { sharedBuildOptions } from "../../tsup.shared.js";

export default defineConfig({ ...sharedBuildOptions, entry: ["src/index.ts"] });
