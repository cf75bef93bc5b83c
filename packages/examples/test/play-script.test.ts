// The root README's "first program": `pnpm play main.mts` runs a file of the user's own in a
// clone against the packages' sources (no build, no publish). A newcomer's `npx tsx main.mts`
// could not resolve `@aiots/tasks`.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));

describe("pnpm play", () => {
  it("runs a program of the user's own that imports the packages by name, with its arguments", () => {
    const out = execFileSync(
      process.execPath,
      ["scripts/play.mjs", "scripts/fixtures/play-hello.mts", "ada", "grace"],
      { cwd: root, encoding: "utf8", env: { ...process.env, INIT_CWD: root } },
    );
    expect(out.trim()).toBe("hello ada, hello grace");
  });

  it("says how to use it when given no file", () => {
    let status: number | null = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, ["scripts/play.mjs"], {
        cwd: root,
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      ({ status, stderr } = error as { status: number | null; stderr: string });
    }
    expect(status).toBe(2);
    expect(stderr).toContain("usage: pnpm play <file.mts|file.ts|file.mjs>");
  });
}, 60_000);
