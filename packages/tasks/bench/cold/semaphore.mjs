// Row: 100k tasks, each `await sem.withLock(() => sleep(0))` on a Semaphore(100); p-limit(100)
// and Effect's Semaphore as peers (Effection has no semaphore). "sleep(0)" is each library's
// yield to the loop: setImmediate for bare Node, Effect.yieldNow for Effect.
import { bareEntries } from "./own-context.mjs";

export const N = 100_000;

export default {
  async aiots() {
    const { Semaphore, createTask, gather, run, sleep } = await import("@aiots/tasks");
    return () =>
      run(async () => {
        const sem = new Semaphore(100);
        const tasks = new Array(N);
        for (let i = 0; i < N; i++)
          tasks[i] = createTask(async () => {
            await sem.withLock(() => sleep(0));
            return i;
          });
        await gather(tasks);
      });
  },
  // p-limit as it is, and with each call started in its own AsyncLocalStorage context (the
  // "bare Node + ALS" column): what the platform adds to it for a context per task.
  ...bareEntries(pLimitRow, "pLimit"),
  async effect() {
    const { Effect, Fiber, Semaphore } = await import("effect");
    return () =>
      Effect.runPromise(
        Effect.gen(function* () {
          const sem = yield* Semaphore.make(100);
          const fibers = new Array(N);
          for (let i = 0; i < N; i++)
            fibers[i] = yield* Effect.forkChild(
              Semaphore.withPermit(sem, Effect.as(Effect.yieldNow, i)),
            );
          yield* Fiber.joinAll(fibers);
        }),
      );
  },
};

/** p-limit(100) over 100k calls; `start(i, fn)` starts call `i`. */
async function pLimitRow(start) {
  const { default: pLimit } = await import("p-limit");
  const { setImmediate: yieldNow } = await import("node:timers/promises");
  return async () => {
    const limit = pLimit(100);
    const promises = new Array(N);
    for (let i = 0; i < N; i++)
      promises[i] = start(i, () =>
        limit(async () => {
          await yieldNow();
          return i;
        }),
      );
    await Promise.all(promises);
  };
}
