// Property tests: random interleavings of acquire/release/cancel/timeout keep the invariants of
// CPython's test_locks.py cancellation tests: mutual exclusion, the semaphore bound, FIFO
// hand-over without leaked permits.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BoundedSemaphore,
  Lock,
  type Future,
  createTask,
  gather,
  sleep,
  timeout,
  type Task,
} from "../src/index.js";
import { nextIteration, runVirtual } from "./helpers.js";

interface Actor {
  start: number;
  hold: number;
  cancelAt: number | null;
  spins: number;
  timeoutMs: number | null;
  scoped: boolean;
  /** withLock's body returns a Future (a sleep), not a promise: its no-promise path. */
  futureBody: boolean;
}

const actor = fc.record({
  start: fc.integer({ min: 0, max: 20 }),
  hold: fc.integer({ min: 0, max: 15 }),
  cancelAt: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  spins: fc.integer({ min: 0, max: 4 }),
  timeoutMs: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  scoped: fc.boolean(),
  futureBody: fc.boolean(),
});

interface LockLike {
  withLock<R>(fn: () => R | PromiseLike<R>): Promise<R>;
  acquireScoped(): Promise<{ [Symbol.asyncDispose](): Promise<void> }>;
}

async function exercise(
  lock: LockLike,
  actors: Actor[],
  check: (active: number) => void,
): Promise<void> {
  let active = 0;
  const critical = async (hold: number): Promise<void> => {
    active++;
    check(active);
    try {
      await sleep(hold);
    } finally {
      active--;
    }
  };
  // The same critical section, as a Future the body returns directly.
  const criticalFuture = (hold: number): Future<void> => {
    active++;
    check(active);
    const held = sleep(hold);
    held.addDoneCallback(() => active--);
    return held;
  };
  const tasks: Task<unknown>[] = actors.map((a) =>
    createTask(async () => {
      await sleep(a.start);
      const body = async (): Promise<void> => {
        if (a.scoped) {
          await using _held = await lock.acquireScoped();
          await critical(a.hold);
        } else if (a.futureBody) {
          await lock.withLock(() => criticalFuture(a.hold));
        } else {
          await lock.withLock(() => critical(a.hold));
        }
      };
      await (a.timeoutMs === null ? body() : timeout(a.timeoutMs, body));
    }),
  );
  actors.forEach((a, i) => {
    if (a.cancelAt !== null) {
      const at = a.cancelAt;
      createTask(async () => {
        await sleep(at);
        // A few loop iterations more: lands between a wake-up and its resumption.
        for (let s = 0; s < a.spins; s++) await nextIteration();
        tasks[i]!.cancel();
      });
    }
  });
  await gather(tasks, { returnExceptions: true });
  expect(active).toBe(0);
}

describe("lock invariants under random cancellation and timeouts", () => {
  it("Lock: mutual exclusion, and unlocked at the end", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actor, { minLength: 1, maxLength: 10 }), async (actors) => {
        const lock = new Lock();
        await runVirtual(() =>
          exercise(lock, actors, (active) => expect(active).toBeLessThanOrEqual(1)),
        );
        expect(lock.locked()).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it("BoundedSemaphore(k): never more than k holders, all permits back at the end", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(actor, { minLength: 1, maxLength: 12 }),
        async (k, actors) => {
          const sem = new BoundedSemaphore(k); // an extra release would throw
          await runVirtual(() =>
            exercise(sem, actors, (active) => expect(active).toBeLessThanOrEqual(k)),
          );
          expect(sem.value).toBe(k);
          expect(sem.locked()).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});
