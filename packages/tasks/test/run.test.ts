// Mirrors CPython Lib/test/test_asyncio/test_runners.py (RunTests, RunnerTests).
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CancelledError,
  Event,
  EventLoop,
  currentTask,
  KeyboardInterrupt,
  RuntimeError,
  Runner,
  VirtualClock,
  coroutine,
  createTask,
  getRunningLoop,
  run,
  sleep,
} from "../src/index.js";
import { sigintExit } from "../src/run.js";
import { runVirtual } from "./helpers.js";

describe("run", () => {
  afterEach(() => vi.restoreAllMocks());

  // test_asyncio_run_return
  it("returns main's result", async () => {
    expect(await runVirtual(async () => "done")).toBe("done");
  });

  // test_asyncio_run_raises
  it("rejects with main's error", async () => {
    await expect(runVirtual(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });

  // test_asyncio_run_only_coro / run_from_running_loop
  it("throws RuntimeError inside a running loop", async () => {
    await runVirtual(async () => {
      expect(() => run(async () => 1)).toThrow(RuntimeError);
    });
  });

  // test_asyncio_run_cancels_hanging_tasks: pending tasks are cancelled and awaited, finally blocks ran.
  it("cancels and awaits every task still pending when main ends", async () => {
    const steps: string[] = [];
    let loop: EventLoop | undefined;
    await runVirtual(async () => {
      loop = getRunningLoop();
      createTask(async () => {
        try {
          await sleep(10_000);
        } finally {
          steps.push("finally start");
          await sleep(0); // cleanup may still await
          steps.push("finally end");
        }
      });
      await sleep(1);
    });
    expect(steps).toEqual(["finally start", "finally end"]);
    expect(loop!.isClosed()).toBe(true);
  });

  // test_asyncio_run_reports_hanging_tasks_errors
  it("reports a task that fails while being cancelled at shutdown", async () => {
    const messages: string[] = [];
    await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => messages.push(context.message));
      createTask(async () => {
        try {
          await sleep(10_000);
        } catch {
          throw new Error("bad cleanup");
        }
      });
      await sleep(1);
    });
    expect(messages).toEqual(["unhandled exception during run() shutdown"]);
  });

  // test_asyncio_run_debug
  it("passes debug and clock to the loop", async () => {
    await run(
      async () => {
        expect(getRunningLoop().getDebug()).toBe(true);
        await sleep(5000);
        expect(getRunningLoop().time()).toBe(5000);
      },
      { debug: true, clock: new VirtualClock() },
    );
  });

  // RunnerTests.test_run_keeps_context-ish: one loop for several runs, closed by close().
  it("Runner keeps one loop across runs and closes it", async () => {
    const runner = new Runner({ clock: new VirtualClock() });
    const a = await runner.run(async () => {
      await sleep(10);
      return getRunningLoop();
    });
    const b = await runner.run(async () => getRunningLoop());
    expect(a).toBe(b);
    await runner.close();
    expect(a.isClosed()).toBe(true);
    expect(() => runner.getLoop()).toThrow(RuntimeError);
  });

  // test_signal_install / Runner._on_sigint: first SIGINT cancels main → KeyboardInterrupt.
  it("cancels the main task on the first SIGINT and rejects with KeyboardInterrupt", async () => {
    const before = process.listenerCount("SIGINT");
    const promise = runVirtual(async () => {
      setImmediate(() => process.emit("SIGINT")); // from outside the loop, once it idles
      await new Event().wait(); // blocked with no timer: only the signal can end it
    });
    await expect(promise).rejects.toBeInstanceOf(KeyboardInterrupt);
    expect(process.listenerCount("SIGINT")).toBe(before);
  });

  it("keeps going when main swallows the SIGINT cancellation, and exits on the second", async () => {
    const exit = vi.spyOn(sigintExit, "exit").mockImplementation(() => undefined);
    const result = await runVirtual(async () => {
      setImmediate(() => process.emit("SIGINT")); // from outside the loop, once it idles
      let caught: unknown;
      try {
        await new Event().wait();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CancelledError);
      expect(currentTask()!.uncancel()).toBe(0);
      expect(exit).not.toHaveBeenCalled();
      process.emit("SIGINT");
      await sleep(1);
      return "finished";
    });
    expect(result).toBe("finished");
    expect(exit).toHaveBeenCalledWith(130);
  });
});

describe("run with a coroutine", () => {
  // asyncio.run(main()) takes a coroutine object.
  it("accepts a Coroutine as main and rejects anything else", async () => {
    const main = coroutine(async (n: number) => {
      await sleep(10);
      return n * 2;
    });
    expect(await runVirtual(() => main(21))).toBe(42);
    expect(await run(main(2), { clock: new VirtualClock() })).toBe(4);
    expect(() => run(42 as never)).toThrow(TypeError);
  });
});
