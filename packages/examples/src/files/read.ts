import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import type { VirtualClock } from "@aiots/loop";
import { currentTask, Semaphore, taskGroup, type Task } from "@aiots/tasks";
import { openHandlesUnder } from "./handles.js";

/**
 * Counts the reads in flight (started and not settled) and the file handles open on the
 * tree, and charges the real time of the I/O to a virtual clock (which does not see it), so
 * that a deadline falls at the same point of the work on both clocks.
 */
export class ReadMeter {
  inFlight = 0;
  peakInFlight = 0;
  peakHandles = 0;
  completed = 0;
  #starts = 0;
  #charged = performance.now();

  constructor(
    readonly root: string,
    readonly clock: VirtualClock | undefined,
  ) {}

  /** Starts counting afresh (the in-flight count stays: it must be 0 by then). */
  reset(): void {
    this.peakInFlight = this.inFlight;
    this.peakHandles = 0;
    this.completed = 0;
  }

  /** Reads `path` with the current task's signal, counted; its SHA-256, hex. */
  async checksum(path: string): Promise<string> {
    const task = currentTask();
    if (task === undefined) throw new Error("checksum() runs inside a task");
    const { signal } = task;
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    // Sampling /proc/self/fd costs a few hundred syscalls: every 16th read.
    if (this.#starts++ % 16 === 0) this.#sampleHandles();
    let bytes: Buffer;
    try {
      // Cancelled, readFile rejects with an AbortError caused by the task's signal, which
      // @aiots/tasks takes for the task's cancellation; it has closed the file by then.
      bytes = await readFile(path, { signal });
    } finally {
      this.inFlight--;
      this.charge();
    }
    this.completed++;
    return createHash("sha256").update(bytes).digest("hex");
  }

  #sampleHandles(): void {
    this.peakHandles = Math.max(this.peakHandles, openHandlesUnder(this.root) ?? 0);
  }

  /** Charges the real time since the last charge to the virtual clock, if there is one. */
  charge(): void {
    const now = performance.now();
    this.clock?.advance(Math.max(0, now - this.#charged));
    this.#charged = now;
  }
}

/**
 * The SHA-256 of the files' SHA-256s in order: the tree's checksum, whatever the order the
 * reads finished in.
 */
export function combine(digests: readonly string[]): string {
  const hash = createHash("sha256");
  for (const digest of digests) hash.update(digest);
  return hash.digest("hex");
}

/**
 * Reads and hashes the files one by one in the current task: each read waits for the one
 * before.
 */
export async function readSerially(paths: readonly string[], meter: ReadMeter): Promise<string> {
  const digests: string[] = [];
  for (const path of paths) digests.push(await meter.checksum(path));
  return combine(digests);
}

/**
 * Reads and hashes the files in a `TaskGroup`, one `read` task per file, at most
 * `concurrency` reads at once (a `Semaphore`). Each task is pushed to `tasks` as it is
 * created, so that the caller can count how they ended even when the group is cancelled.
 */
export async function readConcurrently(
  paths: readonly string[],
  concurrency: number,
  meter: ReadMeter,
  tasks: Array<Task<unknown>> = [],
): Promise<string> {
  const limit = new Semaphore(concurrency);
  const digests = new Array<string>(paths.length);
  await taskGroup((tg) => {
    paths.forEach((path, index) => {
      tasks.push(
        tg.createTask(
          () =>
            limit.withLock(async () => {
              digests[index] = await meter.checksum(path);
            }),
          { name: "read" },
        ),
      );
    });
  });
  return combine(digests);
}
