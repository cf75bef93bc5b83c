import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { currentTask, Semaphore, taskGroup } from "@aiots/tasks";
import { randomInt, seededRandom } from "../internal/random.js";

/** What {@link generateTree} writes. */
export interface TreeOptions {
  /** How many files (default 2000). */
  readonly files?: number;
  /** Spread over this many directories (default 20). */
  readonly dirs?: number;
  /** Smallest and largest file, bytes (default 2 KiB and 64 KiB). */
  readonly minBytes?: number;
  readonly maxBytes?: number;
  /** Seed of the sizes and contents (default 17). */
  readonly seed?: number;
  /** Writes at once (default 32). */
  readonly concurrency?: number;
  /** Called after each write (the scenario charges its time to a virtual clock). */
  readonly afterWrite?: () => void;
}

/** A generated tree: its files, in a fixed order, and their total size. */
export interface Tree {
  readonly root: string;
  readonly paths: readonly string[];
  readonly bytes: number;
}

/**
 * Writes a tree of files with seeded sizes and contents under `root`, `concurrency` writes
 * at a time (one `write` task each, through `fs/promises` with the task's signal). The same
 * options give the same bytes on every machine.
 *
 * @example
 * ```ts
 * const tree = await generateTree(await mkdtemp(join(tmpdir(), "aiots-")), { files: 100 });
 * tree.paths.length; // 100
 * ```
 */
export async function generateTree(root: string, options: TreeOptions = {}): Promise<Tree> {
  const files = options.files ?? 2000;
  const dirs = Math.max(1, Math.min(files, options.dirs ?? 20));
  const random = seededRandom(options.seed ?? 17);
  const minBytes = options.minBytes ?? 2048;
  const maxBytes = options.maxBytes ?? 65_536;
  const limit = new Semaphore(options.concurrency ?? 32);
  for (let d = 0; d < dirs; d++) await mkdir(join(root, `d${String(d).padStart(3, "0")}`));
  const planned = Array.from({ length: files }, (_, i) => ({
    path: join(root, `d${String(i % dirs).padStart(3, "0")}`, `f${String(i).padStart(5, "0")}.bin`),
    size: randomInt(random, minBytes, maxBytes),
    fill: randomInt(random, 0, 255),
  }));
  await taskGroup((tg) => {
    for (const file of planned) {
      tg.createTask(
        () =>
          limit.withLock(async () => {
            const signal = currentTask()?.signal;
            if (signal === undefined) throw new Error("generateTree() runs inside a task");
            const content = Buffer.alloc(file.size, file.fill);
            // A little per-file variety, so no two files have the same checksum.
            content.write(file.path, 0, "latin1");
            try {
              await writeFile(file.path, content, { signal });
            } finally {
              options.afterWrite?.();
            }
          }),
        { name: "write" },
      );
    }
  });
  return {
    root,
    paths: planned.map((file) => file.path),
    bytes: planned.reduce((sum, file) => sum + file.size, 0),
  };
}
