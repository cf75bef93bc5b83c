// Issue 11, items 1, 2 and 5: deadlines and Ctrl-C end at once whatever the code awaits,
// also a plain (foreign) promise that no cancellation can reach: an SDK call, `fs`, a
// database driver. The abandoned promise runs on; its late rejection is handled.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CancelledError,
  KeyboardInterrupt,
  TaskGroup,
  TimeoutError,
  coroutine,
  createTask,
  gather,
  getRunningLoop,
  sleep,
  taskGroup,
  timeout,
  waitFor,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

/** A plain promise settled by the loop's clock (a library await nobody can cancel). */
function foreign<T>(ms: number, value: T, fail = false): Promise<T> {
  const loop = getRunningLoop();
  return new Promise<T>((resolve, reject) => {
    loop.callLater(ms, () => (fail ? reject(new Error(`late ${String(value)}`)) : resolve(value)));
  });
}

/** A plain promise that never settles. */
function forever(): Promise<never> {
  return new Promise<never>(() => undefined);
}

describe("timeout() with a body blocked on a foreign promise", () => {
  it("raises TimeoutError at the deadline, not when the promise settles", async () => {
    await runVirtual(async () => {
      const error: unknown = await timeout(100, () => foreign(1000, "late")).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TimeoutError);
      expect(now()).toBe(100);
    });
  });

  it("raises at the deadline when an async body awaits a promise that never settles", async () => {
    await runVirtual(async () => {
      await expect(
        timeout(50, async () => {
          await sleep(10);
          await forever();
        }),
      ).rejects.toBeInstanceOf(TimeoutError);
      expect(now()).toBe(50);
    });
  });

  it("handles the abandoned promise's later rejection (no unhandled rejection)", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      await runVirtual(async () => {
        await expect(timeout(100, () => foreign(1000, "x", true))).rejects.toBeInstanceOf(
          TimeoutError,
        );
        await sleep(2000);
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });

  it("still waits for a body that caught the cancellation and cleans up (asyncio)", async () => {
    await runVirtual(async () => {
      const steps: string[] = [];
      await expect(
        timeout(100, async () => {
          try {
            await sleep(1000);
          } finally {
            await foreign(50, "cleanup");
            steps.push(`cleaned up at ${now()}`);
          }
        }),
      ).rejects.toBeInstanceOf(TimeoutError);
      expect(steps).toEqual(["cleaned up at 150"]);
      expect(now()).toBe(150);
    });
  });

  it("keeps the task usable after the deadline: later awaits are not cancelled", async () => {
    await runVirtual(async () => {
      await expect(timeout(10, () => forever())).rejects.toBeInstanceOf(TimeoutError);
      await sleep(5);
      expect(now()).toBe(15);
    });
  });

  it("waitFor(coroutine) ends at the deadline when the coroutine awaits a foreign promise", async () => {
    await runVirtual(async () => {
      const sdk = coroutine(async () => foreign(1000, "late"));
      await expect(waitFor(sdk(), 100)).rejects.toBeInstanceOf(TimeoutError);
      expect(now()).toBe(100);
      await expect(waitFor(foreign(1000, "late"), 100)).rejects.toBeInstanceOf(TimeoutError);
      expect(now()).toBe(200);
    });
  });
});

describe("an already-running promise given to createTask, gather or a TaskGroup", () => {
  it("createTask(promise): cancel() abandons the promise and the task is done at once", async () => {
    await runVirtual(async () => {
      const task = createTask(foreign(1000, "late"));
      await sleep(10);
      expect(task.cancel()).toBe(true);
      await expect(task).rejects.toBeInstanceOf(CancelledError);
      expect(task.cancelled()).toBe(true);
      expect(now()).toBe(10);
    });
  });

  it("gather(promise).cancel() is done at once", async () => {
    await runVirtual(async () => {
      const gathered = gather(foreign(1000, "a"), forever());
      await sleep(10);
      gathered.cancel();
      await expect(gathered).rejects.toBeInstanceOf(CancelledError);
      expect(now()).toBe(10);
    });
  });

  it("TaskGroup.createTask(promise): a failing sibling ends the group at once", async () => {
    await runVirtual(async () => {
      const error: unknown = await taskGroup(async (tg: TaskGroup) => {
        tg.createTask(forever());
        tg.createTask(async () => {
          await sleep(10);
          throw new Error("boom");
        });
      }).catch((e: unknown) => e);
      expect((error as AggregateError).errors).toEqual([new Error("boom")]);
      expect(now()).toBe(10);
    });
  });
});

describe("Ctrl-C while main awaits a plain promise", () => {
  afterEach(() => vi.restoreAllMocks());

  it("cancels main at once and run() rejects with KeyboardInterrupt", async () => {
    // `forever()` never settles: if the SIGINT did not cancel main, the test times out.
    const promise = runVirtual(async () => {
      setImmediate(() => process.emit("SIGINT")); // from outside the loop, once it idles
      await forever();
    });
    await expect(promise).rejects.toBeInstanceOf(KeyboardInterrupt);
  });
});
