// The ready queue's invariants under random pushes, runs and pauses: FIFO, each item once,
// a batch runs only what was queued when it began (asyncio's `ntodo` snapshot in
// `_run_once`), and it pauses right after a task step that has not suspended yet.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BATCH_SLICE, ReadyQueue, type StepTracker } from "../src/internal/ready-queue.js";
import type { LoopContext, Runnable } from "../src/types.js";

const stepContext = (): LoopContext => ({ loop: undefined as never, awaiter: undefined });

describe("ReadyQueue (property)", () => {
  it("runs items once, in FIFO order, a batch only what was queued when it began, pausing on open steps", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant("push" as const),
              // undefined: a plain callback; true: a step that suspends while it runs;
              // false: a step still running when _run() returns (the batch must pause).
              step: fc.constantFrom(undefined, true, false),
              pushesWhenRun: fc.nat({ max: 3 }),
            }),
            fc.record({ kind: fc.constant("run" as const) }),
          ),
          { maxLength: 300 },
        ),
        (ops) => {
          const queue = new ReadyQueue();
          const steps: StepTracker = { current: undefined };
          let nextId = 0;
          const ran: number[] = [];
          const openSteps: number[] = [];
          let batchLimit = -1; // the highest id the current batch may run
          const make = (step: boolean | undefined, pushes: number): Runnable => {
            const id = nextId++;
            const context = step === undefined ? undefined : stepContext();
            return {
              _resumes: context,
              _run: () => {
                expect(id).toBeLessThanOrEqual(batchLimit);
                expect(steps.current).toBe(context);
                ran.push(id);
                // What an item queues waits for a later batch.
                for (let n = 0; n < pushes; n++) queue.push(make(undefined, 0));
                if (step === true) steps.current = undefined; // suspended at once
                if (step === false) openSteps.push(id);
              },
              toString: () => `item ${id}`,
            };
          };
          const runOnce = (): void => {
            if (!queue.inBatch) batchLimit = nextId - 1;
            if (!queue.beginBatch()) {
              expect(queue.size).toBe(0);
              return;
            }
            const opened = openSteps.length;
            const paused = queue.run(undefined, steps);
            // It pauses exactly when the last item run opened a step that did not suspend,
            // unless that item ended the batch (the next batch waits for a macrotask).
            expect(paused).toBe(
              openSteps.length > opened && openSteps.at(-1) === ran.at(-1) && queue.inBatch,
            );
            steps.current = undefined; // the step suspends later (the loop's part)
          };
          for (const op of ops) {
            if (op.kind === "push") queue.push(make(op.step, op.pushesWhenRun));
            else runOnce();
          }
          for (let guard = 0; queue.size > 0 && guard < 10_000; guard++) runOnce();
          expect(ran).toEqual(Array.from({ length: nextId }, (_, index) => index));
          expect(queue.size).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("pauses after a step that is still running, and every BATCH_SLICE items", () => {
    const queue = new ReadyQueue();
    const steps: StepTracker = { current: undefined };
    const ran: string[] = [];
    const item = (name: string, resumes: LoopContext | undefined): Runnable => ({
      _resumes: resumes,
      _run: () => ran.push(name),
      toString: () => name,
    });
    queue.push(item("step", stepContext()));
    queue.push(item("plain", undefined));
    queue.push(item("last step", stepContext()));
    queue.beginBatch();
    expect(queue.run(undefined, steps)).toBe(true);
    expect(ran).toEqual(["step"]);
    steps.current = undefined;
    expect(queue.run(undefined, steps)).toBe(false); // the last item: no pause
    expect(ran).toEqual(["step", "plain", "last step"]);
    steps.current = undefined;
    ran.length = 0;
    for (let index = 0; index < BATCH_SLICE + 5; index++) queue.push(item(`${index}`, undefined));
    queue.beginBatch();
    queue.run(undefined, steps);
    expect(ran).toHaveLength(BATCH_SLICE);
    queue.run(undefined, steps);
    expect(ran).toHaveLength(BATCH_SLICE + 5);
  });
});
