// Fresh processes for the cold runner: one measurement each, its JSON line parsed.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** The CPython to compare with: BENCH_PYTHON, else Debian's PGO-built /usr/bin/python3. */
export const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";

/** Runs `command args` to completion and parses the last line of its stdout as JSON. */
function runJson(command, args, timeoutMs) {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: timeoutMs, maxBuffer: 1 << 20, cwd: here(".") },
      (error, stdout, stderr) => {
        if (error !== null) {
          const why = (stderr || error.message).trim().split("\n").at(-1);
          resolve({ error: error.killed ? `> ${timeoutMs / 1000} s (cut)` : `failed: ${why}` });
          return;
        }
        resolve(JSON.parse(stdout.trim().split("\n").at(-1)));
      },
    );
  });
}

/**
 * One cold measurement of `impl` ("aiots", "bare", "effect", ... or "cpython") on `row` in a
 * fresh process; `heap` asks for the memory run (full collections around the pending tasks).
 */
export function measureOnce(row, impl, { heap = false, timeoutMs }) {
  if (impl === "cpython") {
    return runJson(PYTHON, [here("cold_asyncio.py"), row, ...(heap ? ["--heap"] : [])], timeoutMs);
  }
  const flags = heap ? ["--expose-gc"] : [];
  return runJson(process.execPath, [...flags, here("child.mjs"), row, impl], timeoutMs);
}

/** Time to first task of `impl` ("aiots" or "bare"), in ms from process start. */
export function firstTask(impl) {
  return runJson(process.execPath, [here("first-task.mjs"), impl], 30_000);
}
