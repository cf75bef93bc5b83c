// Issue 11, item 5: Ctrl-C on `await run(main)` ends the program as Node and CPython do:
// one line on stderr and exit status 130, at once even while main awaits a plain promise.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("fixtures/ctrl-c.ts", import.meta.url));

function interrupt(
  args: string[] = [],
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@aiots/source", "--import", "tsx", fixture, ...args],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.includes("ready")) child.kill("SIGINT");
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr, stdout }));
  });
}

describe("Ctrl-C on await run(main)", () => {
  it("prints one line, no stack trace, and exits with status 130", async () => {
    const { code, stderr } = await interrupt();
    expect(stderr).toBe("KeyboardInterrupt: interrupted (SIGINT)\n");
    expect(code).toBe(130);
  });

  it("shows Node's usual report with debug: true", async () => {
    const { code, stderr } = await interrupt(["--debug"]);
    expect(stderr).toContain("KeyboardInterrupt");
    expect(stderr).toContain("at ");
    expect(code).not.toBe(0);
  });
});
