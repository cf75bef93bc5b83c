#!/usr/bin/env node
// `pnpm demo [args]`: the examples package's demo (the article's scenarios), after installing
// the workspace if that was not done yet.
import { spawnSync } from "node:child_process";
import { ensureInstalled } from "./ensure-installed.mjs";

const root = new URL("..", import.meta.url).pathname;
ensureInstalled(root);
const demo = spawnSync(
  "pnpm",
  ["--silent", "--filter", "@aiots/examples", "run", "demo", ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);
process.exit(demo.status ?? 1);
