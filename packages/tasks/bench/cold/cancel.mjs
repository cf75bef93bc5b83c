// Row: 100k tasks sleeping 10 s, cancelled after one turn of the loop, until all have ended.
import { bareEntries } from "./own-context.mjs";

export const N = 100_000;

export default {
  async aiots() {
    const { createTask, gather, run, sleep } = await import("@aiots/tasks");
    return () =>
      run(async () => {
        const tasks = new Array(N);
        for (let i = 0; i < N; i++)
          tasks[i] = createTask(async () => {
            await sleep(10_000);
            return i;
          });
        await sleep(0);
        for (const task of tasks) task.cancel();
        await gather(tasks, { returnExceptions: true });
      });
  },
  ...bareEntries(bare),
  async effect() {
    const { Effect, Fiber } = await import("effect");
    return () =>
      Effect.runPromise(
        Effect.gen(function* () {
          const fibers = new Array(N);
          for (let i = 0; i < N; i++)
            fibers[i] = yield* Effect.forkChild(Effect.as(Effect.sleep(10_000), i));
          yield* Effect.yieldNow;
          yield* Fiber.interruptAll(fibers);
        }),
      );
  },
  async effection() {
    const { run, sleep, spawn } = await import("effection");
    return () =>
      run(function* () {
        const tasks = new Array(N);
        for (let i = 0; i < N; i++)
          tasks[i] = yield* spawn(function* () {
            yield* sleep(10_000);
            return i;
          });
        yield* sleep(0);
        for (const task of tasks) yield* task.halt();
      });
  },
};

/** N async calls on `setTimeout` promises with AbortSignals, aborted; each started by `start(i, call)`. */
async function bare(start) {
  const { setImmediate: yieldNow, setTimeout: delay } = await import("node:timers/promises");
  return async () => {
    const controllers = new Array(N);
    const promises = new Array(N);
    for (let i = 0; i < N; i++) {
      const { signal } = (controllers[i] = new AbortController());
      promises[i] = start(i, async () => {
        await delay(10_000, undefined, { signal });
        return i;
      });
    }
    await yieldNow();
    for (const controller of controllers) controller.abort();
    await Promise.allSettled(promises);
  };
}
