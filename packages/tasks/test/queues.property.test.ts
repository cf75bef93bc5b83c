// Property test: random producers/consumers with cancellation and timeouts never lose or
// duplicate an item (CPython test_queues.py test_cancelled_*_race family).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LifoQueue,
  PriorityQueue,
  Queue,
  createTask,
  gather,
  sleep,
  timeout,
  type Task,
} from "../src/index.js";
import { nextIteration, runVirtual } from "./helpers.js";

// Wide enough to reach every path of put/get: ties at the same start, the nowait forms
// (QueueFull/QueueEmpty insert and remove nothing), timeouts of 0, cancellations landing
// several iterations after a wake-up, bounded and unbounded queues of each kind, and a
// graceful shutdown in the middle (puts then fail with QueueShutDown, gets drain).
const op = fc.record({
  kind: fc.constantFrom("put", "get", "put", "get", "putNowait", "getNowait"),
  start: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 40 })),
  cancelAt: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
  spins: fc.integer({ min: 0, max: 8 }),
  timeoutMs: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
});
const setup = fc.record({
  kind: fc.constantFrom("fifo", "lifo", "priority"),
  maxsize: fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 0, max: 6 })),
  shutdownAt: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
});

function makeQueue(kind: "fifo" | "lifo" | "priority", maxsize: number): Queue<number> {
  if (kind === "lifo") return new LifoQueue<number>(maxsize);
  if (kind === "priority") return new PriorityQueue<number>(maxsize);
  return new Queue<number>(maxsize);
}

describe("queue invariants under random cancellation and timeouts", () => {
  it("every item successfully put is got exactly once or still queued; failed puts insert nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        setup,
        fc.array(op, { minLength: 1, maxLength: 30 }),
        async ({ kind, maxsize, shutdownAt }, ops) => {
          const queue = makeQueue(kind, maxsize);
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
                  } else if (o.kind === "putNowait") {
                    queue.putNowait(i);
                    putOk.push(i);
                  } else if (o.kind === "get") {
                    got.push(await queue.get());
                  } else {
                    got.push(queue.getNowait());
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
            if (shutdownAt !== null) {
              createTask(async () => {
                await sleep(shutdownAt);
                queue.shutdown();
              });
            }
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
      { numRuns: 100 },
    );
  });
});
