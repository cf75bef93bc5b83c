// Row: 100k tasks, each a chain of 10 nested async calls with one sleep(0) at the bottom.
// "sleep(0)" is each library's yield to the loop: setImmediate for bare Node, Effect.yieldNow
// for Effect, sleep(0) for Effection.
import { bareEntries } from "./own-context.mjs";

export const N = 100_000;
const DEPTH = 10;

export default {
  async aiots() {
    const { createTask, gather, run, sleep } = await import("@aiots/tasks");
    async function link(depth) {
      if (depth === 1) {
        await sleep(0);
        return 1;
      }
      return (await link(depth - 1)) + 1;
    }
    return () =>
      run(async () => {
        const tasks = new Array(N);
        for (let i = 0; i < N; i++) tasks[i] = createTask(() => link(DEPTH));
        await gather(tasks);
      });
  },
  ...bareEntries(bare),
  async effect() {
    const { Effect, Fiber } = await import("effect");
    const link = (depth) =>
      Effect.gen(function* () {
        if (depth === 1) {
          yield* Effect.yieldNow;
          return 1;
        }
        return (yield* link(depth - 1)) + 1;
      });
    return () =>
      Effect.runPromise(
        Effect.gen(function* () {
          const fibers = new Array(N);
          for (let i = 0; i < N; i++) fibers[i] = yield* Effect.forkChild(link(DEPTH));
          yield* Fiber.joinAll(fibers);
        }),
      );
  },
  async effection() {
    const { run, sleep, spawn } = await import("effection");
    function* link(depth) {
      if (depth === 1) {
        yield* sleep(0);
        return 1;
      }
      return (yield* link(depth - 1)) + 1;
    }
    return () =>
      run(function* () {
        const tasks = new Array(N);
        for (let i = 0; i < N; i++) tasks[i] = yield* spawn(() => link(DEPTH));
        for (const task of tasks) yield* task;
      });
  },
};

/** N chains of DEPTH async calls with `setImmediate` at the bottom, each started by `start(i, call)`. */
async function bare(start) {
  const { setImmediate: yieldNow } = await import("node:timers/promises");
  async function link(depth) {
    if (depth === 1) {
      await yieldNow();
      return 1;
    }
    return (await link(depth - 1)) + 1;
  }
  return async () => {
    const promises = new Array(N);
    for (let i = 0; i < N; i++) promises[i] = start(i, () => link(DEPTH));
    await Promise.all(promises);
  };
}
