// Row (opt-in, `--1m`): 1M tasks `async () => { await sleep(1000); return i; }`: wall time,
// peak RSS and, in the runner's separate memory run (--expose-gc), the heap kept per pending
// task (full collections before and while all are pending). No Effection entry: its 100k rows
// already take 18 s to over 45 s.
import { heapProbe } from "./measure.mjs";
import { bareEntries } from "./own-context.mjs";

export const N = 1_000_000;

export default {
  async aiots() {
    const { createTask, gather, run, sleep } = await import("@aiots/tasks");
    return () =>
      run(async () => {
        const probe = heapProbe();
        probe?.before();
        const tasks = new Array(N);
        for (let i = 0; i < N; i++)
          tasks[i] = createTask(async () => {
            await sleep(1000);
            return i;
          });
        await sleep(0);
        const heapPerTask = probe?.after(N);
        await gather(tasks);
        return { heapPerTask };
      });
  },
  ...bareEntries(bare),
  async effect() {
    const { Effect, Fiber } = await import("effect");
    return () =>
      Effect.runPromise(
        Effect.gen(function* () {
          const probe = heapProbe();
          probe?.before();
          const fibers = new Array(N);
          let started = 0;
          for (let i = 0; i < N; i++)
            fibers[i] = yield* Effect.forkChild(
              Effect.gen(function* () {
                started++;
                yield* Effect.sleep(1000);
                return i;
              }),
            );
          // Effect starts forked fibers in batches: wait until all are pending.
          while (started < N) yield* Effect.yieldNow;
          const heapPerTask = probe?.after(N);
          yield* Fiber.joinAll(fibers);
          return { heapPerTask };
        }),
      );
  },
};

/** Bare promises and `setTimeout`; `start(i, fn)` starts call `i` (in its own context or not). */
async function bare(start) {
  const { setImmediate: yieldNow, setTimeout: delay } = await import("node:timers/promises");
  return async () => {
    const probe = heapProbe();
    probe?.before();
    const promises = new Array(N);
    for (let i = 0; i < N; i++)
      promises[i] = start(i, async () => {
        await delay(1000);
        return i;
      });
    await yieldNow();
    const heapPerTask = probe?.after(N);
    await Promise.all(promises);
    return { heapPerTask };
  };
}
