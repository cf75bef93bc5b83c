// `pnpm demo` and `pnpm test` on a fresh clone: install the workspace first when it has not
// been installed (no node_modules/.modules.yaml), so the README's quick start works whether or
// not the reader ran `pnpm install` (a newcomer's first try was a bare `pnpm demo`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Runs `pnpm install --frozen-lockfile` in `root` unless the workspace is installed. */
export function ensureInstalled(root) {
  if (existsSync(join(root, "node_modules", ".modules.yaml"))) return;
  console.log("node_modules missing: running `pnpm install --frozen-lockfile` first");
  const install = spawnSync("pnpm", ["install", "--frozen-lockfile"], {
    cwd: root,
    stdio: "inherit",
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
