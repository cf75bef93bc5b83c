// The ready queue's invariants under random pushes, runs and pauses: FIFO, each item once,
// and a batch runs only what was queued when it began (asyncio's `ntodo` snapshot in
// `_run_once`).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BATCH_SLICE, ReadyQueue } from "../src/internal/ready-queue.js";
import type { Runnable } from "../src/types.js";

interface Item extends Runnable {
  readonly id: number;
}

describe("ReadyQueue (property)", () => {
  it("runs items once, in FIFO order, each batch only what was queued when it began", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant("push" as const),
              resumesAwait: fc.boolean(),
              pushesWhenRun: fc.nat({ max: 3 }),
            }),
            fc.record({ kind: fc.constant("run" as const) }),
          ),
          { maxLength: 300 },
        ),
        (ops) => {
          const queue = new ReadyQueue();
          let nextId = 0;
          const ran: number[] = [];
          let batchLimit = -1; // the highest id the current batch may run
          const make = (resumesAwait: boolean, pushes: number): Item => {
            const id = nextId++;
            return {
              id,
              _resumesAwait: resumesAwait,
              _run: () => {
                expect(id).toBeLessThanOrEqual(batchLimit);
                ran.push(id);
                // What an item queues waits for a later batch.
                for (let n = 0; n < pushes; n++) queue.push(make(false, 0));
              },
              toString: () => `item ${id}`,
            };
          };
          for (const op of ops) {
            if (op.kind === "push") {
              queue.push(make(op.resumesAwait, op.pushesWhenRun));
              continue;
            }
            if (!queue.inBatch) batchLimit = nextId - 1;
            if (!queue.beginBatch()) {
              expect(queue.size).toBe(0);
              continue;
            }
            queue.run(undefined);
          }
          for (let guard = 0; queue.size > 0 && guard < 10_000; guard++) {
            if (!queue.inBatch) batchLimit = nextId - 1;
            queue.beginBatch();
            queue.run(undefined);
          }
          expect(ran).toEqual(Array.from({ length: nextId }, (_, index) => index));
          expect(queue.size).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("pauses after a wake-up followed by a plain item, and every BATCH_SLICE items", () => {
    const queue = new ReadyQueue();
    const ran: string[] = [];
    const item = (name: string, resumesAwait: boolean): Runnable => ({
      _resumesAwait: resumesAwait,
      _run: () => ran.push(name),
      toString: () => name,
    });
    queue.push(item("wake1", true));
    queue.push(item("wake2", true)); // consecutive wake-ups: no pause between them
    queue.push(item("plain", false));
    queue.beginBatch();
    queue.run(undefined);
    expect(ran).toEqual(["wake1", "wake2"]);
    queue.run(undefined);
    expect(ran).toEqual(["wake1", "wake2", "plain"]);
    ran.length = 0;
    for (let index = 0; index < BATCH_SLICE + 5; index++) queue.push(item(`${index}`, false));
    queue.beginBatch();
    queue.run(undefined);
    expect(ran).toHaveLength(BATCH_SLICE);
    queue.run(undefined);
    expect(ran).toHaveLength(BATCH_SLICE + 5);
  });
});
