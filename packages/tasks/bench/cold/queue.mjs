// Row: 100k items through Queue(1000) to 10 consumers, until queue.join() (asyncio's shape;
// the consumers are cancelled after). Effect's bounded Queue has no join: the consumers count
// the items and the producer waits for the count. Bare Node has no bounded queue with
// backpressure: its columns run a minimal promise queue (bare-queue.mjs), the row's floor on
// this platform, with each consumer and the producer in its own AsyncLocalStorage context
// for the "bare Node + ALS" column. Effection has none, so no column.
import { bareEntries } from "./own-context.mjs";

export const N = 100_000;

export default {
  async aiots() {
    const { Queue, createTask, gather, run } = await import("@aiots/tasks");
    return () =>
      run(async () => {
        const queue = new Queue(1000);
        const consumers = Array.from({ length: 10 }, () =>
          createTask(async () => {
            for (;;) {
              await queue.get();
              queue.taskDone();
            }
          }),
        );
        for (let i = 0; i < N; i++) await queue.put(i);
        await queue.join();
        for (const consumer of consumers) consumer.cancel();
        await gather(consumers, { returnExceptions: true });
      });
  },
  ...bareEntries(bare),
  async effect() {
    const { Deferred, Effect, Fiber, Queue } = await import("effect");
    return () =>
      Effect.runPromise(
        Effect.gen(function* () {
          const queue = yield* Queue.bounded(1000);
          const done = yield* Deferred.make();
          let taken = 0;
          const consumer = Effect.gen(function* () {
            for (;;) {
              yield* Queue.take(queue);
              if (++taken === N) yield* Deferred.succeed(done, undefined);
            }
          });
          const consumers = [];
          for (let c = 0; c < 10; c++) consumers.push(yield* Effect.forkChild(consumer));
          for (let i = 0; i < N; i++) yield* Queue.offer(queue, i);
          yield* Deferred.await(done);
          yield* Fiber.interruptAll(consumers);
        }),
      );
  },
};

/** The row on a minimal promise queue; `start(i, fn)` starts consumer or producer `i`. */
async function bare(start) {
  const { BareQueue } = await import("./bare-queue.mjs");
  return async () => {
    const queue = new BareQueue(1000);
    for (let c = 0; c < 10; c++)
      start(c, async () => {
        for (;;) {
          await queue.get();
          queue.taskDone();
        }
      });
    await start(10, async () => {
      for (let i = 0; i < N; i++) await queue.put(i);
      await queue.join();
    });
    // No cancellation here: the consumers are left waiting in get(), which holds nothing.
  };
}
