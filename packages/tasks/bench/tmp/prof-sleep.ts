import { createTask, gather, run, sleep, type Task } from "../../src/index.js";
const N = 100_000;
const which = process.argv[2] ?? "sleep";
for (let r = 0; r < 2; r++) {
  const ms = await run(async () => {
    const t0 = performance.now();
    const tasks: Task<void>[] = new Array(N);
    if (which === "sleep") {
      for (let i = 0; i < N; i++) tasks[i] = createTask(() => sleep(i % 100));
      await gather(tasks);
    } else {
      for (let i = 0; i < N; i++) tasks[i] = createTask(() => sleep(10_000));
      await sleep(0);
      const t1 = performance.now();
      for (const t of tasks) t.cancel();
      const t2 = performance.now();
      await gather(tasks, { returnExceptions: true });
      console.log("create", (t1 - t0).toFixed(0), "cancel", (t2 - t1).toFixed(0), "drain", (performance.now() - t2).toFixed(0));
    }
    return performance.now() - t0;
  });
  console.log(which, ms.toFixed(0));
}
