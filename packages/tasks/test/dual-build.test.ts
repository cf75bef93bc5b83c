// Issue 11, items 4 and 8, on the published build (`pnpm build`, then dist/): the ESM and
// CJS builds share one loop context and one task identity, so every public class users
// pass around works across them; the build prints `Task`, not esbuild's `_Task`; and the
// `.d.ts` has no internal members.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const fixture = fileURLToPath(new URL("fixtures/dual-build.mjs", import.meta.url));

describe("the published build (dist)", () => {
  beforeAll(() => {
    // turbo: the loop is built first; cached when nothing changed.
    execFileSync("pnpm", ["exec", "turbo", "run", "build", "--filter=@aiots/tasks"], {
      cwd: packageDir,
      stdio: "ignore",
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
    });
  }, 240_000);

  it("mixes dist/index.js and dist/index.cjs: one context, one task identity", () => {
    const output = execFileSync(process.execPath, [fixture], { encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({
      "cjs currentTask() is the esm task": true,
      "esm task instanceof cjs Task": true,
      "cjs timeout() inside the esm task": "ok",
      "cjs timeout() expires with the cjs TimeoutError": true,
      "cjs taskGroup() finds the esm parent": true,
      "cjs createTask() is an esm Task": true,
      "cjs Future instanceof esm Future": true,
      "cancel() of an esm task reaches a cjs sleep": true,
      "cjs Coroutine in esm createTask and gather": true,
      "cjs Lock in an esm Condition": true,
      "cjs errors instanceof esm classes": true,
      "the task prints as Task": "<Task",
    });
  });

  it("keeps internal members out of the .d.ts", () => {
    for (const file of ["dist/index.d.ts", "dist/index.d.cts"]) {
      const types = readFileSync(`${packageDir}/${file}`, "utf8");
      for (const internal of ["_run(", "_claim(", "_step(", "_runTarget(", "_livePrev"]) {
        expect(types, `${file} declares ${internal}`).not.toContain(internal);
      }
      expect(types).toContain("declare class Task<");
    }
  });
});
