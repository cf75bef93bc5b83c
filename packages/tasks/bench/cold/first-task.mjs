// Time to first task: `node first-task.mjs aiots` prints the ms from this process's start
// (performance.timeOrigin) until the body of an empty `run()` starts, after importing
// @aiots/tasks, and the CPU ms spent by then; `node first-task.mjs bare` prints the same for
// bare Node (this module's first line); both say whether piscina was loaded.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

function now() {
  const cpu = process.cpuUsage();
  return { ms: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 };
}
let first = now();
if (process.argv[2] === "aiots") {
  const { run } = await import("@aiots/tasks");
  await run(async () => {
    first = now();
  });
}
const cache = Object.keys(createRequire(import.meta.url).cache);
const loaded = ["piscina"].filter((name) => cache.some((file) => file.includes(`/${name}/`)));
process.stdout.write(`${JSON.stringify({ ...first, loaded })}\n`);
