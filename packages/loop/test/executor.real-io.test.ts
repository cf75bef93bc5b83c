// asyncio's run_in_executor / shutdown_default_executor (test_base_events.py
// test_run_in_executor, test_run_in_executor_cancel; test_events.py test_run_in_executor),
// on worker threads: jobs name a module and an export, since closures cannot cross threads.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { threadId } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import {
  CancelledError,
  EventLoop,
  RuntimeError,
  VirtualClock,
  WorkerPoolExecutor,
  type Executor,
} from "../src/index.js";
import { sleep } from "./helpers.js";

const jobs = new URL("./fixtures/jobs.mjs", import.meta.url);
let loop: EventLoop;
afterEach(async () => {
  await loop.shutdownDefaultExecutor();
  if (!loop.isClosed()) loop.close();
});

describe("runInExecutor", () => {
  it("runs a module's default export on a worker thread and returns a Future of its result", async () => {
    loop = new EventLoop();
    const fut = loop.runInExecutor<number>(null, { module: jobs }, 2, 3);
    expect(fut.getLoop()).toBe(loop);
    expect(await loop.runUntilComplete(fut)).toBe(5);
    const thread = await loop.runUntilComplete(
      loop.runInExecutor<number>(null, { module: jobs, name: "whichThread" }),
    );
    expect(thread).not.toBe(threadId);
  });

  it("accepts an absolute path as well as a URL", async () => {
    loop = new EventLoop();
    expect(
      await loop.runUntilComplete(
        loop.runInExecutor<number>(null, { module: fileURLToPath(jobs) }, 1, 1),
      ),
    ).toBe(2);
  });

  it("rehydrates errors with their name, message and code", async () => {
    loop = new EventLoop();
    const error = await loop
      .runUntilComplete(loop.runInExecutor(null, { module: jobs, name: "fail" }, "bad input"))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: "ValidationError",
      message: "bad input",
      code: "E_VALIDATION",
    });
    expect((error as Error).stack).toContain("jobs.mjs");
    await expect(
      loop.runUntilComplete(loop.runInExecutor(null, { module: jobs, name: "notAFunction" })),
    ).rejects.toThrow(/Expected `notAFunction` to be a function/);
  });

  it("brings transferables back and sends transferList arguments", async () => {
    loop = new EventLoop();
    const array = await loop.runUntilComplete(
      loop.runInExecutor<Uint8Array>(null, { module: jobs, name: "bytes" }, 1000),
    );
    expect(array).toBeInstanceOf(Uint8Array);
    expect(array.length).toBe(1000);
    expect(array[255]).toBe(255);
    const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
    const total = await loop.runUntilComplete(
      loop.runInExecutor<number>(
        null,
        { module: jobs, name: "sum", transferList: [buffer] },
        buffer,
      ),
    );
    expect(total).toBe(10);
    expect(buffer.byteLength).toBe(0); // transferred, not copied
  });

  it("aborts the job when the future is cancelled (test_run_in_executor_cancel)", async () => {
    loop = new EventLoop();
    const fut = loop.runInExecutor<string>(null, { module: jobs, name: "slow" }, 60_000);
    loop.callLater(20, () => fut.cancel("not needed"));
    const started = performance.now();
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(CancelledError);
    expect(performance.now() - started).toBeLessThan(5000);
    // The pool still serves new jobs after the abort.
    expect(
      await loop.runUntilComplete(loop.runInExecutor<number>(null, { module: jobs }, 1, 2)),
    ).toBe(3);
  });

  it("a virtual clock never runs ahead of real time while a job runs (issue #11, item 10)", async () => {
    const clock = new VirtualClock();
    loop = new EventLoop({ clock });
    const result = await loop.runUntilComplete(async () => {
      // Start the pool first: spawning a worker is not the job.
      await loop.runInExecutor(null, { module: jobs }, 0, 0);
      let ticks = 0;
      const ticker = (async () => {
        for (let index = 0; index < 100; index++) {
          await sleep(100);
          ticks++;
        }
      })();
      const realStart = performance.now();
      const virtualStart = loop.time();
      const job = await loop.runInExecutor<string>(null, { module: jobs, name: "slow" }, 50);
      const virtual = loop.time() - virtualStart;

      const real = performance.now() - realStart;
      const ticksDuringJob = ticks;
      await ticker;
      return { job, virtual, real, ticksDuringJob, end: loop.time() - virtualStart };
    });
    expect(result.job).toBe("finished");
    // Paced while the job ran: the 10 s ticker did not run to its end in a few real ms.
    expect(result.virtual).toBeLessThanOrEqual(result.real + 1);
    expect(result.ticksDuringJob).toBeLessThan(100);
    // Once the job is done the clock jumps freely again.
    expect(result.end).toBe(10_000);
  });

  it("uses a given executor, and passes it the job and an abort signal", async () => {
    loop = new EventLoop();
    const submitted: unknown[] = [];
    const inline: Executor = {
      submit: async (job, signal) => {
        submitted.push({ ...job, aborted: signal.aborted });
        return "inline";
      },
      shutdown: async () => {},
    };
    expect(
      await loop.runUntilComplete(loop.runInExecutor(inline, { module: jobs, name: "x" }, 1)),
    ).toBe("inline");
    expect(submitted).toEqual([{ module: jobs.href, name: "x", args: [1], aborted: false }]);
  });

  it("shuts the default pool down and makes a new one on next use (shutdown_default_executor)", async () => {
    loop = new EventLoop();
    expect(
      await loop.runUntilComplete(loop.runInExecutor<number>(null, { module: jobs }, 1, 1)),
    ).toBe(2);
    await loop.shutdownDefaultExecutor();
    await loop.shutdownDefaultExecutor();
    expect(
      await loop.runUntilComplete(loop.runInExecutor<number>(null, { module: jobs }, 2, 2)),
    ).toBe(4);
  });

  it("shuts the pool down on close(): a job still running does not keep the process alive", () => {
    loop = new EventLoop();
    const script = fileURLToPath(new URL("./fixtures/close-with-running-job.ts", import.meta.url));
    const started = performance.now();
    const child = spawnSync(
      process.execPath,
      ["--conditions=@aiots/source", "--import", "tsx", script],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(child.stderr).toBe("");
    expect(child.stdout).toBe("result 3\nclosed, job pending: true\n");
    expect(child.status).toBe(0);
    expect(performance.now() - started).toBeLessThan(20_000);
    loop.close();
    expect(() => loop.runInExecutor(null, { module: jobs })).toThrow(RuntimeError);
  });

  it("WorkerPoolExecutor works on its own", async () => {
    loop = new EventLoop();
    const pool = new WorkerPoolExecutor({ maxThreads: 1 });
    try {
      expect(
        await pool.submit(
          { module: jobs.href, name: "default", args: [20, 22] },
          new AbortController().signal,
        ),
      ).toBe(42);
    } finally {
      await pool.shutdown();
    }
  });
});
