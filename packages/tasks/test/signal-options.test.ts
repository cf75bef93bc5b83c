// `signal` options of run/createTask/taskGroup: an AbortSignal in cancels the task or the
// group; listeners are removed when it ends (the AbortSignal.any() leak of
// nodejs/node#48419 must not happen with one long-lived signal shared by many tasks).
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  VirtualClock,
  getRunningLoop,
  createTask,
  gather,
  run,
  sleep,
  taskGroup,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("createTask(fn, { signal })", () => {
  it("aborting cancels the task with the reason's message", async () => {
    await runVirtual(async () => {
      const controller = new AbortController();
      const task = createTask(() => sleep(10_000), { signal: controller.signal });
      await sleep(100);
      controller.abort(new Error("user hit stop"));
      await expect(task).rejects.toThrow(new CancelledError("user hit stop"));
      expect(task.cancelled()).toBe(true);
      expect(now()).toBe(100);
    });
  });

  it("an already aborted signal cancels the task before its first step", async () => {
    await runVirtual(async () => {
      let ran = false;
      const task = createTask(
        async () => {
          ran = true;
        },
        { signal: AbortSignal.abort("too late") },
      );
      await expect(task).rejects.toThrow(CancelledError);
      expect(ran).toBe(false);
    });
  });

  it("100k tasks sharing one long-lived signal leave it with 0 listeners", async () => {
    await runVirtual(async () => {
      const controller = new AbortController();
      const { signal } = controller;
      const tasks = Array.from({ length: 100_000 }, (_, i) =>
        createTask(() => sleep(i % 10), { signal }),
      );
      // One listener for all of them: Node scans the list on each add and remove.
      expect(getEventListeners(signal, "abort")).toHaveLength(1);
      await gather(tasks);
      expect(getEventListeners(signal, "abort")).toHaveLength(0);
      // Cancelled and failed tasks detach too.
      const failing = createTask(
        async () => {
          throw new Error("x");
        },
        { signal },
      );
      const cancelled = createTask(() => sleep(1000), { signal });
      await sleep(0);
      cancelled.cancel();
      await gather([failing, cancelled], { returnExceptions: true });
      expect(getEventListeners(signal, "abort")).toHaveLength(0);
    });
  }, 60_000);

  it("one abort cancels every task sharing the signal", async () => {
    await runVirtual(async () => {
      const controller = new AbortController();
      const tasks = Array.from({ length: 3 }, () =>
        createTask(() => sleep(1000), { signal: controller.signal }),
      );
      await sleep(1);
      controller.abort();
      const outcomes = await gather(tasks, { returnExceptions: true });
      expect(outcomes.every((outcome) => outcome instanceof CancelledError)).toBe(true);
      // A new task on the aborted signal is cancelled at once.
      await expect(createTask(() => sleep(1), { signal: controller.signal })).rejects.toThrow(
        CancelledError,
      );
    });
  });

  it("rejects a signal that is not an AbortSignal", async () => {
    await runVirtual(async () => {
      expect(() => createTask(async () => 1, { signal: {} as never })).toThrow(
        new TypeError("Expected `signal` to be an AbortSignal, got `{}` (object)"),
      );
    });
  });
});

describe("run(main, { signal })", () => {
  it("aborting cancels the main task with the reason as message", async () => {
    const controller = new AbortController();
    const main = async (): Promise<void> => {
      getRunningLoop().callLater(5, () => controller.abort(new Error("shutdown")));
      await sleep(60_000);
    };
    await expect(
      run(main, { signal: controller.signal, clock: new VirtualClock() }),
    ).rejects.toThrow(new CancelledError("shutdown"));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("a run that ends first removes its listener", async () => {
    const controller = new AbortController();
    expect(
      await run(() => sleep(10, "ok"), { signal: controller.signal, clock: new VirtualClock() }),
    ).toBe("ok");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});

describe("taskGroup(fn, { signal })", () => {
  it("aborting cancels the children and the body, then rejects with signal.reason", async () => {
    await runVirtual(async () => {
      const controller = new AbortController();
      const cancelled: string[] = [];
      const guard = (name: string) => async () => {
        try {
          await sleep(10_000);
        } catch (error) {
          cancelled.push(name);
          throw error;
        }
      };
      const reason = new Error("stop the group");
      getRunningLoop().callLater(100, () => controller.abort(reason));
      const group = taskGroup(
        async (tg) => {
          tg.createTask(guard("a"));
          tg.createTask(guard("b"));
          await guard("body")();
        },
        { signal: controller.signal },
      );
      await expect(group).rejects.toBe(reason);
      expect(cancelled.sort()).toEqual(["a", "b", "body"]);
      expect(now()).toBe(100);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    });
  });

  it("an already aborted signal rejects without running the body", async () => {
    await runVirtual(async () => {
      let ran = false;
      await expect(
        taskGroup(
          async () => {
            ran = true;
          },
          { signal: AbortSignal.abort(new Error("no")) },
        ),
      ).rejects.toThrow("no");
      expect(ran).toBe(false);
    });
  });

  it("a group that ends first removes its listener and returns its value", async () => {
    await runVirtual(async () => {
      const controller = new AbortController();
      const value = await taskGroup(
        async (tg) => {
          tg.createTask(() => sleep(5));
          return 3;
        },
        { signal: controller.signal },
      );
      expect(value).toBe(3);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    });
  });
});
