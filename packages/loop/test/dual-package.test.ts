// The ESM and CJS builds are two copies of every class. What a user passes from one copy
// to the other must work: an ESM loop given the CJS VirtualClock used to never advance
// time and hang (`instanceof VirtualClock` failed across the copies). The clock now owns
// its autojump policy, so no check on its class is left. Runs against dist/ (`pnpm build`;
// `pnpm test` builds first).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs a loop of one build on the VirtualClock of the other; prints what it saw. */
function runMixed(loopBuild: "esm" | "cjs"): string {
  const script = `
    import { createRequire } from "node:module";
    const esm = await import(${JSON.stringify(`${packageDir}/dist/index.js`)});
    const cjs = createRequire(import.meta.url)(${JSON.stringify(`${packageDir}/dist/index.cjs`)});
    const [loopCopy, clockCopy] = ${loopBuild === "esm" ? "[esm, cjs]" : "[cjs, esm]"};
    const loop = new loopCopy.EventLoop({ clock: new clockCopy.VirtualClock() });
    const fut = loop.createFuture();
    loop.callLater(1000, () => fut.setResult("done"));
    const hang = setTimeout(() => { console.log("hung"); process.exit(1); }, 5000);
    const value = await loop.runUntilComplete(fut);
    clearTimeout(hang);
    console.log(value, loop.time());
    loop.close();
  `;
  try {
    return execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 20_000,
    }).trim();
  } catch (error) {
    return String((error as { stdout?: unknown }).stdout ?? error).trim();
  }
}

describe("the ESM and CJS builds together", () => {
  it("has been built", () => {
    expect(existsSync(`${packageDir}/dist/index.cjs`), "run `pnpm build` first").toBe(true);
  });

  it("runs an ESM loop on the CJS VirtualClock (autojumps, does not hang)", () => {
    expect(runMixed("esm")).toBe("done 1000");
  });

  it("runs a CJS loop on the ESM VirtualClock", () => {
    expect(runMixed("cjs")).toBe("done 1000");
  });
});
