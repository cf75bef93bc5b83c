import pLimit from "p-limit";
import { Semaphore, createTask, gather, run, sleep, type Task } from "../../src/index.js";
const N = 100_000;
for (let r = 0; r < 2; r++) {
  const ms = await run(async () => {
    const t0 = performance.now();
    const sem = new Semaphore(100);
    const tasks: Task<void>[] = new Array(N);
    for (let i = 0; i < N; i++) tasks[i] = createTask(() => sem.withLock(() => sleep(0)));
    await gather(tasks);
    return performance.now() - t0;
  });
  const t0 = performance.now();
  const limit = pLimit(100);
  const ps: Promise<void>[] = new Array(N);
  for (let i = 0; i < N; i++) ps[i] = limit(() => new Promise<void>((resolve) => setImmediate(resolve)));
  await Promise.all(ps);
  console.log("ours", ms.toFixed(0), "plimit", (performance.now() - t0).toFixed(0));
}
