// Mirrors CPython Lib/test/test_asyncio/test_threads.py (to_thread).
import { describe, expect, it } from "vitest";
import { CancelledError, createTask, sleep, toThread, run } from "../src/index.js";

const work = new URL("./fixtures/work.mjs", import.meta.url);

describe("toThread", () => {
  // test_to_thread
  it("runs a module export on a worker thread and returns its result", async () => {
    await run(async () => {
      expect(await toThread<number>({ module: work, name: "add" }, 2, 3)).toBe(5);
    });
  });

  // test_to_thread_cancelled-ish: cancelling the awaiting task abandons the job.
  it("abandons the job when the awaiting task is cancelled", async () => {
    await run(async () => {
      const task = createTask(() => toThread({ module: work, name: "busy" }, 200));
      await sleep(20);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
    });
  });

  it("validates the job", async () => {
    await run(async () => {
      expect(() => toThread(null as never)).toThrow(TypeError);
      expect(() => toThread({ module: work, name: 5 as never })).toThrow(TypeError);
    });
  });
});
