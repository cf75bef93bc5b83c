// The `files` scenario on a small tree in a temp dir, on both clocks: concurrent reads give
// the same checksum as serial ones, and a deadline cancels the read tasks (cancelled, not
// failed) with no read in flight and no file handle left open.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTask, currentTask, run, sleep } from "@aiots/tasks";
import { describe, expect, it } from "vitest";
import { openHandlesUnder } from "../src/files/handles.js";
import { runScenario } from "../src/runner.js";
import { FILES_DEFAULTS, makeFiles } from "../src/scenarios/files.js";

const small = { tree: { files: 300, dirs: 6, minBytes: 1024, maxBytes: 4096 }, concurrency: 16 };

describe.each([
  ["virtual", true],
  ["real", false],
])("files on the %s clock", (_, virtual) => {
  it("reads concurrently with the serial checksum; a deadline cancels every unfinished read and leaves no handle open", async () => {
    const scenario = makeFiles({ ...small, deadlineMs: 3 });
    const result = await runScenario(scenario, { virtual });
    expect(result.error).toBeUndefined();
    expect(result.output[0]).toMatch(/^generated 300 files \(\d+\.\d MiB\) in a temp dir/);
    expect(result.output[1]).toMatch(/^one by one: +300 files read and hashed in \d+ ms$/);
    expect(result.output[2]).toMatch(/^16 at a time: +300 files read and hashed in \d+ ms/);
    expect(result.output[3]).toBe("same checksum both ways: yes");
    expect(result.output[4]).toBe("deadline after 3 ms: TimeoutError");
    const run = scenario.lastRun;
    expect(run).toBeDefined();
    if (run === undefined) return;
    expect(run.peakInFlight).toBeLessThanOrEqual(16);
    expect(run.deadlineTasks.cancelled).toBeGreaterThan(0);
    expect(run.deadlineTasks.failed).toBe(0);
    expect(run.deadlineTasks.done + run.deadlineTasks.cancelled).toBe(300);
    expect(run.inFlightAfter).toBe(0);
    if (process.platform === "linux") expect(run.handlesAfter).toBe(0);
    expect(existsSync(run.root)).toBe(false);
    // The read tasks of the cut run show as cancelled in the timeline, none as failed.
    expect(result.spans.filter((span) => span.state === "failed")).toEqual([]);
    expect(result.spans.filter((span) => span.state === "cancelled").length).toBe(
      run.deadlineTasks.cancelled,
    );
  });
});

describe("files: the defaults", () => {
  it("are the issue's: 2,000 files, read 32 at a time, cut half-way", () => {
    expect(FILES_DEFAULTS.tree.files).toBe(2000);
    expect(FILES_DEFAULTS.concurrency).toBe(32);
    expect(FILES_DEFAULTS.deadlineMs).toBeUndefined();
  });
});

describe("a task's signal handed to fs/promises", () => {
  it("ends the task cancelled, not failed with AbortError, once the read has settled", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aiots-signal-"));
    const path = join(dir, "big.bin");
    writeFileSync(path, Buffer.alloc(32 * 2 ** 20, 1));
    try {
      const outcome = await run(async () => {
        const reader = createTask(async () => {
          const signal = currentTask()?.signal ?? new AbortController().signal;
          // Many reads of a 32 MiB file: one is surely in flight when the cancel comes.
          for (;;) await readFile(path, { signal });
        });
        await sleep(0);
        reader.cancel("enough");
        try {
          await reader;
        } catch {
          // Inspected below.
        }
        return {
          cancelled: reader.cancelled(),
          error: reader.cancelled() ? undefined : reader.exception(),
          handles: openHandlesUnder(dir),
        };
      });
      expect(outcome.error).toBeUndefined();
      expect(outcome.cancelled).toBe(true);
      if (process.platform === "linux") expect(outcome.handles).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passes other errors through", async () => {
    const missing = join(tmpdir(), "aiots-no-such-file-here");
    await expect(
      run(async () => {
        const signal = currentTask()?.signal ?? new AbortController().signal;
        return await readFile(missing, { signal });
      }),
    ).rejects.toMatchObject({ code: "ENOENT" });
  });
});
