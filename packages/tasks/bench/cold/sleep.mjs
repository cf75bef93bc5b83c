// Row: 100k tasks `createTask(async () => { await sleep(i % 100); return i; })` on the real
// clock, and the same shape in each peer.
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
            await sleep(i % 100);
            return i;
          });
        await gather(tasks);
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
            fibers[i] = yield* Effect.forkChild(
              Effect.gen(function* () {
                yield* Effect.sleep(i % 100);
                return i;
              }),
            );
          yield* Fiber.joinAll(fibers);
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
            yield* sleep(i % 100);
            return i;
          });
        for (const task of tasks) yield* task;
      });
  },
};

/** N async calls each awaiting `setTimeout(i % 100)` promises, each started by `start(i, call)`. */
async function bare(start) {
  const { setTimeout: delay } = await import("node:timers/promises");
  return async () => {
    const promises = new Array(N);
    for (let i = 0; i < N; i++)
      promises[i] = start(i, async () => {
        await delay(i % 100);
        return i;
      });
    await Promise.all(promises);
  };
}
