// Property test: random producers/consumers with cancellation and timeouts never lose or
// duplicate an item (CPython test_queues.py test_cancelled_*_race family).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Queue, createTask, gather, sleep, timeout, type Task } from "../src/index.js";
import { nextIteration, runVirtual } from "./helpers.js";

const op = fc.record({
  kind: fc.constantFrom("put", "get"),
  start: fc.integer({ min: 0, max: 20 }),
  cancelAt: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  spins: fc.integer({ min: 0, max: 4 }),
  timeoutMs: fc.option(fc.integer({ min: 0, max: 25 }), { nil: null }),
});

describe("queue invariants under random cancellation and timeouts", () => {
  it("every item successfully put is got exactly once or still queued; failed puts insert nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 }),
        fc.array(op, { minLength: 1, maxLength: 14 }),
        async (maxsize, ops) => {
          const queue = new Queue<number>(maxsize);
          const putOk: number[] = [];
          const got: number[] = [];
          let stuck = false;
          await runVirtual(async () => {
            const tasks: Task<unknown>[] = ops.map((o, i) =>
              createTask(async () => {
                await sleep(o.start);
                const action = async (): Promise<void> => {
                  if (o.kind === "put") {
                    await queue.put(i);
                    putOk.push(i);
                  } else {
                    got.push(await queue.get());
                  }
                };
                await (o.timeoutMs === null ? action() : timeout(o.timeoutMs, action));
              }),
            );
            ops.forEach((o, i) => {
              if (o.cancelAt !== null) {
                const at = o.cancelAt;
                createTask(async () => {
                  await sleep(at);
                  // A few loop iterations more: lands between a wake-up and its resumption.
                  for (let s = 0; s < o.spins; s++) await nextIteration();
                  tasks[i]!.cancel();
                });
              }
            });
            // Getters that nobody feeds would wait forever: cancel what is left after a while.
            createTask(async () => {
              await sleep(200);
              // Liveness: no getter may be left waiting while items sit in the queue.
              stuck = queue.qsize() > 0 && !/getters=0/.test(String(queue));
              for (const t of tasks) t.cancel();
            });
            await gather(tasks, { returnExceptions: true });
          });
          const remaining: number[] = [];
          while (!queue.empty()) remaining.push(queue.getNowait());
          expect([...got, ...remaining].sort((a, b) => a - b)).toEqual(
            [...putOk].sort((a, b) => a - b),
          );
          expect(String(queue)).toMatch(/getters=0 putters=0/);
          expect(stuck).toBe(false);
        },
      ),
      { numRuns: 80 },
    );
  });
});
