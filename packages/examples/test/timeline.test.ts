import { describe, expect, it } from "vitest";
import { renderTimeline } from "../src/timeline.js";
import type { TaskSpan } from "../src/task-span.js";

const spans: TaskSpan[] = [
  { id: 1, name: "main", start: 0, end: 2000, state: "done" },
  { id: 2, name: "sayAfter(1000)", parentId: 1, start: 0, end: 1000, state: "done" },
  { id: 3, name: "sayAfter(2000)", parentId: 1, start: 0, end: 2000, state: "done" },
  { id: 4, name: "late", parentId: 1, start: 1000, end: 1500, state: "cancelled" },
  { id: 5, name: "oops", parentId: 1, start: 500, end: 500, state: "failed" },
];

/** The bar of a row: what is between its two │. */
const barOf = (line: string): string => line.slice(line.indexOf("│") + 1, line.lastIndexOf("│"));

describe("renderTimeline", () => {
  it("draws one row per task and an axis, none wider than `width`", () => {
    const lines = renderTimeline(spans, { width: 80 });
    expect(lines).toHaveLength(spans.length + 1);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines.at(-1)).toMatch(/^\s+0 ms\s+2000 ms$/);
  });

  it("puts every task on the same axis: a task of half the time fills half the bar", () => {
    const lines = renderTimeline(spans, { width: 80 });
    const full = barOf(lines[0] ?? "");
    const half = barOf(lines[1] ?? "");
    expect(full).toMatch(/^█+$/);
    expect(half.trimEnd()).toMatch(/^█+$/);
    expect(half.trimEnd().length).toBe(full.length / 2);
    // The cancelled one starts in the middle and ends at three quarters, marked ×.
    const late = barOf(lines[3] ?? "");
    expect(late.indexOf("█")).toBe(full.length / 2);
    expect(late).toContain("×");
  });

  it("names the final state of each row and its times", () => {
    const lines = renderTimeline(spans, { width: 100 });
    expect(lines[0]).toMatch(/│ done\s+0–2000 ms$/);
    expect(lines[3]).toMatch(/│ cancelled 1000–1500 ms$/);
    expect(lines[4]).toMatch(/│ failed\s+500–500 ms$/);
    // A task that took no time still shows where it happened.
    expect(barOf(lines[4] ?? "")).toMatch(/▏/);
  });

  it("uses eighth blocks at the edge of a partial cell", () => {
    const [line] = renderTimeline([{ id: 1, name: "a", start: 0, end: 1010, state: "done" }], {
      width: 40,
      totalMs: 2000,
    });
    expect(barOf(line ?? "").trimEnd()).toMatch(/^█+[▏▎▍▌▋▊▉]$/);
  });

  it("narrows the bars to fit a narrow terminal, and caps the rows", () => {
    const many = Array.from({ length: 50 }, (_, i): TaskSpan => ({
      id: i + 1,
      name: `worker-${i}`,
      start: i,
      end: i + 10,
      state: "done",
    }));
    const lines = renderTimeline(many, { width: 50, maxRows: 10 });
    expect(lines).toHaveLength(12);
    expect(lines[10]).toBe("… 40 more tasks");
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(50);
  });

  it("colours bars by state only when asked", () => {
    expect(renderTimeline(spans).join("")).not.toContain("\u001b[");
    expect(renderTimeline(spans, { color: true }).join("")).toContain("\u001b[33m");
  });
});
