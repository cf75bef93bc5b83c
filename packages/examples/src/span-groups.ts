import type { TaskSpan, TaskState } from "./task-span.js";

// The state a group shows: the most telling one among its members.
const SEVERITY: readonly TaskState[] = ["done", "pending", "cancelled", "failed"];

/**
 * Folds siblings (same parent, same name) into one row when there are at least `minimum`
 * of them: `read ×2000`, from the first one's start to the last one's end, with the most
 * telling state among them (failed, then cancelled, then pending, then done). A scenario
 * with a task per file stays a readable timeline. The row takes the first member's place.
 *
 * @param minimum - the smallest number of siblings that are folded (default 4).
 * @example
 * ```ts
 * groupSiblings(spans); // [main, "read ×2000", ...]
 * ```
 */
export function groupSiblings(spans: readonly TaskSpan[], minimum = 4): TaskSpan[] {
  const members = new Map<string, TaskSpan[]>();
  const keyOf = (span: TaskSpan): string => `${span.parentId ?? 0}\u0000${span.name}`;
  for (const span of spans) {
    const list = members.get(keyOf(span));
    if (list === undefined) members.set(keyOf(span), [span]);
    else list.push(span);
  }
  const result: TaskSpan[] = [];
  for (const span of spans) {
    const group = members.get(keyOf(span)) ?? [span];
    if (group.length < minimum) {
      result.push(span);
      continue;
    }
    if (group[0] !== span) continue;
    const ends = group.map((member) => member.end);
    const state = group.reduce<TaskState>(
      (worst, member) =>
        SEVERITY.indexOf(member.state) > SEVERITY.indexOf(worst) ? member.state : worst,
      "done",
    );
    result.push({
      ...span,
      name: `${span.name} ×${group.length}`,
      start: Math.min(...group.map((member) => member.start)),
      end: ends.includes(undefined) ? undefined : Math.max(...ends.map((end) => end ?? 0)),
      state,
    });
  }
  return result;
}
