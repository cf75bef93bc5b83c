import { fit } from "./internal/format.js";
import type { TaskSpan, TaskState } from "./task-span.js";

/** How {@link renderTimeline} lays the rows out. */
export interface TimelineOptions {
  /** Terminal columns to fill (default 80; at least 40 are used). */
  readonly width?: number;
  /** The time axis' length in ms (default: the latest end). */
  readonly totalMs?: number;
  /** Colour the bars by state with ANSI escapes (default false). */
  readonly color?: boolean;
  /** At most this many rows; the rest are counted in a last line (default 40). */
  readonly maxRows?: number;
}

const LEFT_EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"] as const;
const STATE_MARK: Record<TaskState, string> = {
  done: "",
  cancelled: "×",
  failed: "!",
  pending: "…",
};
const STATE_COLOR: Record<TaskState, string> = {
  done: "\u001b[32m",
  cancelled: "\u001b[33m",
  failed: "\u001b[31m",
  pending: "\u001b[90m",
};
const RESET = "\u001b[0m";

/**
 * Draws one row per task from its start to its end on a shared time axis, with its final
 * state, using Unicode block characters (eighth blocks at the edges) so that concurrency is
 * seen at a glance. Returns the lines, axis last.
 *
 * @param spans - the tasks, in the order to draw them.
 * @example
 * ```ts
 * renderTimeline([
 *   { id: 1, name: "main", start: 0, end: 2000, state: "done" },
 *   { id: 2, name: "Task-2", parentId: 1, start: 0, end: 1000, state: "done" },
 * ], { width: 60 }).forEach((line) => console.log(line));
 * // main   │██████████████████████████████│ done       0–2000 ms
 * // Task-2 │███████████████               │ done       0–1000 ms
 * //         0 ms                   2000 ms
 * ```
 */
export function renderTimeline(
  spans: readonly TaskSpan[],
  options: TimelineOptions = {},
): string[] {
  const width = Math.max(40, Math.floor(options.width ?? 80));
  const maxRows = Math.max(1, options.maxRows ?? 40);
  const latest = spans.reduce((max, span) => Math.max(max, span.end ?? span.start), 0);
  const total = Math.max(options.totalMs ?? latest, latest);
  const shown = spans.slice(0, maxRows);
  const ranges = shown.map(
    (span) => `${fmt(span.start)}–${span.end === undefined ? "…" : fmt(span.end)} ms`,
  );
  const rangeWidth = Math.max(0, ...ranges.map((range) => range.length));
  const nameWidth = Math.min(18, Math.max(4, ...shown.map((span) => span.name.length)));
  // name │bar│ state(9) range
  const barWidth = Math.max(10, width - nameWidth - 2 - 1 - 1 - 9 - 1 - rangeWidth);
  const lines = shown.map((span, index) => {
    const bar = drawBar(span, total, barWidth);
    const painted = options.color ? `${STATE_COLOR[span.state]}${bar}${RESET}` : bar;
    return `${fit(span.name, nameWidth)} │${painted}│ ${span.state.padEnd(9)} ${ranges[index] ?? ""}`.trimEnd();
  });
  if (spans.length > shown.length) lines.push(`… ${spans.length - shown.length} more tasks`);
  const left = "0 ms";
  const right = `${fmt(total)} ms`;
  const gap = Math.max(1, barWidth + 2 - left.length - right.length);
  lines.push(`${" ".repeat(nameWidth + 1)}${left}${" ".repeat(gap)}${right}`);
  return lines;
}

function fmt(ms: number): string {
  return String(Math.round(ms));
}

/** The bar of one span: `barWidth` cells, full blocks inside, eighths at the edges. */
function drawBar(span: TaskSpan, total: number, barWidth: number): string {
  const scale = total > 0 ? barWidth / total : 0;
  const from = Math.min(barWidth, span.start * scale);
  const to = Math.min(barWidth, (span.end ?? total) * scale);
  const cells: string[] = [];
  for (let cell = 0; cell < barWidth; cell++) {
    const covered = Math.min(cell + 1, to) - Math.max(cell, from);
    if (covered <= 0) {
      cells.push(" ");
    } else if (covered >= 0.999) {
      cells.push("█");
    } else if (from <= cell) {
      // The span ends inside this cell: a left-aligned partial block.
      cells.push(LEFT_EIGHTHS[Math.max(1, Math.round(covered * 8))] ?? "█");
    } else if (to >= cell + 1) {
      // The span starts inside this cell: only ▐ (half) and ▕ (eighth) are right-aligned.
      cells.push(covered >= 0.75 ? "█" : covered >= 0.375 ? "▐" : "▕");
    } else {
      cells.push(covered >= 0.5 ? "▌" : "▏");
    }
  }
  // A task that lasted no time at all still gets a mark where it happened.
  if (to - from < 0.001) {
    const at = Math.min(barWidth - 1, Math.floor(from));
    cells[at] = "▏";
  }
  const mark = STATE_MARK[span.state];
  if (mark !== "") {
    // Just after the end, or on the last cell when the bar reaches the edge.
    const after = Math.ceil(to);
    cells[
      after < barWidth && cells[after] === " " ? after : Math.max(0, Math.min(barWidth, after) - 1)
    ] = mark;
  }
  return cells.join("");
}
