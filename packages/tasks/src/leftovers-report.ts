/**
 * `LeftoversReport`: what a debug-mode `run()` or `taskGroup()` left behind when it ended
 * (asyncio debug mode's "Task was destroyed but it is pending!" and unclosed-resource
 * `ResourceWarning`s, gathered in one report per scope). Made by internal/leftover-scope.ts.
 */
import type { TimerHandle } from "@aiots/loop";
import type { Task } from "./task.js";
import type { TrackedResource } from "./track-resource.js";

/**
 * Where a leftover came from, as debug mode recorded it when it was created.
 *
 * @example
 * ```ts
 * const where: LeftoverOrigin = report.timers[0]!;
 * console.log(`${where.site} (by ${where.createdBy ?? "a callback"})`);
 * ```
 */
export interface LeftoverOrigin {
  /**
   * The line of user code that created it, `path:line:column` (the first frame of the
   * creation stack outside aiots and `node_modules`), or `undefined` when debug mode did
   * not see it created.
   */
  readonly site: string | undefined;
  /** The whole creation stack, most recent call first (`    at ...` lines), if recorded. */
  readonly stack: string | undefined;
  /** The name of the task whose code created it; `undefined` for a plain callback. */
  readonly createdBy: string | undefined;
  /** How it looked when the report noted it (asyncio's repr). */
  readonly description: string;
}

/**
 * A task still running when its scope was cancelled or ended.
 *
 * @example
 * ```ts
 * for (const { task, state, site } of report.tasks) console.log(task.getName(), state, site);
 * ```
 */
export interface LeftoverTask extends LeftoverOrigin {
  readonly task: Task<unknown>;
  /**
   * `"cancelled"`: it was still running when the scope cancelled it (the group was
   * cancelled, or `run()`'s main task ended); `"running"`: it is still running as the
   * scope ends, which did not cancel it (a task that a group's code started outside the
   * group, with plain `createTask`).
   */
  readonly state: "cancelled" | "running";
}

/**
 * A timer (`callLater`/`callAt`) still scheduled when its scope ended, the task that
 * scheduled it being done.
 *
 * @example
 * ```ts
 * for (const { timer, site } of report.timers) console.log(timer.when(), site);
 * ```
 */
export interface LeftoverTimer extends LeftoverOrigin {
  readonly timer: TimerHandle;
}

/**
 * A resource registered with `trackResource` (e.g. an HTTP response) still open when its
 * scope ended, the task that opened it being done.
 *
 * @example
 * ```ts
 * for (const { resource, site } of report.resources) console.log(resource.kind, site);
 * ```
 */
export interface LeftoverResource extends LeftoverOrigin {
  readonly resource: TrackedResource;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function originLine(origin: LeftoverOrigin): string {
  const by = origin.createdBy === undefined ? "" : ` by Task '${origin.createdBy}'`;
  return `      created at ${origin.site ?? "<unknown: not recorded in debug mode>"}${by}`;
}

/**
 * What a scope (`run()`, a `taskGroup()`) left behind when it ended, in debug mode: tasks
 * still running when it was cancelled or ended, timers still scheduled and tracked
 * resources (HTTP responses) still open, each with where it was created. Each leftover is
 * reported once, by the innermost scope that ends while it is left over. A report is only
 * made when something was left behind.
 *
 * @example
 * ```ts
 * await run(main, {
 *   debug: true,
 *   onLeftovers: (report) => {
 *     console.warn(report.toString());
 *     // Leftovers of run() (debug mode): 1 pending timer
 *     //   timer <TimerHandle when=5000 tick()>: still scheduled
 *     //       created at /app/main.ts:12:8 by Task 'main'
 *   },
 * });
 * ```
 */
export class LeftoversReport {
  /** The scope that ended: `"run()"`, or `"taskGroup() of Task 'main'"`. */
  readonly scope: string;
  /** Where the scope was opened (a task group's `taskGroup()` line), if known. */
  readonly site: string | undefined;
  /** Tasks still running when the scope was cancelled or ended, oldest first. */
  readonly tasks: readonly LeftoverTask[];
  /** Timers still scheduled, earliest first. */
  readonly timers: readonly LeftoverTimer[];
  /** Tracked resources still open, oldest first. */
  readonly resources: readonly LeftoverResource[];

  /** @internal Made by `run()` and `taskGroup()` in debug mode. */
  constructor(
    scope: string,
    site: string | undefined,
    tasks: readonly LeftoverTask[],
    timers: readonly LeftoverTimer[],
    resources: readonly LeftoverResource[],
  ) {
    this.scope = scope;
    this.site = site;
    this.tasks = tasks;
    this.timers = timers;
    this.resources = resources;
  }

  /**
   * How many leftovers the report holds (never 0: an empty report is not made).
   *
   * @example
   * ```ts
   * report.size; // 3
   * ```
   */
  get size(): number {
    return this.tasks.length + this.timers.length + this.resources.length;
  }

  /**
   * One line: the scope and what it left, e.g. `Leftovers of run() (debug mode): 1 task
   * still running, 1 pending timer, 1 open response`.
   *
   * @example
   * ```ts
   * loop.logger.warn(report.summary);
   * ```
   */
  get summary(): string {
    const parts: string[] = [];
    if (this.tasks.length > 0) parts.push(`${plural(this.tasks.length, "task")} still running`);
    if (this.timers.length > 0) parts.push(plural(this.timers.length, "pending timer"));
    const kinds = new Map<string, number>();
    for (const { resource } of this.resources) {
      kinds.set(resource.kind, (kinds.get(resource.kind) ?? 0) + 1);
    }
    for (const [kind, count] of kinds) parts.push(plural(count, `open ${kind}`));
    const where = this.site === undefined ? "" : ` at ${this.site}`;
    return `Leftovers of ${this.scope}${where} (debug mode): ${parts.join(", ")}`;
  }

  /**
   * The summary, then each leftover with what it is, why it is left and where it was
   * created.
   *
   * @example
   * ```ts
   * console.warn(String(report));
   * ```
   */
  toString(): string {
    const lines = [this.summary];
    for (const leftover of this.tasks) {
      const why =
        leftover.state === "cancelled"
          ? `still running when ${this.scope} cancelled it`
          : `still running as ${this.scope} ended`;
      lines.push(`  task ${leftover.description}: ${why}`, originLine(leftover));
    }
    for (const leftover of this.timers) {
      lines.push(`  timer ${leftover.description}: still scheduled`, originLine(leftover));
    }
    for (const leftover of this.resources) {
      lines.push(
        `  ${leftover.resource.kind} ${leftover.description}: still open`,
        originLine(leftover),
      );
    }
    return lines.join("\n");
  }
}
