// Startup cost: piscina (the executor's worker pool, ~40 ms to load) is loaded when the
// first pool is made, not when the package is imported (issue #13: time to first task).
// Runs against dist/ in a fresh process, ESM and CJS (`pnpm build`; `pnpm test` builds first).
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Imports a build, runs a loop, makes a pool; prints whether piscina was loaded at each step. */
function piscinaLoaded(build: "esm" | "cjs"): string {
  const entry = `${packageDir}/dist/index.${build === "esm" ? "js" : "cjs"}`;
  const script = `
    import { createRequire } from "node:module";
    const require = createRequire(import.meta.url);
    const loaded = () => Object.keys(require.cache).some((file) => file.includes("/piscina/"));
    const pkg = ${build === "esm" ? `await import(${JSON.stringify(entry)})` : `require(${JSON.stringify(entry)})`};
    const loop = new pkg.EventLoop();
    const first = loop.createFuture();
    loop.callSoon(() => first.setResult(1));
    await loop.runUntilComplete(first);
    const afterRun = loaded();
    const pool = new pkg.WorkerPoolExecutor({ maxThreads: 1 });
    const afterPool = loaded();
    await pool.shutdown();
    loop.close();
    console.log(afterRun, afterPool);
  `;
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 20_000,
  }).trim();
}

describe("startup of @aiots/loop", () => {
  it("loads piscina on the first WorkerPoolExecutor, not on import (ESM build)", () => {
    expect(piscinaLoaded("esm")).toBe("false true");
  });

  it("loads piscina on the first WorkerPoolExecutor, not on import (CJS build)", () => {
    expect(piscinaLoaded("cjs")).toBe("false true");
  });
});
