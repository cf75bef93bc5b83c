// Row: gather 100k trivial tasks (`async () => i`). Each entry loads its library, then
// returns the body that the runner times once (around `run()`, `Effect.runPromise`, ...).
import { bareEntries } from "./own-context.mjs";

export const N = 100_000;

export default {
  async aiots() {
    const { createTask, gather, run } = await import("@aiots/tasks");
    return () =>
      run(async () => {
        const tasks = new Array(N);
        for (let i = 0; i < N; i++) tasks[i] = createTask(async () => i);
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
          for (let i = 0; i < N; i++) fibers[i] = yield* Effect.forkChild(Effect.sync(() => i));
          yield* Fiber.joinAll(fibers);
        }),
      );
  },
  async effection() {
    const { run, spawn } = await import("effection");
    return () =>
      run(function* () {
        const tasks = new Array(N);
        for (let i = 0; i < N; i++)
          // eslint-disable-next-line require-yield -- a trivial task, as `async () => i`
          tasks[i] = yield* spawn(function* () {
            return i;
          });
        for (const task of tasks) yield* task;
      });
  },
};

/** `Promise.all` of N `async () => i` calls, each started by `start(i, call)`. */
function bare(start) {
  return async () => {
    const promises = new Array(N);
    for (let i = 0; i < N; i++) promises[i] = start(i, async () => i);
    await Promise.all(promises);
  };
}
