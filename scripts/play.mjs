#!/usr/bin/env node
// `pnpm play <file> [args]`: runs a program of your own (`.mts`, `.ts`, `.mjs`) against this
// clone's packages, from their TypeScript sources (no build: the `@aiots/source` export
// condition, tsx for the TypeScript), after installing the workspace if that was not done.
// The root package depends on the three packages, so `import ... from "@aiots/tasks"`
// resolves from a file anywhere in the clone.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { ensureInstalled } from "./ensure-installed.mjs";

const root = new URL("..", import.meta.url).pathname;
const [file, ...args] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: pnpm play <file.mts|file.ts|file.mjs> [args...]");
  process.exit(2);
}
ensureInstalled(root);
// pnpm runs scripts in the root; INIT_CWD is where `pnpm play` was typed.
const program = resolve(process.env.INIT_CWD ?? process.cwd(), file);
const child = spawnSync(
  process.execPath,
  ["--conditions=@aiots/source", "--import", "tsx", program, ...args],
  { stdio: "inherit" },
);
process.exit(child.status ?? 1);
