import { createTask, gather, run, type Task } from "../../src/index.js";
const N = 100_000;
for (let r = 0; r < 3; r++) {
  const ms = await run(async () => {
    const t0 = performance.now();
    const tasks: Task<number>[] = new Array(N);
    for (let i = 0; i < N; i++) tasks[i] = createTask(async () => 1);
    const t1 = performance.now();
    await gather(tasks);
    const t2 = performance.now();
    console.log("create", (t1 - t0).toFixed(0), "gather", (t2 - t1).toFixed(0));
    return t2 - t0;
  });
  console.log(ms.toFixed(0));
}
