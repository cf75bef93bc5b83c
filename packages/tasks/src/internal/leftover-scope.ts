/**
 * Debug mode: the leftovers of one scope (`run()` or a task group), noted while it runs and
 * reported when it ends (see {@link LeftoversReport}). A scope exists only on a loop in
 * debug mode; nothing here runs otherwise.
 *
 * Which leftovers are a group's: those created by the group's parent task after the group
 * was entered (its body), or by a task descending from such a creation (its children and
 * theirs), as the recorded creation sources say (owner and creation order).
 */
import {
  creationSourceOf,
  lastCreationSerial,
  recordCreationSource,
  type CreationSource,
  type EventLoop,
} from "@aiots/loop";
import {
  LeftoversReport,
  type LeftoverOrigin,
  type LeftoverResource,
  type LeftoverTask,
  type LeftoverTimer,
} from "../leftovers-report.js";
import { currentTask, isTask, type Task } from "../task.js";
import { allTasks } from "../task-registry.js";
import { openResources } from "../track-resource.js";
import { recordTaskSources, siteOf } from "./creation-sites.js";

/** What receives a scope's report (the `onLeftovers` option of `run()` and `taskGroup()`). */
export type LeftoversHandler = (report: LeftoversReport) => void;

// Each leftover is reported once, by the innermost scope that ends while it is left over.
const reported = new WeakSet<object>();
// The `onLeftovers` of the `run()` that owns a loop: the default for its task groups.
const runHandlers = new WeakMap<EventLoop, LeftoversHandler>();

function origin(object: object, description: string): LeftoverOrigin {
  const source = creationSourceOf(object);
  const owner = source?.owner;
  return {
    site: source === undefined ? undefined : siteOf(source.stack),
    stack: source?.stack,
    createdBy: isTask(owner) ? owner.getName() : undefined,
    description,
  };
}

export class LeftoverScope {
  readonly #loop: EventLoop;
  readonly #name: string;
  // A group's parent task and the creation serial when it entered; none for run().
  readonly #parent: Task<unknown> | undefined;
  readonly #opened: number;
  readonly #stopRecording: () => void;
  readonly #cancelled = new Map<Task<unknown>, string>();
  #handler: LeftoversHandler | undefined;

  private constructor(loop: EventLoop, name: string, parent: Task<unknown> | undefined) {
    this.#loop = loop;
    this.#name = name;
    this.#parent = parent;
    this.#opened = lastCreationSerial();
    this.#stopRecording = recordTaskSources();
  }

  /** The scope of `run()`/`Runner` on `loop` (debug mode): every leftover of the loop. */
  static forRun(loop: EventLoop, handler: LeftoversHandler | undefined): LeftoverScope {
    const scope = new LeftoverScope(loop, "run()", undefined);
    scope.#handler = handler;
    if (handler !== undefined) runHandlers.set(loop, handler);
    return scope;
  }

  /** The scope of a task group entered by `parent` on `loop` (debug mode). */
  static forGroup(loop: EventLoop, parent: Task<unknown>): LeftoverScope {
    const scope = new LeftoverScope(loop, `taskGroup() of Task '${parent.getName()}'`, parent);
    // Where the group was opened: its TaskGroup is made by the code that called taskGroup().
    recordCreationSource(scope);
    return scope;
  }

  /** Sets who receives the report (a group's `onLeftovers`). */
  set handler(handler: LeftoversHandler | undefined) {
    this.#handler = handler;
  }

  /**
   * The scope is cancelling `tasks`: those still running are leftovers ("cancelled"), but
   * for the task whose code asks for the cancellation (a child calling `tg.cancel()`).
   */
  noteCancelled(tasks: Iterable<Task<unknown>>): void {
    const current = currentTask();
    for (const task of tasks) {
      if (task.done() || task === current || this.#cancelled.has(task)) continue;
      this.#cancelled.set(task, task.toString());
    }
  }

  /** The scope ended: reports what is left, if anything. Call once. */
  close(): void {
    this.#stopRecording();
    const report = this.#collect();
    if (report !== undefined) this.#deliver(report);
  }

  #inScope(source: CreationSource | undefined): boolean {
    const parent = this.#parent;
    if (parent === undefined) return true;
    // Up the chain of creators, to the group's parent task: in scope if the link below it
    // was made after the group was entered.
    let link = source;
    while (link !== undefined) {
      const owner = link.owner;
      if (owner === parent) return link.serial > this.#opened;
      if (!isTask(owner)) return false;
      link = creationSourceOf(owner);
    }
    return false;
  }

  #collect(): LeftoversReport | undefined {
    const tasks: LeftoverTask[] = [];
    for (const [task, description] of this.#cancelled) {
      if (reported.has(task)) continue;
      reported.add(task);
      tasks.push({ ...origin(task, description), task, state: "cancelled" });
    }
    for (const task of allTasks(this.#loop)) {
      if (task === this.#parent || reported.has(task) || task.done()) continue;
      if (!this.#inScope(creationSourceOf(task))) continue;
      reported.add(task);
      tasks.push({ ...origin(task, task.toString()), task, state: "running" });
    }
    const timers: LeftoverTimer[] = [];
    for (const timer of this.#loop._pendingTimers()) {
      if (!this.#isLeftover(timer)) continue;
      timers.push({ ...origin(timer, timer.toString()), timer });
    }
    const resources: LeftoverResource[] = [];
    for (const resource of openResources(this.#loop)) {
      if (!this.#isLeftover(resource)) continue;
      resources.push({ ...origin(resource, resource.toString()), resource });
    }
    if (tasks.length + timers.length + resources.length === 0) return undefined;
    const source = creationSourceOf(this);
    const site = source === undefined ? undefined : siteOf(source.stack);
    return new LeftoversReport(this.#name, site, tasks, timers, resources);
  }

  // A timer or resource is left over once the task that made it is done (or, made by a
  // group's body, once the group ended): until then, it is that task's to use.
  #isLeftover(object: object): boolean {
    if (reported.has(object)) return false;
    const source = creationSourceOf(object);
    const owner = source?.owner;
    if (isTask(owner) && !owner.done() && owner !== this.#parent) return false;
    if (!this.#inScope(source)) return false;
    reported.add(object);
    return true;
  }

  #deliver(report: LeftoversReport): void {
    const loop = this.#loop;
    const handler = this.#handler ?? runHandlers.get(loop);
    if (handler !== undefined) {
      try {
        handler(report);
      } catch (error) {
        loop.callExceptionHandler({ message: "Exception in onLeftovers", exception: error });
      }
    } else if (loop.getExceptionHandler() !== null) {
      loop.callExceptionHandler({ message: report.summary, leftovers: report });
    } else {
      loop.logger.warn(report.toString());
    }
  }
}
