// Issue 11, item 3: `task.signal` handed to a foreign API (`timers/promises`, `fs`) turns
// the task's cancellation into that API's `AbortError { cause: signal.reason }`. That
// error is the task's own cancellation: the task ends cancelled, a TaskGroup reports no
// extra error, a timeout raises TimeoutError, Ctrl-C gives KeyboardInterrupt.
import { readFile } from "node:fs/promises";
// eslint-disable-next-line no-restricted-imports -- the foreign abortable API under test; every use is aborted, none waits
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  KeyboardInterrupt,
  TimeoutError,
  createTask,
  currentTask,
  sleep,
  taskGroup,
  timeout,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

const REAL_MS = 60_000; // a real timer the cancellation aborts long before it fires

describe("an AbortError caused by the task's own signal", () => {
  it("ends the task cancelled (timers/promises)", async () => {
    await runVirtual(async () => {
      const task = createTask(() => delay(REAL_MS, undefined, { signal: currentTask()!.signal }));
      await sleep(1);
      task.cancel("stop");
      const error: unknown = await task.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CancelledError);
      expect((error as Error).message).toBe("stop");
      expect(task.cancelled()).toBe(true);
    });
  });

  it("ends the task cancelled (fs.readFile)", async () => {
    await runVirtual(async () => {
      const task = createTask(async () => {
        const self = currentTask()!;
        self.cancel("cancelled while running");
        return readFile(new URL(import.meta.url), { signal: self.signal });
      });
      await expect(task).rejects.toThrow("cancelled while running");
      expect(task.cancelled()).toBe(true);
    });
  });

  it("is no extra error in a TaskGroup: only the real failure is reported", async () => {
    await runVirtual(async () => {
      const error: unknown = await taskGroup(async (tg) => {
        tg.createTask(() => delay(REAL_MS, undefined, { signal: currentTask()!.signal }));
        tg.createTask(async () => {
          await sleep(5);
          throw new Error("boom");
        });
      }).catch((e: unknown) => e);
      expect((error as AggregateError).errors).toEqual([new Error("boom")]);
    });
  });

  it("becomes TimeoutError in timeout(), and the task gets a fresh signal afterwards", async () => {
    await runVirtual(async () => {
      await expect(
        timeout(100, () => delay(REAL_MS, undefined, { signal: currentTask()!.signal })),
      ).rejects.toBeInstanceOf(TimeoutError);
      expect(now()).toBe(100);
      expect(currentTask()!.cancelling()).toBe(0);
      expect(currentTask()!.signal.aborted).toBe(false);
    });
  });

  it("another AbortError stays a failure", async () => {
    await runVirtual(async () => {
      const task = createTask(() => delay(REAL_MS, undefined, { signal: AbortSignal.abort() }));
      await expect(task).rejects.toMatchObject({ name: "AbortError" });
      expect(task.cancelled()).toBe(false);
    });
  });

  it("Ctrl-C while main awaits with its signal gives KeyboardInterrupt", async () => {
    const promise = runVirtual(async () => {
      setImmediate(() => process.emit("SIGINT")); // from outside the loop, once it idles
      await delay(REAL_MS, undefined, { signal: currentTask()!.signal });
    });
    await expect(promise).rejects.toBeInstanceOf(KeyboardInterrupt);
  });
});

describe("an AbortError caused by the parent's signal in a taskGroup body", () => {
  it("is the parent's cancellation: the group raises CancelledError, not a group", async () => {
    await runVirtual(async () => {
      const parent = createTask(() =>
        taskGroup(async (tg) => {
          tg.createTask(() => sleep(1000));
          await delay(REAL_MS, undefined, { signal: currentTask()!.signal });
        }),
      );
      await sleep(1);
      parent.cancel();
      await expect(parent).rejects.toBeInstanceOf(CancelledError);
      expect(parent.cancelled()).toBe(true);
    });
  });
});
