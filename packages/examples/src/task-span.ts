/** How a task ended, as the timeline and the trace show it. */
export type TaskState = "done" | "cancelled" | "failed" | "pending";

/**
 * One task of a scenario, from its creation to its end, in loop milliseconds since the
 * scenario started. Collected from `observeTasks()` of `@aiots/tasks`.
 *
 * @example
 * ```ts
 * const span: TaskSpan = { id: 2, name: "Task-2", parentId: 1, start: 0, end: 1000, state: "done" };
 * ```
 */
export interface TaskSpan {
  /** Order of creation within the scenario, from 1. */
  readonly id: number;
  readonly name: string;
  /** The task that created this one, if it was a task. */
  readonly parentId?: number;
  /** Loop ms since the scenario started. */
  readonly start: number;
  /** Loop ms since the scenario started; `undefined` while pending. */
  readonly end: number | undefined;
  readonly state: TaskState;
}
