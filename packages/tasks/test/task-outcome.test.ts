// How a Task's function ends the task: a synchronous throw, a returned Future (itself
// included), a task abandoned at a deadline whose function settles later; its repr while a
// cancellation is pending; and the step's end letting the next task run at once. asyncio
// 3.13's values (Lib/asyncio/tasks.py, base_tasks.py) where asyncio has the case.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  Future,
  RuntimeError,
  TimeoutError,
  createTask,
  gather,
  getRunningLoop,
  observeTasks,
  sleep,
  timeout,
  type Task,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

/** A foreign thenable (not a Promise) settled by hand; settling reports what it threw. */
function manualThenable(): {
  thenable: PromiseLike<string>;
  fulfil: (value: string) => void;
  reject: (error: unknown) => void;
} {
  let onFulfilled: ((value: string) => unknown) | null | undefined;
  let onRejected: ((error: unknown) => unknown) | null | undefined;
  return {
    thenable: {
      then(fulfilled, rejected) {
        onFulfilled = fulfilled;
        onRejected = rejected;
        return Promise.resolve() as never;
      },
    },
    fulfil: (value) => void onFulfilled?.(value),
    reject: (error) => void onRejected?.(error),
  };
}

describe("the outcome of a Task's function", () => {
  // asyncio: a coroutine raising in its first step makes the task's exception.
  it("a function that throws synchronously fails the task with that error", async () => {
    await runVirtual(async () => {
      const boom = new Error("sync boom");
      const task = createTask((): Promise<void> => {
        throw boom;
      });
      await expect(task).rejects.toBe(boom);
      expect(task.exception()).toBe(boom);
    });
  });

  // asyncio: "Task cannot await on itself", also when the function hands back the task.
  it("a function that returns its own task fails it with RuntimeError", async () => {
    await runVirtual(async () => {
      const holder: { task?: Task<unknown> } = {};
      holder.task = createTask(() => holder.task!);
      const error = await holder.task.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RuntimeError);
      expect((error as Error).message).toMatch(/^Task cannot await on itself: <Task /);
    });
  });

  // asyncio: RuntimeError("Task does not support set_result operation"); ours names the method.
  it("setResult()/setException() throw RuntimeError saying so", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(1));
      expect(() => task.setResult(undefined)).toThrow(
        new RuntimeError("Task does not support setResult()"),
      );
      expect(() => task.setException(new Error("x"))).toThrow(
        new RuntimeError("Task does not support setException()"),
      );
      await task;
    });
  });

  // base_tasks._task_repr_info: 'cancelling' while a request is pending and not done.
  it("shows `cancelling` in its repr while a request is pending, `cancelled` once done", async () => {
    await runVirtual(async () => {
      const task = createTask(() => sleep(1000), { name: "x" });
      await sleep(0);
      expect(String(task)).toBe("<Task pending name='x'>");
      task.cancel();
      expect(String(task)).toBe("<Task cancelling name='x'>");
      await expect(task).rejects.toThrow(CancelledError);
      expect(String(task)).toBe("<Task cancelled name='x'>");
    });
  });

  // The outer task awaits the body task: cancelling it cancels the body, whose cleanup runs
  // to its end before the deadline's TimeoutError (asyncio: the outer awaits the inner).
  it("a deadline waits for a body task's cleanup when the body was on a library await", async () => {
    await runVirtual(async () => {
      let cleanedUpAt: number | undefined;
      const body = createTask(async () => {
        try {
          await sleep(100);
        } finally {
          await sleep(5);
          cleanedUpAt = now();
        }
      });
      await expect(timeout(10, () => body)).rejects.toThrow(TimeoutError);
      expect(cleanedUpAt).toBe(15);
      expect(now()).toBe(15);
      expect(body.cancelled()).toBe(true);
    });
  });
});

describe("a body task abandoned at a deadline (blocked on something foreign)", () => {
  it("ends cancelled once; its function's later awaits and outcome change nothing", async () => {
    const done: string[] = [];
    const stop = observeTasks({ done: (task) => done.push(task.getName()) });
    try {
      await runVirtual(async () => {
        let release!: () => void;
        const foreign = new Promise<void>((resolve) => (release = resolve));
        const body: Task<unknown> = createTask(
          async () => {
            await foreign;
            await sleep(5);
            throw new CancelledError("late");
          },
          { name: "body" },
        );
        await expect(timeout(10, () => body)).rejects.toThrow(TimeoutError);
        expect(body.cancelled()).toBe(true);
        const finishedAt = body.finishedAt;
        release();
        await sleep(1);
        // Its function now sleeps: a done task is blocked on nothing.
        expect(body.awaiting()).toEqual([]);
        await sleep(10);
        expect(body.finishedAt).toBe(finishedAt);
        expect(body.cancelled()).toBe(true);
        // Awaiting it raises the cancellation that ended it, not the late one.
        const raised = await body.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(raised).toBeInstanceOf(CancelledError);
        expect((raised as Error).message).toBe("");
      });
    } finally {
      stop();
    }
    expect(done.filter((name) => name === "body")).toHaveLength(1);
  });

  it.each(["fulfils", "rejects"])(
    "ignores a foreign thenable target that %s after the abandonment",
    async (how) => {
      await runVirtual(async () => {
        const { thenable, fulfil, reject } = manualThenable();
        const body = createTask(() => thenable);
        await expect(timeout(10, () => body)).rejects.toThrow(TimeoutError);
        expect(body.cancelled()).toBe(true);
        // The thenable's own code calls back into the task: nothing is thrown at it.
        expect(() =>
          how === "fulfils" ? fulfil("late") : reject(new Error("late")),
        ).not.toThrow();
        expect(body.cancelled()).toBe(true);
      });
    },
  );
});

describe("the end of a step lets the next task run at once", () => {
  // The function returned a pending Future: the task is suspended on it, so the loop's
  // iteration goes on with the next task without waiting for a host macrotask.
  it("a task whose function returned a pending Future does not hold the loop", async () => {
    await runVirtual(async () => {
      const out: string[] = [];
      const fut = new Future<void>();
      const a = createTask(() => {
        setImmediate(() => out.push("host macrotask"));
        return fut;
      });
      const b = createTask(async () => {
        out.push("b");
      });
      await b;
      fut.setResult();
      await a;
      expect(out).toEqual(["b", "host macrotask"]);
    });
  });

  // The reaction to the function's promise is the step's last code: the next task starts
  // in it, not one microtask later (which code the ending function left queued would see).
  it.each(["returns", "throws"])(
    "a task whose function %s hands over to the next task in that same microtask",
    async (how) => {
      await runVirtual(async () => {
        const out: string[] = [];
        const a = createTask(async () => {
          queueMicrotask(() => queueMicrotask(() => out.push("a's microtask")));
          if (how === "throws") throw new Error("a failed");
          return "a";
        });
        const b = createTask(async () => {
          out.push("b");
        });
        await gather([a, b], { returnExceptions: true });
        expect(out).toEqual(["b", "a's microtask"]);
      });
    },
  );

  // A foreign thenable settles the task from its own code, which goes on after the call:
  // the next task's step does not run in the middle of it.
  it.each(["fulfils", "rejects"])(
    "a foreign thenable that %s its task finishes its own code before the next task runs",
    async (how) => {
      await runVirtual(async () => {
        const out: string[] = [];
        const thenable: PromiseLike<string> = {
          then(onFulfilled, onRejected) {
            queueMicrotask(() => {
              if (how === "fulfils") void onFulfilled?.("value");
              else void onRejected?.(new Error("failed"));
              out.push("thenable code after the call");
            });
            return Promise.resolve() as never;
          },
        };
        const a = createTask(() => thenable);
        const b = createTask(async () => {
          out.push("b");
        });
        await gather([a, b], { returnExceptions: true });
        expect(out).toEqual(["thenable code after the call", "b"]);
      });
    },
  );
});

describe("a Promise subclass as the function's outcome", () => {
  // Only a native promise's reaction runs in the task's context; a subclass's `then` may
  // call back from anywhere (here: a loop callback, outside the task), as a foreign thenable.
  it("settles the task when its then() calls back from outside the task", async () => {
    class LoopPromise<T> extends Promise<T> {
      override then<R1 = T, R2 = never>(
        onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
        onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
      ): Promise<R1 | R2> {
        getRunningLoop().callSoon(() => void super.then(onFulfilled, onRejected));
        return Promise.resolve() as Promise<R1 | R2>;
      }
    }
    await runVirtual(async () => {
      const task = createTask(() => LoopPromise.resolve("subclass"));
      expect(await task).toBe("subclass");
    });
  });
});
