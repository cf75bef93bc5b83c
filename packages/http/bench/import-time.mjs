// Import time of @aiots/http (its build, `pnpm build` first): the median of N fresh
// `node` processes, each timing `await import()` with performance.now(), and which
// dependencies the import loaded.   node bench/import-time.mjs [N=11]
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const runs = Number(process.argv[2] ?? 11);
const probe = `
const t0 = performance.now();
await import(${JSON.stringify(entry)});
const ms = performance.now() - t0;
const { default: Module } = await import("node:module");
const loaded = ["undici", "tough-cookie", "ws"].filter((name) =>
  Object.keys(Module._cache).some((file) => file.includes("/node_modules/" + name + "/")),
);
console.log(JSON.stringify({ ms, loaded }));`;
const samples = [];
let loaded = [];
for (let i = 0; i < runs; i++) {
  const out = JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" }),
  );
  samples.push(out.ms);
  loaded = out.loaded;
}
samples.sort((a, b) => a - b);
const median = samples[Math.floor(samples.length / 2)];
console.log(
  `import @aiots/http: median ${median.toFixed(1)} ms, min ${samples[0].toFixed(1)}, max ${samples.at(-1).toFixed(1)} (${runs} runs); dependencies loaded at import: ${loaded.length === 0 ? "none" : loaded.join(", ")}`,
);
