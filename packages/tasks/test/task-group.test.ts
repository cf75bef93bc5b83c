// Mirrors CPython Lib/test/test_asyncio/test_taskgroups.py.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  ExceptionGroup,
  RuntimeError,
  TaskGroup,
  createTask,
  currentTask,
  sleep,
  taskGroup,
  type Task,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("TaskGroup", () => {
  // test_taskgroup_01: waits for every child.
  it("waits for every task it started", async () => {
    await runVirtual(async () => {
      const tasks = await taskGroup(
        async (tg) =>
          [tg.createTask(() => sleep(10, 1)), tg.createTask(() => sleep(30, 2))] as const,
      );
      if (tasks === undefined) throw new Error("nobody cancelled the group");
      const [a, b] = tasks;
      expect(a.result() + b.result()).toBe(3);
      expect(now()).toBe(30);
    });
  });

  // test_taskgroup_03/06/07: the first failure cancels the siblings and the body; ExceptionGroup.
  it("cancels siblings and the body on the first failure and raises an ExceptionGroup", async () => {
    await runVirtual(async () => {
      let sibling: Task<unknown> | undefined;
      let bodyCancelled = false;
      const error = await taskGroup(async (tg) => {
        sibling = tg.createTask(() => sleep(1000));
        tg.createTask(async () => {
          await sleep(10);
          throw new Error("child failed");
        });
        try {
          await sleep(500);
        } catch (e) {
          bodyCancelled = e instanceof CancelledError;
          throw e;
        }
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect(error).toBeInstanceOf(AggregateError);
      expect((error as ExceptionGroup).errors.map((e) => (e as Error).message)).toEqual([
        "child failed",
      ]);
      expect(sibling!.cancelled()).toBe(true);
      expect(bodyCancelled).toBe(true);
      expect(now()).toBe(10);
      // The group took its own cancellation of the parent back.
      expect(currentTask()!.cancelling()).toBe(0);
    });
  });

  it("groups every failure of children failing together", async () => {
    await runVirtual(async () => {
      const error = (await taskGroup(async (tg) => {
        tg.createTask(async () => {
          await sleep(5);
          throw new Error("a");
        });
        tg.createTask(async () => {
          await sleep(5);
          throw new Error("b");
        });
      }).catch((e: unknown) => e)) as ExceptionGroup;
      expect(error.errors.map((e) => (e as Error).message).sort()).toEqual(["a", "b"]);
      expect(error.exceptions).toBe(error.errors);
    });
  });

  // test_taskgroup_08 / test_taskgroup_body_error: a body error cancels the children and joins the group.
  it("cancels the children when the body throws and puts the body's error in the group", async () => {
    await runVirtual(async () => {
      let child: Task<unknown> | undefined;
      const error = (await taskGroup(async (tg) => {
        child = tg.createTask(() => sleep(1000));
        await sleep(1);
        throw new Error("body");
      }).catch((e: unknown) => e)) as ExceptionGroup;
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect((error.errors[0] as Error).message).toBe("body");
      expect(child!.cancelled()).toBe(true);
    });
  });

  // test_taskgroup_14/test_cancel_parent: the parent is cancelled from outside → children cancelled,
  // CancelledError propagates (not an ExceptionGroup).
  it("cancels the children and propagates CancelledError when the parent task is cancelled", async () => {
    await runVirtual(async () => {
      const cleaned: string[] = [];
      let children: Task<unknown>[] = [];
      const parent = createTask(() =>
        taskGroup(async (tg) => {
          children = [1, 2].map((n) =>
            tg.createTask(async () => {
              try {
                await sleep(1000);
              } finally {
                await sleep(5);
                cleaned.push(`child ${n}`);
              }
            }),
          );
          await sleep(2000);
        }),
      );
      await sleep(10);
      parent.cancel();
      await expect(parent).rejects.toThrow(CancelledError);
      expect(parent.cancelled()).toBe(true);
      expect(children.every((c) => c.cancelled())).toBe(true);
      expect(cleaned.sort()).toEqual(["child 1", "child 2"]);
      expect(now()).toBe(15);
    });
  });

  // test_taskgroup_cancel_while_exiting: parent cancelled while the group waits for children at exit.
  it("cancels the children when the parent is cancelled while the group waits at exit", async () => {
    await runVirtual(async () => {
      let child: Task<unknown> | undefined;
      const parent = createTask(() =>
        taskGroup((tg) => {
          child = tg.createTask(() => sleep(1000));
        }),
      );
      await sleep(10);
      parent.cancel();
      await expect(parent).rejects.toThrow(CancelledError);
      expect(child!.cancelled()).toBe(true);
    });
  });

  // test_taskgroup_21-ish: no new tasks once finished or shutting down.
  it("refuses createTask after it finished or while shutting down", async () => {
    await runVirtual(async () => {
      let saved: TaskGroup | undefined;
      await taskGroup((tg) => {
        saved = tg;
      });
      expect(() => saved!.createTask(() => sleep(1))).toThrow("TaskGroup is finished");
      // The refusal is captured, not asserted inside the catch: an assertion there would be
      // swallowed with the body's CancelledError, and the test could not fail.
      let refusal: unknown = "createTask was not refused";
      let bodyCancelled = false;
      const outcome = await taskGroup(async (tg) => {
        tg.createTask(async () => {
          throw new Error("x");
        });
        try {
          await sleep(10);
        } catch (error) {
          bodyCancelled = error instanceof CancelledError;
          try {
            tg.createTask(() => sleep(1));
          } catch (refused) {
            refusal = refused;
          }
          throw error;
        }
      }).catch((e: unknown) => e);
      expect(bodyCancelled).toBe(true);
      expect(refusal).toBeInstanceOf(RuntimeError);
      expect((refusal as Error).message).toBe("TaskGroup is shutting down");
      expect(outcome).toBeInstanceOf(ExceptionGroup);
      expect((outcome as ExceptionGroup).errors.map((e) => (e as Error).message)).toEqual(["x"]);
    });
  });

  it("works with await using", async () => {
    await runVirtual(async () => {
      const results: number[] = [];
      {
        await using tg = new TaskGroup();
        tg.createTask(async () => {
          await sleep(10);
          results.push(1);
        });
        tg.createTask(async () => {
          await sleep(20);
          results.push(2);
        });
      }
      expect(results).toEqual([1, 2]);
      expect(now()).toBe(20);
    });
  });

  it("needs a current task", async () => {
    expect(() => new TaskGroup()).toThrow(RuntimeError);
    await expect(taskGroup(5 as never)).rejects.toThrow(TypeError);
  });
});
