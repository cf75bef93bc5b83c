// Cancellation corner cases across primitives (CPython test_tasks.py test_cancel_*,
// test_locks.py *_cancel*, test_queues.py *cancelled*): cancelling a task blocked on each kind
// of library awaitable rejects it in the same loop iteration and leaves the primitive clean.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  Condition,
  Event,
  Lock,
  Queue,
  Semaphore,
  createTask,
  gather,
  shield,
  sleep,
  taskGroup,
  timeout,
  waitFor,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

// Returns nothing: an async function returning a Task would adopt (await) it.
async function cancelWhileBlocked(start: () => PromiseLike<unknown>): Promise<void> {
  const task = createTask(start);
  await sleep(1);
  expect(task.done()).toBe(false);
  const at = now();
  task.cancel("test");
  await expect(task).rejects.toThrow(CancelledError);
  expect(now()).toBe(at);
}

describe("cancelling a task blocked on ...", () => {
  it("gather: the children are cancelled too", async () => {
    await runVirtual(async () => {
      const a = createTask(() => sleep(100));
      await cancelWhileBlocked(() => gather(a, sleep(100)));
      expect(a.cancelled()).toBe(true);
    });
  });

  it("shield: the shielded task goes on", async () => {
    await runVirtual(async () => {
      const inner = createTask(() => sleep(100, "done"));
      await cancelWhileBlocked(() => shield(inner));
      expect(await inner).toBe("done");
    });
  });

  it("a lock: it stays usable", async () => {
    await runVirtual(async () => {
      const lock = new Lock();
      await lock.acquire();
      await cancelWhileBlocked(() => lock.acquire());
      lock.release();
      expect(lock.locked()).toBe(false);
    });
  });

  it("a semaphore: no permit leaked", async () => {
    await runVirtual(async () => {
      const sem = new Semaphore(1);
      await sem.acquire();
      await cancelWhileBlocked(() => sem.acquire());
      sem.release();
      expect(sem.value).toBe(1);
    });
  });

  it("a queue: no item taken", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      await cancelWhileBlocked(() => queue.get());
      queue.putNowait(7);
      expect(queue.getNowait()).toBe(7);
    });
  });

  it("a condition: the lock is re-acquired for its finally and released", async () => {
    await runVirtual(async () => {
      const cond = new Condition();
      await cancelWhileBlocked(() => cond.withLock(() => cond.wait()));
      expect(cond.locked()).toBe(false);
    });
  });

  it("an event, waitFor, timeout, a task group", async () => {
    await runVirtual(async () => {
      await cancelWhileBlocked(() => new Event().wait());
      await cancelWhileBlocked(() => waitFor(sleep(1000), 500));
      await cancelWhileBlocked(() => timeout(500, () => sleep(1000)));
      await cancelWhileBlocked(() => taskGroup((tg) => tg.createTask(() => sleep(1000))));
    });
  });

  it("keeps the cancel message", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(100));
      await sleep(1);
      task.cancel("because");
      const error = await task.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as Error).message).toBe("because");
    });
  });
});
