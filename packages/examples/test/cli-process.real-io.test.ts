// The CLI as a user runs it: a child process through tsx, as `pnpm demo` and the bin do.
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const packageDir = new URL("..", import.meta.url).pathname;

function spawnCli(script: string, ...argv: string[]) {
  const child = spawnSync(
    process.execPath,
    ["--conditions=@aiots/source", "--import", "tsx", script, ...argv],
    { cwd: packageDir, encoding: "utf8", timeout: 30_000 },
  );
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe("aiots-examples as a child process", () => {
  it("exits 2 on an unknown scenario, one line on stderr, no stack trace", () => {
    const { code, stdout, stderr } = spawnCli("src/cli.ts", "run", "nope");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/Unknown scenario `nope`/);
  });

  it("runs a scenario on the virtual clock and exits 0", () => {
    const { code, stdout } = spawnCli("src/cli.ts", "run", "serial", "--virtual", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ name: "serial", loopTimeMs: 3000 });
  });

  it("the bin runs the sources through tsx", () => {
    const child = spawnSync(
      process.execPath,
      ["bin/aiots-examples.mjs", "run", "concurrent", "--virtual", "--json"],
      {
        cwd: packageDir,
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({
      name: "concurrent",
      output: ["Started", "Hello", "World", "Finished"],
    });
  });

  it("prints the crawler's partial result and exits 130 on Ctrl+C", async () => {
    const child = spawn(
      process.execPath,
      ["--conditions=@aiots/source", "--import", "tsx", "src/cli.ts", "run", "crawler"],
      { cwd: packageDir },
    );
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!interrupted && stdout.includes("crawling http://")) {
        interrupted = true;
        setTimeout(() => child.kill("SIGINT"), 300);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stdout).toContain("interrupted: the partial result so far");
    expect(stdout).toMatch(/^\s+\d+ ms {2}total\s+\d+/m);
    expect(stdout).toMatch(/^main\s+│.*│ cancelled/m);
    expect(stderr).toBe("aiots-examples: crawler: interrupted\n");
  });
});
