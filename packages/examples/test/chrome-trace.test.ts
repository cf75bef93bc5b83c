import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromeTrace, writeChromeTrace, type TraceEvent } from "../src/chrome-trace.js";

const scenarios = [
  {
    name: "serial",
    loopTimeMs: 3000,
    spans: [{ id: 1, name: "main", start: 0, end: 3000, state: "done" as const }],
  },
  {
    name: "concurrent",
    loopTimeMs: 2000,
    spans: [
      { id: 1, name: "main", start: 0, end: 2000, state: "done" as const },
      {
        id: 2,
        name: "sayAfter(1000)",
        parentId: 1,
        start: 0,
        end: 1000,
        state: "cancelled" as const,
      },
    ],
  },
];

describe("chromeTrace (Trace Event Format, as Perfetto opens it)", () => {
  it("has one complete event per task with ts and dur in microseconds", () => {
    const trace = chromeTrace(scenarios);
    expect(trace.displayTimeUnit).toBe("ms");
    const complete = trace.traceEvents.filter((event) => event.ph === "X");
    expect(complete).toHaveLength(3);
    expect(complete[0]).toMatchObject({
      name: "main",
      cat: "task",
      pid: 1,
      tid: 1,
      ts: 0,
      dur: 3_000_000,
    });
    // The second scenario is laid after the first.
    expect(complete[2]).toMatchObject({
      name: "sayAfter(1000)",
      pid: 2,
      tid: 2,
      ts: 3_000_000,
      dur: 1_000_000,
      args: { state: "cancelled", parent: 1 },
    });
  });

  it("names each scenario's process and each task's thread with metadata events", () => {
    const meta = chromeTrace(scenarios).traceEvents.filter((event: TraceEvent) => event.ph === "M");
    expect(meta).toContainEqual({
      name: "process_name",
      ph: "M",
      pid: 2,
      tid: 0,
      args: { name: "concurrent" },
    });
    expect(meta).toContainEqual({
      name: "thread_name",
      ph: "M",
      pid: 2,
      tid: 2,
      args: { name: "sayAfter(1000)" },
    });
  });

  it("writes JSON that parses back", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "aiots-trace-")), "trace.json");
    await writeChromeTrace(file, scenarios);
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { traceEvents: TraceEvent[] };
    expect(parsed.traceEvents.filter((event) => event.ph === "X")).toHaveLength(3);
  });
});
