/**
 * `formatTaskTree`: every live task, who created it, what it awaits (like CPython 3.14's
 * `python -m asyncio pstree`).
 */
import { getRunningLoop, type EventLoop, type Future } from "@aiots/loop";
import { Task } from "./task.js";
import { allTasks } from "./task-registry.js";

/**
 * Renders the live tasks of a loop (default: the running one) as a tree: each task under
 * the task that created it, with what it is awaiting right now (another task, or a
 * library future such as a sleep or a lock waiter). Tasks whose creator already finished
 * are shown at the top level with a note.
 *
 * @example
 * ```ts
 * console.log(formatTaskTree());
 * // └── (T) main [pending] awaiting Task 'worker-1'
 * //     ├── (T) worker-1 [pending] awaiting <SleepFuture pending>
 * //     └── (T) worker-2 [cancelling] awaiting <Waiter pending>
 * ```
 */
export function formatTaskTree(loop: EventLoop = getRunningLoop()): string {
  const live = allTasks(loop);
  const children = new Map<Task<unknown> | undefined, Task<unknown>[]>();
  for (const task of live) {
    const parent = task.parent !== undefined && live.has(task.parent) ? task.parent : undefined;
    let list = children.get(parent);
    if (list === undefined) children.set(parent, (list = []));
    list.push(task);
  }
  const lines: string[] = [];
  const walk = (task: Task<unknown>, prefix: string, last: boolean): void => {
    lines.push(`${prefix}${last ? "└── " : "├── "}${describe(task, live)}`);
    const kids = children.get(task) ?? [];
    kids.forEach((kid, i) => walk(kid, prefix + (last ? "    " : "│   "), i === kids.length - 1));
  };
  const roots = children.get(undefined) ?? [];
  roots.forEach((root, i) => walk(root, "", i === roots.length - 1));
  return lines.join("\n");
}

function describe(task: Task<unknown>, live: Set<Task<unknown>>): string {
  const state = task.cancelling() > 0 ? "cancelling" : "pending";
  let text = `(T) ${task.getName()} [${state}]`;
  const awaiting = task.awaiting();
  if (awaiting.length > 0) text += ` awaiting ${awaiting.map(describeFuture).join(", ")}`;
  if (task.parent !== undefined && !live.has(task.parent)) {
    text += ` (created by ${task.parent.getName()}, finished)`;
  }
  return text;
}

function describeFuture(future: Future<unknown>): string {
  return future instanceof Task ? `Task '${future.getName()}'` : future.toString();
}
