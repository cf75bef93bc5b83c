// Property suite of #9: every primitive's wait x every wrapper (direct await, waitFor,
// gather, timeout, shield, asCompleted, a TaskGroup child), with cancellations and
// deadlines injected at random loop steps, including the step of the wake-up itself (the
// releaser, producer, setter or notifier cancels a waiter right after waking it). After
// each schedule: nothing lost or duplicated (lock, permit, item, notification), mutual
// exclusion and FIFO order, one CancelledError per delivery, and every wait either got
// its resource or raised. All schedules of one `it` run on one virtual-clock loop.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BoundedSemaphore,
  CancelledError,
  Condition,
  Event,
  Lock,
  Queue,
  QueueShutDown,
  TimeoutError,
  asCompleted,
  getRunningLoop,
  createTask,
  gather,
  isFuture,
  shield,
  sleep,
  taskGroup,
  timeout,
  waitFor,
  Task,
} from "../src/index.js";
import { nextIteration, runVirtual } from "./helpers.js";

const WRAPPERS = [
  "direct",
  "waitFor",
  "gather",
  "timeout",
  "shield",
  "asCompleted",
  "taskGroup",
] as const;
type Wrapper = (typeof WRAPPERS)[number];

interface ActorPlan {
  wrapper: Wrapper;
  start: number;
  /** A deadline (ms) for waitFor/timeout/asCompleted. */
  deadline: number | null;
  /** Cancel the actor's task at this time (ms), `spins` loop iterations later. */
  cancelAt: number | null;
  spins: number;
  cancelTwice: boolean;
  hold: number;
  /** After giving back what it got, cancel this actor in the same step (mod actors). */
  cancelOnRelease: number | null;
}

/** Something that wakes waiters (release, put, set, notify), at `at` ms + `spins`. */
interface WakePlan {
  at: number;
  spins: number;
  /** Cancel this actor in the very step of the wake-up. */
  cancelActor: number | null;
}

const actorPlan = fc.record({
  wrapper: fc.constantFrom(...WRAPPERS),
  start: fc.integer({ min: 0, max: 3 }),
  deadline: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null, freq: 2 }),
  cancelAt: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null, freq: 2 }),
  spins: fc.integer({ min: 0, max: 3 }),
  cancelTwice: fc.boolean(),
  hold: fc.integer({ min: 0, max: 2 }),
  cancelOnRelease: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
});

const wakePlan = (actors: number): fc.Arbitrary<WakePlan> =>
  fc.record({
    at: fc.integer({ min: 0, max: 5 }),
    spins: fc.integer({ min: 0, max: 3 }),
    cancelActor: fc.option(fc.integer({ min: 0, max: actors - 1 }), { nil: null }),
  });

const scenario = fc.array(actorPlan, { minLength: 1, maxLength: 4 }).chain((actors) =>
  fc.record({
    actors: fc.constant(actors),
    wakes: fc.array(wakePlan(actors.length), { minLength: 1, maxLength: 4 }),
  }),
);
type Scenario = { actors: ActorPlan[]; wakes: WakePlan[] };

/** What the harness knows of one wait: settled by the primitive, or withdrawn. */
interface Tracked<V> {
  wait: PromiseLike<V>;
  settled: boolean;
  value: V | undefined;
  failed: boolean;
  /** The actor gave up on it while it was pending and could not withdraw it. */
  abandoned: boolean;
}

/** Watches a wait without awaiting it from a task (which would tie it to that task). */
function track<V>(wait: PromiseLike<V>): Tracked<V> {
  const t: Tracked<V> = { wait, settled: false, value: undefined, failed: false, abandoned: false };
  if (isFuture(wait)) {
    wait.addDoneCallback((f) => {
      t.settled = true;
      if (f.cancelled() || f.exception() !== undefined) t.failed = true;
      else t.value = f.result() as V;
    });
  } else {
    // A native promise or lazy coroutine (the old code): `.then` outside any task.
    queueMicrotask(() => {
      wait.then(
        (v) => {
          t.settled = true;
          t.value = v;
        },
        () => {
          t.settled = true;
          t.failed = true;
        },
      );
    });
  }
  return t;
}

/** Awaits `wait` through the wrapper; its own outcome is what the harness tracks. */
async function wrapped(plan: ActorPlan, wait: PromiseLike<unknown>): Promise<void> {
  const ms = plan.deadline;
  switch (plan.wrapper) {
    case "direct":
      await wait;
      return;
    case "waitFor":
      await waitFor(wait, ms ?? 1000);
      return;
    case "gather":
      await gather(wait);
      return;
    case "timeout":
      await timeout(ms, () => wait);
      return;
    case "shield":
      await shield(wait);
      return;
    case "asCompleted":
      for await (const f of asCompleted([wait], { timeout: ms })) await f;
      return;
    case "taskGroup":
      await taskGroup((tg) => {
        tg.createTask(wait);
      });
      return;
  }
}

interface Books<V> {
  /** CancelledErrors the wrappers raised, per actor (at most one each). */
  cancelledErrors: number[];
  /** CancelledErrors raised again in the cleanup after the first (must stay 0). */
  second: number;
  unexpected: unknown[];
  /** Waits that got their resource, in the order the actors saw it. */
  got: { actor: number; value: V }[];
  waits: (Tracked<V> | undefined)[];
}

interface Primitive<V> {
  /** The library wait (called in the actor's task). */
  wait(actor: number): PromiseLike<V>;
  /**
   * Runs in the actor's task holding what it got (lock/permit), then gives it back and
   * calls `released()` in that same step (a cancellation at the wake-up it caused).
   */
  got(actor: number, value: V, hold: number, released: () => void): Promise<void>;
  /** One wake-up source event, run in a task of its own. */
  wake(): void | Promise<void>;
  /** Before the reaper: what must hold while everyone still waits. */
  beforeReap?(): void;
  /** After everything ended. */
  check(books: Books<V>): void;
}

/** Runs one schedule of `s` against `p`; returns the books. */
async function schedule<V>(s: Scenario, p: Primitive<V>): Promise<Books<V>> {
  const books: Books<V> = {
    cancelledErrors: s.actors.map(() => 0),
    second: 0,
    unexpected: [],
    got: [],
    waits: s.actors.map(() => undefined),
  };
  const caught = s.actors.map(() => false);
  const canCancel = (i: number): boolean => !caught[i] && !tasks[i]!.done();
  const tasks: Task<void>[] = s.actors.map((plan, i) =>
    createTask(async () => {
      await sleep(plan.start);
      const t = track(p.wait(i));
      books.waits[i] = t;
      let error: unknown;
      try {
        await wrapped(plan, t.wait);
      } catch (e) {
        error = e;
      }
      trace?.(`actor ${i}: wrapper ended with ${String(error)}`);
      if (error instanceof CancelledError) {
        books.cancelledErrors[i]!++;
        caught[i] = true;
        try {
          await sleep(1); // cleanup: one delivery per cancellation, so this completes
        } catch (e) {
          trace?.(`actor ${i}: second ${String(e)}`);
          if (e instanceof CancelledError) books.second++;
          else books.unexpected.push(e);
        }
      } else if (
        error !== undefined &&
        !(error instanceof TimeoutError) &&
        !(error instanceof QueueShutDown)
      ) {
        books.unexpected.push(error);
      }
      // shield/asCompleted leave the wait running: withdraw it now, as user code would.
      // A library wait is withdrawn at once; a task (the Condition case) once it ends.
      const w = t.wait;
      if (!t.settled && isFuture(w)) {
        w.cancel();
        if (!w.done()) {
          if (!(w instanceof Task)) books.unexpected.push("not withdrawn");
          await new Promise((resolve) => w.addDoneCallback(resolve));
        }
      }
      if (isFuture(t.wait) && t.wait.done() && !t.settled) {
        // Done but its callback has not run yet: read it directly.
        const f = t.wait;
        t.settled = true;
        if (f.cancelled() || f.exception() !== undefined) t.failed = true;
        else t.value = f.result() as V;
      }
      if (!t.settled) {
        t.abandoned = true; // a native promise: it may still take something, for nobody
        return;
      }
      if (!t.failed) {
        books.got.push({ actor: i, value: t.value as V });
        const victim =
          plan.cancelOnRelease === null ? null : plan.cancelOnRelease % s.actors.length;
        await p.got(i, t.value as V, plan.hold, () => {
          if (victim !== null && victim !== i && canCancel(victim)) tasks[victim]!.cancel();
        });
      }
    }),
  );
  s.actors.forEach((plan, i) => {
    if (plan.cancelAt === null) return;
    const at = plan.cancelAt;
    createTask(async () => {
      await sleep(at);
      for (let k = 0; k < plan.spins; k++) await nextIteration();
      trace?.(`cancel actor ${i}: ${canCancel(i)}`);
      if (canCancel(i)) tasks[i]!.cancel();
      if (plan.cancelTwice && canCancel(i)) tasks[i]!.cancel();
    });
  });
  const wakers = s.wakes.map((w) =>
    createTask(async () => {
      await sleep(w.at);
      for (let k = 0; k < w.spins; k++) await nextIteration();
      trace?.("wake");
      await p.wake();
      // The wake-up and a cancellation in one step.
      trace?.(
        `wake cancels ${w.cancelActor}: ${w.cancelActor !== null && canCancel(w.cancelActor)}`,
      );
      if (w.cancelActor !== null && canCancel(w.cancelActor)) tasks[w.cancelActor]!.cancel();
    }),
  );
  await gather(wakers, { returnExceptions: true });
  // Let every wake-up be delivered, then check what must hold while tasks still wait.
  await sleep(20);
  p.beforeReap?.();
  trace?.("reap");
  for (const t of tasks) t.cancel();
  await gather(tasks, { returnExceptions: true });
  await sleep(5);
  for (const t of tasks)
    if (t.cancelled() === false && t.exception() !== undefined)
      books.unexpected.push(t.exception());
  return books;
}

function commonChecks<V>(s: Scenario, books: Books<V>): void {
  expect(books.unexpected).toEqual([]);
  expect(books.second).toBe(0);
  for (const n of books.cancelledErrors) expect(n).toBeLessThanOrEqual(1);
  // A wait given up on while pending must never have taken anything afterwards.
  const lost = books.waits.filter((t) => t?.abandoned === true && t.settled && !t.failed);
  expect(lost.length).toBe(0);
  expect(s.actors.length).toBeGreaterThan(0);
}

/**
 * Runs `numRuns` schedules of the property on one virtual-clock loop, printing the seed
 * and the counterexample on failure (fast-check's report).
 */
async function property(numRuns: number, body: (s: Scenario) => Promise<void>): Promise<void> {
  // AIOTS_PROPERTY_EXAMPLE='<counterexample JSON>' replays one schedule.
  const example = process.env.AIOTS_PROPERTY_EXAMPLE;
  await runVirtual(async () => {
    await fc.assert(
      fc.asyncProperty(scenario, body),
      example === undefined
        ? { numRuns }
        : { numRuns: 1, examples: [JSON.parse(example) as [Scenario]] },
    );
  });
}

const trace =
  process.env.AIOTS_TRACE === undefined
    ? undefined
    : (line: string): void => {
        process.stderr.write(`TRACE ${getRunningLoop().time()} ${line}\n`);
      };

const RUNS = Number(process.env.AIOTS_PROPERTY_RUNS ?? 1500);

// Each case is RUNS schedules of CPU work on the virtual clock: under 1 s on an idle machine,
// 5-10 s and over the shared 10 s test timeout under `nice` on a loaded machine.
// The timeout bounds a hang, not the work: give it room for the work.
describe(
  "#9: every wait x every wrapper, cancellations at every step (fast-check)",
  { timeout: 60_000 },
  () => {
    it("Lock: mutual exclusion, FIFO among waiters, never leaked", async () => {
      await property(RUNS, async (s) => {
        const lock = new Lock();
        let holders = 0;
        const calls: number[] = []; // actors in the order they called acquire()
        await lock.acquire(); // held by the wakers: each wake releases it once
        let heldByWaker = true;
        const books = await schedule<unknown>(s, {
          wait(actor) {
            calls.push(actor);
            return lock.acquire();
          },
          async got(_actor, _value, hold, released) {
            holders++;
            expect(holders).toBe(1);
            expect(lock.locked()).toBe(true);
            try {
              await sleep(hold);
            } finally {
              holders--;
              lock.release();
              released();
            }
          },
          wake() {
            if (heldByWaker) {
              heldByWaker = false;
              lock.release();
            }
          },
          beforeReap() {
            // Liveness: nobody left waiting on a free lock (a wake-up was not lost).
            expect(String(lock)).not.toMatch(/unlocked, waiters/);
          },
          check() {},
        });
        commonChecks(s, books);
        if (heldByWaker) lock.release();
        // FIFO: the actors that got the lock got it in the order they asked for it.
        const order = books.got.map((g) => g.actor);
        expect(order).toEqual(calls.filter((a) => order.includes(a)));
        expect(lock.locked()).toBe(false);
        expect(String(lock)).toBe("<Lock [unlocked]>");
      });
    });

    it("BoundedSemaphore(2): at most 2 holders, every permit back", async () => {
      await property(RUNS, async (s) => {
        const sem = new BoundedSemaphore(2);
        let holders = 0;
        await sem.acquire();
        await sem.acquire();
        let taken = 2;
        const books = await schedule<unknown>(s, {
          wait: () => sem.acquire(),
          async got(_actor, _value, hold, released) {
            holders++;
            expect(holders).toBeLessThanOrEqual(2);
            try {
              await sleep(hold);
            } finally {
              holders--;
              sem.release(); // BoundedSemaphore: a duplicated permit would throw here
              released();
            }
          },
          wake() {
            if (taken > 0) {
              taken--;
              sem.release();
            }
          },
          beforeReap() {
            expect(sem.value > 0 && /waiters/.test(String(sem))).toBe(false);
          },
          check() {},
        });
        commonChecks(s, books);
        for (; taken > 0; taken--) sem.release();
        expect(sem.value).toBe(2);
        expect(sem.locked()).toBe(false);
      });
    });

    it("Queue.get: every item put is got exactly once or still queued", async () => {
      await property(RUNS, async (s) => {
        const queue = new Queue<number>();
        let next = 0;
        const books = await schedule<number>(s, {
          wait: () => queue.get(),
          async got() {},
          wake() {
            queue.putNowait(next++);
          },
          beforeReap() {
            // Liveness: no getter left waiting while items sit in the queue.
            expect(queue.qsize() > 0 && !/getters=0/.test(String(queue))).toBe(false);
          },
          check() {},
        });
        commonChecks(s, books);
        const left: number[] = [];
        while (!queue.empty()) left.push(queue.getNowait());
        const all = [...books.got.map((g) => g.value), ...left].sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: next }, (_, i) => i));
      });
    });

    it("Queue(1).put: a put that raised inserted nothing; nothing lost or doubled", async () => {
      await property(RUNS, async (s) => {
        const queue = new Queue<number>(1);
        queue.putNowait(-1); // full: every put waits for a get
        const consumed: number[] = [];
        const books = await schedule<unknown>(s, {
          wait: (actor) => queue.put(actor),
          async got() {},
          wake() {
            if (!queue.empty()) consumed.push(queue.getNowait());
          },
          beforeReap() {
            expect(!queue.full() && !/putters=0/.test(String(queue))).toBe(false);
          },
          check() {},
        });
        commonChecks(s, books);
        const left: number[] = [];
        while (!queue.empty()) left.push(queue.getNowait());
        const putOk = books.got.map((g) => g.actor);
        expect([...consumed, ...left].sort((a, b) => a - b)).toEqual(
          [-1, ...putOk].sort((a, b) => a - b),
        );
      });
    });

    it("Event.wait: one CancelledError per delivery, every waiter woken or raised", async () => {
      await property(RUNS, async (s) => {
        const event = new Event();
        const books = await schedule<unknown>(s, {
          wait: () => event.wait(),
          async got() {},
          wake() {
            event.set();
          },
          beforeReap() {
            expect(String(event)).toBe("<Event [set]>");
          },
          check() {},
        });
        commonChecks(s, books);
      });
    });

    it("Condition.waitFor: no notification lost (no waiter stuck while tokens wait)", async () => {
      await property(RUNS, async (s) => {
        const cond = new Condition();
        let tokens = 0;
        let blocked = 0;
        const books = await schedule<unknown>(s, {
          wait() {
            // A task that holds the lock around waitFor: the wrappers cancel it (a notified
            // waiter cancelled must hand its notification on).
            const body = async (): Promise<unknown> => {
              await cond.acquire();
              blocked++;
              try {
                await cond.waitFor(() => tokens > 0);
                tokens--;
                return true;
              } finally {
                blocked--;
                cond.release();
              }
            };
            return createTask(body);
          },
          async got() {},
          async wake() {
            await cond.withLock(() => {
              tokens++;
              cond.notify(1);
            });
          },
          beforeReap() {
            expect(tokens > 0 && blocked > 0).toBe(false);
          },
          check() {},
        });
        commonChecks(s, books);
        expect(cond.locked()).toBe(false);
      });
    });
  },
);
