import { describe, expect, it } from "vitest";
import { groupSiblings } from "../src/span-groups.js";
import type { TaskSpan } from "../src/task-span.js";

const span = (
  id: number,
  name: string,
  parentId: number | undefined,
  start: number,
  end: number | undefined,
  state: TaskSpan["state"],
): TaskSpan => ({
  id,
  name,
  ...(parentId === undefined ? {} : { parentId }),
  start,
  end,
  state,
});

describe("groupSiblings", () => {
  it("folds four or more same-named siblings into one row at the first one's place", () => {
    const spans = [
      span(1, "main", undefined, 0, 100, "done"),
      span(2, "read", 1, 5, 20, "done"),
      span(3, "other", 1, 0, 10, "done"),
      span(4, "read", 1, 3, 40, "cancelled"),
      span(5, "read", 1, 10, 30, "done"),
      span(6, "read", 1, 12, 35, "done"),
    ];
    expect(groupSiblings(spans)).toEqual([
      span(1, "main", undefined, 0, 100, "done"),
      span(2, "read ×4", 1, 3, 40, "cancelled"),
      span(3, "other", 1, 0, 10, "done"),
    ]);
  });

  it("keeps fewer siblings, and same names under different parents, apart", () => {
    const spans = [
      span(1, "main", undefined, 0, 100, "done"),
      span(2, "a", 1, 0, 10, "done"),
      span(3, "read", 2, 0, 5, "done"),
      span(4, "read", 2, 0, 5, "done"),
      span(5, "read", 1, 0, 5, "failed"),
    ];
    expect(groupSiblings(spans)).toEqual(spans);
  });

  it("shows a group with a pending member as pending, without an end; failed wins", () => {
    const pending = [1, 2, 3, 4].map((id) =>
      span(id, "w", undefined, id, id === 4 ? undefined : 9, id === 4 ? "pending" : "done"),
    );
    expect(groupSiblings(pending)).toEqual([span(1, "w ×4", undefined, 1, undefined, "pending")]);
    const failed = [1, 2, 3, 4].map((id) =>
      span(id, "w", undefined, 0, 9, id === 2 ? "failed" : "cancelled"),
    );
    expect(groupSiblings(failed)[0]?.state).toBe("failed");
  });
});
