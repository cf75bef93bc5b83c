#!/usr/bin/env node
// `lint` for a publishable package: pack it the way it will be published (pnpm applies
// publishConfig, which drops the `@aiots/source` condition), then run publint and
// arethetypeswrong on the tarball. Run from the package directory after `build`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), "aiots-pack-"));
try {
  execFileSync("pnpm", ["pack", "--pack-destination", out], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = join(
    out,
    readdirSync(out).find((file) => file.endsWith(".tgz")),
  );
  execFileSync(bin("publint"), ["run", tarball, "--strict"], { stdio: "inherit" });
  execFileSync(bin("attw"), [tarball, "--profile", "node16", "--format", "table-flipped"], {
    stdio: "inherit",
  });
} finally {
  rmSync(out, { recursive: true, force: true });
}
