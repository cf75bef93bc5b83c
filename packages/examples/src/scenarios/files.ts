import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createTask, TimeoutError, timeout, type Task } from "@aiots/tasks";
import { fsRequestsInFlight, openHandlesUnder } from "../files/handles.js";
import { ReadMeter, readConcurrently, readSerially } from "../files/read.js";
import { generateTree, type TreeOptions } from "../files/tree.js";
import type { Scenario } from "../scenario.js";

/** The `files` scenario's settings; the defaults are {@link FILES_DEFAULTS}. */
export interface FilesSettings {
  readonly tree: TreeOptions;
  /** Reads at once in the concurrent runs. */
  readonly concurrency: number;
  /** The deadline of the third run, ms (default: half the time of the second). */
  readonly deadlineMs?: number;
}

/** 2,000 files of 2–64 KiB in 20 directories, read 32 at a time. */
export const FILES_DEFAULTS: FilesSettings = {
  tree: { files: 2000, dirs: 20, minBytes: 1024, maxBytes: 16_384 },
  concurrency: 32,
};

/** What the last run of a files scenario measured, for the tests and the README's numbers. */
export interface FilesRun {
  /** The temp dir the tree was in (removed at the end). */
  readonly root: string;
  readonly files: number;
  readonly serialMs: number;
  readonly concurrentMs: number;
  readonly deadlineMs: number;
  /** The read tasks of the run cut by the deadline, as they ended. */
  readonly deadlineTasks: { done: number; cancelled: number; failed: number };
  readonly readBeforeDeadline: number;
  readonly inFlightAfter: number;
  readonly peakInFlight: number;
  /** `undefined` off Linux. */
  readonly handlesAfter: number | undefined;
  readonly peakHandles: number;
}

/**
 * A `files` scenario with its own settings (the tests use a smaller tree).
 *
 * @example
 * ```ts
 * const small = makeFiles({ ...FILES_DEFAULTS, tree: { files: 200, dirs: 4 } });
 * await runScenario(small, { virtual: true });
 * ```
 */
export function makeFiles(settings: FilesSettings): Scenario & { lastRun?: FilesRun } {
  const scenario: Scenario & { lastRun?: FilesRun } = {
    name: "files",
    summary: `checksum ${settings.tree.files ?? 2000} files one by one, then ${settings.concurrency} at a time, then cut by a deadline: no read or handle left`,
    // Time must not jump to the deadline while reads wait on the disk: the scenario charges
    // their real time to the virtual clock instead (see ReadMeter).
    autojumpThresholdMs: 1000,
    async main({ print, virtualClock }) {
      const root = await mkdtemp(join(tmpdir(), "aiots-files-"));
      const meter = new ReadMeter(root, virtualClock);
      const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
        try {
          return await createTask(fn, { name });
        } finally {
          meter.charge();
        }
      };
      try {
        const tree = await phase("generate", () =>
          generateTree(root, { ...settings.tree, afterWrite: () => meter.charge() }),
        );
        const files = tree.paths.length;
        print(
          `generated ${files} files (${(tree.bytes / 2 ** 20).toFixed(1)} MiB) in a temp dir, ` +
            `${settings.concurrency} writes at a time`,
        );

        let started = performance.now();
        const serialSum = await phase("one by one", () => readSerially(tree.paths, meter));
        const serialMs = performance.now() - started;
        print(`one by one:      ${files} files read and hashed in ${ms(serialMs)}`);

        meter.reset();
        started = performance.now();
        const concurrentSum = await phase(`${settings.concurrency} at a time`, () =>
          readConcurrently(tree.paths, settings.concurrency, meter),
        );
        const concurrentMs = performance.now() - started;
        print(
          `${`${settings.concurrency} at a time:`.padEnd(17)}${files} files read and hashed in ${ms(concurrentMs)} ` +
            `(${(serialMs / concurrentMs).toFixed(1)}× as fast), peak ${meter.peakInFlight} reads in flight`,
        );
        print(`same checksum both ways: ${concurrentSum === serialSum ? "yes" : "NO"}`);

        // The same concurrent reads, cut half-way by a deadline.
        const deadlineMs = settings.deadlineMs ?? Math.max(1, Math.round(concurrentMs / 2));
        meter.reset();
        const tasks: Array<Task<unknown>> = [];
        const outcome = await phase("with a deadline", async () => {
          try {
            await timeout(deadlineMs, () =>
              readConcurrently(tree.paths, settings.concurrency, meter, tasks),
            );
            return "finished before the deadline";
          } catch (error) {
            if (error instanceof TimeoutError) return "TimeoutError";
            throw error;
          }
        });
        const ended = countEnds(tasks);
        const handlesAfter = openHandlesUnder(root);
        print(
          `deadline after ${deadlineMs} ms${settings.deadlineMs === undefined ? " (half the concurrent time)" : ""}: ${outcome}`,
        );
        print(
          `  read tasks: ${ended.done} done, ${ended.cancelled} cancelled, ${ended.failed} failed ` +
            `(${meter.completed} of ${files} reads had completed)`,
        );
        print(
          `  after the deadline: ${meter.inFlight} reads in flight (peak ${meter.peakInFlight}), ` +
            `${handlesAfter ?? "n/a"} file handles open on the tree (peak ${meter.peakHandles}), ` +
            `${fsRequestsInFlight()} fs requests in flight`,
        );
        scenario.lastRun = {
          root,
          files,
          serialMs,
          concurrentMs,
          deadlineMs,
          deadlineTasks: ended,
          readBeforeDeadline: meter.completed,
          inFlightAfter: meter.inFlight,
          peakInFlight: meter.peakInFlight,
          handlesAfter,
          peakHandles: meter.peakHandles,
        };
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
  return scenario;
}

function countEnds(tasks: ReadonlyArray<Task<unknown>>): {
  done: number;
  cancelled: number;
  failed: number;
} {
  let done = 0;
  let cancelled = 0;
  let failed = 0;
  for (const task of tasks) {
    if (!task.done()) continue;
    if (task.cancelled()) cancelled++;
    else if (task.exception() === undefined) done++;
    else failed++;
  }
  return { done, cancelled, failed };
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

/**
 * The article's "file reads and writes" (文件读写): a generated tree of 2,000 files read
 * and hashed through `fs/promises` one by one, then 32 at a time in a `TaskGroup`, then the
 * same cut half-way by a `timeout`: the task's `signal` reaches every read, every read task
 * ends cancelled, and no read or file handle is left open.
 */
export const files = makeFiles(FILES_DEFAULTS);
