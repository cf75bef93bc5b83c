import { Queue, Semaphore, createTask, gather, run, sleep, type Task } from "../src/index.js";
const N = 100_000;
const which = process.argv[2];
async function once(): Promise<number> {
  return run(async () => {
    const t0 = performance.now();
    if (which === "gather") {
      const tasks = new Array<Task<number>>(N);
      for (let i = 0; i < N; i++) tasks[i] = createTask(async () => 1);
      await gather(tasks);
    } else if (which === "sleep") {
      const tasks = new Array<Task<void>>(N);
      for (let i = 0; i < N; i++) tasks[i] = createTask(() => sleep(i % 100));
      await gather(tasks);
    } else if (which === "semaphore") {
      const sem = new Semaphore(100);
      const tasks = new Array<Task<void>>(N);
      for (let i = 0; i < N; i++) tasks[i] = createTask(() => sem.withLock(() => sleep(0)));
      await gather(tasks);
    } else if (which === "cancel") {
      const tasks = new Array<Task<void>>(N);
      for (let i = 0; i < N; i++) tasks[i] = createTask(() => sleep(10_000));
      await sleep(0);
      for (const task of tasks) task.cancel();
      await gather(tasks, { returnExceptions: true });
    } else if (which === "queue") {
      const queue = new Queue<number>(1000);
      const consumers = Array.from({ length: 10 }, () => createTask(async () => { for (;;) { await queue.get(); queue.taskDone(); } }));
      for (let i = 0; i < N; i++) await queue.put(i);
      await queue.join();
      for (const c of consumers) c.cancel();
      await gather(consumers, { returnExceptions: true });
    }
    return performance.now() - t0;
  });
}
const times: number[] = [];
for (let i = 0; i < 4; i++) times.push(await once());
console.log(process.version, which, times.map((t) => t.toFixed(0)).join(" "));
