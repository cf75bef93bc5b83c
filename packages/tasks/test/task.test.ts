// Mirrors CPython Lib/test/test_asyncio/test_tasks.py (BaseTaskTests).
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  Future,
  RuntimeError,
  allTasks,
  checkpoint,
  createTask,
  gather,
  currentTask,
  getRunningLoop,
  observeTasks,
  sleep,
  type Task,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("Task", () => {
  // test_create_task / asyncio docs: create_task schedules, the coroutine runs once the creator yields.
  it("does not run the function until the creator yields to the loop", async () => {
    const events: string[] = [];
    await runVirtual(async () => {
      const task = createTask(async () => {
        events.push("task ran");
      });
      events.push("created");
      await Promise.resolve(); // a microtask is not a loop iteration
      events.push("after microtask");
      await task;
    });
    expect(events).toEqual(["created", "after microtask", "task ran"]);
  });

  it("resolves with the function's result and rejects with its error", async () => {
    await runVirtual(async () => {
      expect(await createTask(async () => 42)).toBe(42);
      const failing = createTask(async () => {
        throw new Error("boom");
      });
      await expect(failing).rejects.toThrow("boom");
      expect(failing.exception()).toBeInstanceOf(Error);
    });
  });

  // test_task_set_name_pylong / test_task_repr: default names Task-<n>, setName.
  it("has a name, settable, and shows it in its repr", async () => {
    await runVirtual(async () => {
      const task = createTask(async () => sleep(1), { name: "worker-1" });
      expect(task.getName()).toBe("worker-1");
      task.setName("renamed");
      expect(String(task)).toBe("<Task pending name='renamed'>");
      await task;
      expect(String(task)).toContain("finished name='renamed'");
      expect(createTask(async () => 1).getName()).toMatch(/^Task-\d+$/);
    });
  });

  // test_cancel: cancelling a task blocked in sleep rejects the sleep in the same iteration.
  it("cancels the sleep the task is blocked on, in the same loop iteration", async () => {
    await runVirtual(async () => {
      let caught: unknown;
      const task = createTask(async () => {
        try {
          await sleep(10_000);
        } catch (error) {
          caught = error;
          throw error;
        }
      });
      await sleep(5);
      expect(task.cancel("stop")).toBe(true);
      await expect(task).rejects.toThrow(CancelledError);
      expect(caught).toBeInstanceOf(CancelledError);
      expect((caught as Error).message).toBe("stop");
      expect(task.cancelled()).toBe(true);
      expect(now()).toBe(5);
      expect(task.cancel()).toBe(false); // done
    });
  });

  // test_cancel_task_before_start (CPython: throwing into an unstarted coroutine).
  it("never runs the function if cancelled before its first step", async () => {
    let ran = false;
    await runVirtual(async () => {
      const task = createTask(async () => {
        ran = true;
      });
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
    expect(ran).toBe(false);
  });

  // test_cancel_yield / "Catching it and carrying on is allowed": cancelling() shows the request.
  it("lets the function catch CancelledError and carry on; cancelling() counts requests", async () => {
    await runVirtual(async () => {
      const task = createTask(async () => {
        try {
          await sleep(100);
        } catch {
          // swallowed
        }
        await sleep(10);
        return "survived";
      });
      await sleep(1);
      task.cancel();
      expect(task.cancelling()).toBe(1);
      expect(await task).toBe("survived");
      expect(task.cancelled()).toBe(false);
      expect(task.cancelling()).toBe(1);
    });
  });

  // test_uncancel_basic / test_uncancel_resets_must_cancel (3.13).
  it("uncancel() decrements cancelling() and drops a not-yet-delivered cancellation at 0", async () => {
    await runVirtual(async () => {
      const task = createTask(async () => {
        const self = currentTask()!;
        self.cancel(); // must-cancel: not blocked on anything
        expect(self.cancelling()).toBe(1);
        expect(self.uncancel()).toBe(0);
        await sleep(1); // no CancelledError
        return "ok";
      });
      expect(await task).toBe("ok");
    });
  });

  // test_cancel_both_task_and_inner_future: cancel twice counts twice, one CancelledError.
  it("counts a second cancel() and delivers one CancelledError", async () => {
    await runVirtual(async () => {
      let catches = 0;
      const task = createTask(async () => {
        try {
          await sleep(100);
        } catch (error) {
          catches++;
          throw error;
        }
      });
      await sleep(1);
      task.cancel();
      task.cancel();
      expect(task.cancelling()).toBe(2);
      await expect(task).rejects.toThrow(CancelledError);
      expect(catches).toBe(1);
    });
  });

  // Cancel during cleanup: a second cancel() reaches the await inside `finally`.
  it("delivers a second cancellation to an await inside the finally block", async () => {
    await runVirtual(async () => {
      const steps: string[] = [];
      const task = createTask(async () => {
        try {
          await sleep(100);
        } finally {
          steps.push("cleanup start");
          try {
            await sleep(50);
            steps.push("cleanup done");
          } catch (error) {
            steps.push(`cleanup cancelled: ${(error as Error).message}`);
          }
        }
      });
      await sleep(1);
      task.cancel("first");
      await sleep(10);
      task.cancel("second");
      await expect(task).rejects.toThrow(CancelledError);
      expect(steps).toEqual(["cleanup start", "cleanup cancelled: second"]);
    });
  });

  // A task blocked on a foreign promise gets the cancellation at its next library await.
  it("delivers a cancellation to a task blocked on a foreign promise at its next library await", async () => {
    await runVirtual(async () => {
      let resolveForeign!: () => void;
      const foreign = new Promise<void>((resolve) => (resolveForeign = resolve));
      const steps: string[] = [];
      const task = createTask(async () => {
        await foreign;
        steps.push("foreign done");
        await checkpoint();
        steps.push("never");
      });
      await sleep(1);
      task.cancel();
      expect(task.signal.aborted).toBe(true);
      resolveForeign();
      await expect(task).rejects.toThrow(CancelledError);
      expect(steps).toEqual(["foreign done"]);
    });
  });

  // test_cancel_at_end: cancelled right before the function returns → the task is cancelled.
  it("is cancelled when cancel() arrives while the function returns without another await", async () => {
    await runVirtual(async () => {
      let resolveForeign!: () => void;
      const foreign = new Promise<void>((resolve) => (resolveForeign = resolve));
      const task = createTask(async () => {
        await foreign;
        return 1;
      });
      await sleep(1);
      task.cancel();
      resolveForeign();
      await expect(task).rejects.toThrow(CancelledError);
      expect(task.cancelled()).toBe(true);
    });
  });

  it("cancels library awaits made in helper promises inside the task (Promise.all of sleeps)", async () => {
    await runVirtual(async () => {
      const task = createTask(async () => {
        await Promise.all([sleep(100), sleep(200)]);
      });
      await sleep(1);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(now()).toBe(1);
    });
  });

  // The set of awaited futures drops settled ones (pruned as it grows): awaiting() lists only
  // the pending ones, and cancel() still reaches every pending one.
  it("tracks many concurrent awaits: awaiting() lists the pending ones, cancel() reaches them", async () => {
    await runVirtual(async () => {
      const futures: Future<void>[] = [];
      const task = createTask(async () => {
        const loop = getRunningLoop();
        for (let i = 0; i < 20; i++) futures.push(loop.createFuture<void>());
        await Promise.all(futures);
      });
      await sleep(1);
      expect(task.awaiting()).toHaveLength(20);
      for (const future of futures.slice(0, 15)) future.setResult();
      await sleep(1);
      expect(task.awaiting()).toEqual(futures.slice(15));
      task.cancel("stop");
      await expect(task).rejects.toThrow("stop");
      expect(futures.slice(15).every((future) => future.cancelled())).toBe(true);
      expect(task.awaiting()).toEqual([]);
    });
  });

  // test_cancel_inner_future / awaiting a task from a task: cancelling the outer cancels the inner.
  it("cancels the inner task a cancelled task is awaiting", async () => {
    await runVirtual(async () => {
      const inner = createTask(() => sleep(1000));
      const outer = createTask(() => inner);
      await sleep(1);
      outer.cancel();
      await expect(outer).rejects.toThrow(CancelledError);
      expect(inner.cancelled()).toBe(true);
    });
  });

  it("aborts task.signal with a CancelledError reason (lazily created signals too)", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(1000));
      const early = task.signal;
      await sleep(1);
      task.cancel("why");
      expect(early.aborted).toBe(true);
      expect(early.reason).toBeInstanceOf(CancelledError);
      expect(task.signal.aborted).toBe(true);
      await expect(task).rejects.toThrow(CancelledError);
    });
  });

  // test_current_task / test_all_tasks.
  it("knows the current task and all pending tasks", async () => {
    await runVirtual(async () => {
      const main = currentTask()!;
      expect(main).toBeDefined();
      let seen: Task<unknown> | undefined;
      const child = createTask(async () => {
        seen = currentTask();
        await sleep(10);
      });
      expect(allTasks()).toEqual(new Set([main, child]));
      await child;
      expect(seen).toBe(child);
      expect(child.parent).toBe(main);
      expect(allTasks()).toEqual(new Set([main]));
    });
    expect(currentTask()).toBeUndefined();
  });

  // asyncio: Task does not support set_result()/set_exception() (RuntimeError).
  it("refuses setResult/setException from outside", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(1));
      expect(() => task.setResult(undefined)).toThrow(RuntimeError);
      expect(() => task.setException(new Error("x"))).toThrow(RuntimeError);
      await task;
    });
  });

  // asyncio: "Task cannot await on itself".
  it("rejects a task awaiting itself with RuntimeError", async () => {
    await runVirtual(async () => {
      const holder: { task?: Task<unknown> } = {};
      holder.task = createTask(async () => {
        await sleep(0);
        await holder.task;
      });
      await expect(holder.task).rejects.toThrow(/cannot await on itself/);
    });
  });

  it("accepts an awaitable (a Future) as its target and cancels it with the task", async () => {
    await runVirtual(async () => {
      const fut = new Future<number>();
      const task = createTask(fut);
      await sleep(1);
      task.cancel();
      await expect(task).rejects.toThrow(CancelledError);
      expect(fut.cancelled()).toBe(true);
    });
  });

  // asyncio's Task.__step accepts a coroutine result, a Future to wait on, or a value;
  // here every kind of target outcome settles the task (native promise, foreign thenable
  // calling back from outside the task, a Future settled later or already done).
  it("settles from a native promise, a foreign thenable, and a pending or done Future", async () => {
    await runVirtual(async () => {
      const later = new Future<string>();
      const done = new Future<string>();
      done.setResult("done");
      const foreign: PromiseLike<string> = {
        then(onfulfilled) {
          // Called back from a loop callback, outside the task's context.
          getRunningLoop().callSoon(() => onfulfilled?.("foreign"));
          return Promise.resolve() as never;
        },
      };
      const tasks = [
        createTask(async () => "native"),
        createTask(() => foreign),
        createTask(() => later),
        createTask(() => done),
        createTask(async () => {
          throw new Error("boom");
        }),
      ];
      await sleep(1);
      later.setResult("later");
      const results = await gather(tasks, { returnExceptions: true });
      expect(results.slice(0, 4)).toEqual(["native", "foreign", "later", "done"]);
      expect(results[4]).toBeInstanceOf(Error);
    });
  });

  // test_task_exception_never_retrieved (reported to the exception handler).
  it('reports "Task exception was never retrieved" when run() ends', async () => {
    const reports: string[] = [];
    await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => reports.push(context.message));
      createTask(async () => {
        throw new Error("lost");
      });
      const retrieved = createTask(async () => {
        throw new Error("seen");
      });
      await sleep(1);
      expect(retrieved.exception()).toBeInstanceOf(Error);
    });
    expect(reports).toEqual(["Task exception was never retrieved"]);
  });

  it("records createdAt/finishedAt in loop ms and tells observers", async () => {
    const events: string[] = [];
    const stop = observeTasks({
      created: (task, parent) => events.push(`+${task.getName()}<${parent?.getName() ?? "-"}`),
      done: (task) => events.push(`-${task.getName()}@${task.finishedAt}`),
    });
    try {
      await runVirtual(async () => {
        await sleep(5);
        const t = createTask(() => sleep(20), { name: "child" });
        await t;
        expect(t.createdAt).toBe(5);
        expect(t.finishedAt).toBe(25);
      }, {});
    } finally {
      stop();
    }
    expect(events.filter((e) => e.includes("child"))).toHaveLength(2);
    expect(events.some((e) => /^\+child<Task-\d+$/.test(e))).toBe(true);
    expect(events).toContain("-child@25");
  });
});
