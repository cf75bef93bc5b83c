// Issue #9's six programs and #10's wake-then-take cases, each with the value CPython 3.13's
// asyncio gives (checked with small scripts; the equivalent Python is quoted in each case).
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it } from "vitest";
import {
  Barrier,
  BrokenBarrierError,
  CancelledError,
  Condition,
  Event,
  Lock,
  Queue,
  Semaphore,
  TimeoutError,
  coroutine,
  createTask,
  currentTask,
  gather,
  getRunningLoop,
  shield,
  sleep,
  taskGroup,
  timeout,
  waitFor,
  type Future,
} from "../src/index.js";
import { runVirtual } from "./helpers.js";

const isCancelled = (error: unknown): boolean => error instanceof CancelledError;

describe("#9.1: a waiter wrapped by a combinator, woken and cancelled in one step", () => {
  const wrappers: [string, (aw: Future<true>) => PromiseLike<unknown>][] = [
    ["waitFor", (aw) => waitFor(aw, 10_000)],
    ["gather", (aw) => gather(aw)],
    ["timeout", (aw) => timeout(10_000, () => aw)],
  ];
  for (const [name, wrap] of wrappers) {
    for (const kind of ["Lock", "Semaphore(1)"] as const) {
      // lock.release(); b.cancel() in one step: asyncio leaves the lock free.
      it(`${kind} through ${name}: the lock is free afterwards and the next acquirer gets it`, async () => {
        await runVirtual(async () => {
          const lock = kind === "Lock" ? new Lock() : new Semaphore(1);
          await lock.acquire();
          const b = createTask(() => wrap(lock.acquire()));
          await sleep(0);
          lock.release();
          b.cancel();
          await expect(b).rejects.toBeInstanceOf(CancelledError);
          expect(lock.locked()).toBe(false);
          await waitFor(lock.acquire(), 1);
          expect(lock.locked()).toBe(true);
        });
      });
    }
  }
});

describe("#9.2: a queue item is never lost to an abandoned get()", () => {
  it("putNowait and cancel in one step: the item stays in the queue", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      const consumer = createTask(() => waitFor(queue.get(), 1000));
      await sleep(0);
      queue.putNowait(1);
      consumer.cancel();
      await expect(consumer).rejects.toBeInstanceOf(CancelledError);
      expect(queue.qsize()).toBe(1);
    });
  });

  it("a put timed onto the deadline: got + left in the queue is always 1 (50 runs)", async () => {
    let lost = 0;
    for (let i = 0; i < 50; i++) {
      await runVirtual(async () => {
        const queue = new Queue<number>();
        const consumer = createTask(async () => {
          try {
            await waitFor(queue.get(), 10);
            return 1;
          } catch (error) {
            if (error instanceof TimeoutError) return 0;
            throw error;
          }
        });
        getRunningLoop().callLater(10, () => queue.putNowait(i));
        const got = await consumer;
        if (got + queue.qsize() !== 1) lost++;
      });
    }
    expect(lost).toBe(0);
  });
});

describe("#9.3: one CancelledError per delivery", () => {
  // t.cancel(); t.cancel() before t resumes: the cleanup `await sleep(5)` completes.
  it("cancel() twice: one CancelledError, cancelling() counts 2, uncancel() works", async () => {
    await runVirtual(async () => {
      const t = createTask(async () => {
        try {
          await sleep(1000);
        } catch (error) {
          if (!isCancelled(error)) throw error;
          await sleep(5);
          const left = currentTask()!.uncancel();
          return `cleaned, ${left} left`;
        }
        return "not cancelled";
      });
      await sleep(0);
      expect(t.cancel()).toBe(true);
      expect(t.cancel()).toBe(true);
      expect(t.cancelling()).toBe(2);
      expect(await t).toBe("cleaned, 1 left");
    });
  });

  it("a deadline and cancel() in the same iteration: CancelledError (not TimeoutError), once", async () => {
    await runVirtual(async () => {
      const t = createTask(async () => {
        try {
          await timeout(10, () => sleep(1000));
        } catch (error) {
          if (!isCancelled(error)) throw error;
          await sleep(5);
          return "cleaned";
        }
        return "not cancelled";
      });
      getRunningLoop().callLater(10, () => t.cancel());
      expect(await t).toBe("cleaned");
      expect(t.cancelling()).toBe(1);
    });
  });

  // The "on its way" marks of one iteration are cleared together on the next: every task
  // cancelled in that iteration, not only the first, gets a later cancel() as a new
  // delivery (asyncio: a cancel() after the CancelledError was thrown in is a new request).
  it("three tasks cancelled in one iteration each get a second cancel() two iterations later", async () => {
    await runVirtual(async () => {
      const body = (name: string) => async (): Promise<string> => {
        const got: string[] = [];
        for (const round of [1, 2]) {
          try {
            await sleep(1000);
            got.push(`${name} slept`);
          } catch (error) {
            if (!isCancelled(error)) throw error;
            got.push(`${name}:${round}`);
          }
        }
        return got.join(" ");
      };
      const tasks = ["a", "b", "c"].map((name) => createTask(body(name)));
      await sleep(0);
      for (const t of tasks) t.cancel();
      await sleep(0);
      await sleep(0);
      for (const t of tasks) t.cancel();
      expect(await Promise.all(tasks)).toEqual(["a:1 a:2", "b:1 b:2", "c:1 c:2"]);
    });
  });

  // The cost of those marks: the tasks whose CancelledError is handed over in one
  // iteration are cleared by one runnable on the next, not one queued per task (100k
  // tasks cancelled at once would queue 100k). Counted in the ready queue right after the
  // CancelledErrors were handed over: the one runnable, nothing per task.
  it("100 tasks handed their CancelledError in one iteration queue one runnable to clear the marks", async () => {
    await runVirtual(async () => {
      const loop = getRunningLoop();
      const tasks = Array.from({ length: 100 }, () =>
        createTask(async () => {
          try {
            await sleep(1000);
          } catch (error) {
            if (!isCancelled(error)) throw error;
            await sleep(1000);
            return "cleaned";
          }
          return "not cancelled";
        }),
      );
      await sleep(0);
      for (const t of tasks) t.cancel();
      // Queued after the 100 resumptions: runs once each task has caught its error.
      const ready = new Promise<number>((resolve) =>
        loop.callSoon(() => resolve(loop._readyCount)),
      );
      expect(await ready).toBe(1);
      expect(new Set(await Promise.all(tasks))).toEqual(new Set(["cleaned"]));
    });
  });
});

describe("#9.4: waitFor raises CancelledError when cancelled in the step its awaitable completes", () => {
  it("a plain Future: the body does not run past waitFor", async () => {
    await runVirtual(async () => {
      const log: string[] = [];
      const fut = getRunningLoop().createFuture<number>();
      const t = createTask(async () => {
        const value = await waitFor(fut, 1000);
        log.push(`past waitFor with ${value}`);
        await sleep(1);
      });
      await sleep(0);
      fut.setResult(1);
      t.cancel();
      await expect(t).rejects.toBeInstanceOf(CancelledError);
      expect(log).toEqual([]);
    });
  });

  it("a lock acquire: CancelledError, and the lock goes to the next waiter", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      const t = createTask(() => waitFor(lock.acquire(), 1000));
      const next = createTask(async () => {
        await lock.acquire();
        return "next got it";
      });
      await sleep(0);
      lock.release();
      t.cancel();
      await expect(t).rejects.toBeInstanceOf(CancelledError);
      expect(await next).toBe("next got it");
    });
  });
});

describe("#10: waitFor awaits a coroutine inside the calling task (3.12+)", () => {
  it("no new task: currentTask() inside is the caller", async () => {
    await runVirtual(async () => {
      const inner = coroutine(async () => currentTask()?.getName());
      const caller = currentTask()!.getName();
      expect(await waitFor(inner(), 100)).toBe(caller);
    });
  });
});

describe("#9.5: cancel() after the async function returned", () => {
  it("returns false and the result stands", async () => {
    await runVirtual(async () => {
      let cancelResult: boolean | undefined;
      const gate = getRunningLoop().createFuture<void>();
      const a = createTask(async () => {
        await gate;
        return "value";
      });
      const b = createTask(async () => {
        await gate;
        cancelResult = a.cancel();
      });
      await sleep(0);
      gate.setResult(undefined);
      expect(await a).toBe("value");
      await b;
      expect(cancelResult).toBe(false);
    });
  });
});

describe("#9.5: cancel() after a return driven by native promises", () => {
  // Two tasks resumed by foreign promises settled together: B's continuation runs after A
  // has returned and before A's task sees it. Nothing of A's result may be lost.
  it("the result stands when the cancel comes after the return", async () => {
    await runVirtual(async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const a = createTask(async () => {
        await gate;
        return "value";
      });
      const b = createTask(async () => {
        await gate;
        a.cancel();
      });
      await sleep(0);
      release();
      await b;
      expect(await a).toBe("value");
      expect(a.cancelled()).toBe(false);
    });
  });

  it("a cancel before the return still cancels (the request comes first)", async () => {
    await runVirtual(async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const b = createTask(async () => {
        await gate;
        a.cancel();
      });
      const a = createTask(async () => {
        await gate;
        return "value";
      });
      await sleep(0);
      release();
      await b;
      await expect(a).rejects.toBeInstanceOf(CancelledError);
      expect(a.cancelled()).toBe(true);
    });
  });
});

describe("#9.6: each caller keeps its AsyncLocalStorage context", () => {
  // asyncio's create_task copies the context: the task starts in its creator's stores.
  it("createTask inside als.run() starts the task in that store, and its children in theirs", async () => {
    await runVirtual(async () => {
      const als = new AsyncLocalStorage<string>();
      const seen: string[] = [];
      const tasks = ["a", "b", "c"].map((name) =>
        als.run(name, () =>
          createTask(async () => {
            seen.push(`${name}:${als.getStore()}`);
            await sleep(1);
            const child = als.run(`${name}.child`, () =>
              createTask(async () => {
                await sleep(0);
                return als.getStore();
              }),
            );
            seen.push(`${name} child:${await child}`);
            seen.push(`${name} after:${als.getStore()}`);
          }),
        ),
      );
      await gather(tasks);
      expect(seen.sort()).toEqual([
        "a after:a",
        "a child:a.child",
        "a:a",
        "b after:b",
        "b child:b.child",
        "b:b",
        "c after:c",
        "c child:c.child",
        "c:c",
      ]);
    });
  });

  // The loop's next iteration may be scheduled from inside some task's als.run(): a task
  // created outside any store still starts in its creator's context (asyncio: an empty one).
  it("a task created outside als.run() does not see a store that woke the loop", async () => {
    await runVirtual(async () => {
      const als = new AsyncLocalStorage<string>();
      const seen: (string | undefined)[] = [];
      await sleep(1);
      // The loop is idle: this callSoon wakes it from inside the store.
      als.run("waker", () => getRunningLoop().callSoon(() => undefined));
      const task = createTask(async () => {
        seen.push(als.getStore());
        await sleep(1);
        seen.push(als.getStore());
      });
      await task;
      expect(seen).toEqual([undefined, undefined]);
    });
  });

  // Callers inside one task, each in its own als.run(): fn runs after a wait in its own
  // store (asyncio: each caller's ContextVar), not the releasing caller's.
  it("Semaphore(2).withLock: 20 callers each see their own store", async () => {
    await runVirtual(async () => {
      const als = new AsyncLocalStorage<number>();
      const sem = new Semaphore(2);
      const wrong: number[] = [];
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          als.run(i, () =>
            sem.withLock(async () => {
              if (als.getStore() !== i) wrong.push(i);
              await sleep(1);
            }),
          ),
        ),
      );
      expect(wrong).toEqual([]);
    });
  });

  it("Lock.withLock and Condition.waitFor run the caller's fn in the caller's store", async () => {
    await runVirtual(async () => {
      const als = new AsyncLocalStorage<string>();
      const lock = new Lock();
      const cond = new Condition();
      let ready = false;
      const seen: string[] = [];
      await lock.acquire();
      const a = als.run("a", () => lock.withLock(() => seen.push(`lock:${als.getStore()}`)));
      const c = als.run("c", () =>
        cond.withLock(() =>
          cond.waitFor(() => {
            if (ready) seen.push(`cond:${als.getStore()}`);
            return ready;
          }),
        ),
      );
      await sleep(0);
      await als.run("releaser", async () => {
        lock.release();
        await cond.withLock(() => {
          ready = true;
          cond.notifyAll();
        });
      });
      await Promise.all([a, c]);
      expect(seen.sort()).toEqual(["cond:c", "lock:a"]);
    });
  });

  it("queue and event waits: each waiter resumes in its own store", async () => {
    await runVirtual(async () => {
      const als = new AsyncLocalStorage<string>();
      const queue = new Queue<number>();
      const event = new Event();
      const getter = als.run("getter", async () => {
        await queue.get();
        return als.getStore();
      });
      const waiter = als.run("waiter", async () => {
        await event.wait();
        return als.getStore();
      });
      await sleep(0);
      als.run("putter", () => {
        queue.putNowait(1);
        event.set();
      });
      expect(await Promise.all([getter, waiter])).toEqual(["getter", "waiter"]);
    });
  });
});

describe("#10: Lock and Semaphore wake then take (asyncio 3.13 locks.py)", () => {
  it("after release() with a waiter, locked() is false until the waiter runs; no barging", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      const order: string[] = [];
      await lock.acquire();
      const w = createTask(async () => {
        await lock.acquire();
        order.push("waiter");
        lock.release();
      });
      await sleep(0);
      lock.release();
      expect(lock.locked()).toBe(false);
      const newcomer = createTask(async () => {
        await lock.acquire();
        order.push("newcomer");
        lock.release();
      });
      await gather(w, newcomer);
      expect(order).toEqual(["waiter", "newcomer"]);
    });
  });

  // test_acquire_fifo_order_2
  it("Semaphore: three releases, acquisition order 1 2 3 4", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(1);
      const result: number[] = [];
      const t1 = createTask(async () => {
        await sem.acquire();
        result.push(1);
      });
      const t2 = createTask(async () => {
        await sem.acquire();
        result.push(2);
        sem.release();
        await sem.acquire();
        result.push(4);
      });
      const t3 = createTask(async () => {
        await sem.acquire();
        result.push(3);
      });
      await sleep(0);
      sem.release();
      sem.release();
      await gather(t1, t2, t3);
      expect(result).toEqual([1, 2, 3, 4]);
    });
  });

  // test_acquire_fifo_order_4
  it("Semaphore: a newcomer queues behind the woken waiters", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(0);
      const result: number[] = [];
      let t4: PromiseLike<unknown> | undefined;
      const c4 = async (): Promise<void> => {
        await sem.acquire();
        result.push(4);
      };
      const t1 = createTask(async () => {
        await sem.acquire();
        t4 = createTask(c4);
        result.push(1);
      });
      const t2 = createTask(async () => {
        sem.release();
        sem.release();
        sem.release();
        expect(sem.value).toBe(2);
        expect(sem.locked()).toBe(true);
        await sem.acquire();
        result.push(2);
      });
      const t3 = createTask(async () => {
        await sem.acquire();
        expect(sem.locked()).toBe(true);
        result.push(3);
        sem.release();
      });
      await gather(t1, t2, t3);
      await t4;
      expect(result).toEqual([1, 2, 3, 4]);
    });
  });
});

describe("#10: Barrier.abort() while half the parties drain and half block", () => {
  // test_abort_barrier_when_tasks_half_draining_half_blocking (N=5)
  it("2 broken at the first wait, 2 at the second", async () => {
    await runVirtual(async () => {
      const N = 5;
      const barrier = new Barrier(N);
      const blockingTasks = Math.floor(N / 2);
      let brokenFirst = 0;
      let brokenSecond = 0;
      let count = 0;
      const coro = async (): Promise<void> => {
        try {
          await barrier.wait();
        } catch (error) {
          // the tasks still waiting to drain
          if (!(error instanceof BrokenBarrierError)) throw error;
          brokenFirst++;
          return;
        }
        count++;
        if (count > blockingTasks) {
          await barrier.abort();
          return;
        }
        try {
          await barrier.wait();
        } catch (error) {
          // the tasks blocked, already drained
          if (!(error instanceof BrokenBarrierError)) throw error;
          brokenSecond++;
        }
      };
      await gather(...Array.from({ length: N }, () => createTask(coro)));
      expect(barrier.broken).toBe(true);
      expect([brokenFirst, brokenSecond]).toEqual([2, 2]);
      expect(barrier.nWaiting).toBe(0);
      expect(String(barrier)).not.toContain("resetting");
    });
  });
});

describe("every wrapper cancels a library waiter directly", () => {
  it("shield: cancelling the outer leaves the acquire running; a TaskGroup child cancelled at its wake-up gives the permit back", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      const inner = lock.acquire();
      const t = createTask(() => shield(inner));
      await sleep(0);
      t.cancel();
      await expect(t).rejects.toBeInstanceOf(CancelledError);
      lock.release();
      expect(await inner).toBe(true);
      expect(lock.locked()).toBe(true);
      lock.release();

      const sem = new Semaphore(1);
      await sem.acquire();
      let child: Future<true> | undefined;
      const group = createTask(() =>
        taskGroup((tg) => {
          child = tg.createTask(() => sem.acquire());
        }),
      );
      for (let i = 0; i < 3; i++) await sleep(0);
      sem.release();
      child!.cancel();
      await group;
      expect(child!.cancelled()).toBe(true);
      expect(sem.value).toBe(1);
    });
  });
});
