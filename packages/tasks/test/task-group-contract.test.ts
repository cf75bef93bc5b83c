// TaskGroup's contract beyond the happy path: asyncio 3.13 taskgroups.py `_aexit` and
// `_on_task_done` (CPython Lib/test/test_asyncio/test_taskgroups.py), trio's `nursery.start`
// for tg.start(), and the arguments named in p-queue's shape.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  ExceptionGroup,
  RuntimeError,
  TaskGroup,
  createTask,
  currentTask,
  getRunningLoop,
  sleep,
  taskGroup,
  type Task,
} from "../src/index.js";
import { now, rejection, runVirtual } from "./helpers.js";

describe("TaskGroup contract", () => {
  it("raises asyncio's ExceptionGroup message, and the parent is not left cancelled by the group", async () => {
    await runVirtual(async () => {
      const error = await rejection(
        taskGroup(async (tg) => {
          tg.createTask(async () => {
            await sleep(1);
            throw new Error("first");
          });
          tg.createTask(async () => {
            try {
              await sleep(100);
            } catch {
              throw new Error("second, while cancelled");
            }
          });
          await sleep(1000);
        }),
      );
      expect(error).toBeInstanceOf(ExceptionGroup);
      expect((error as ExceptionGroup).message).toBe("unhandled errors in a TaskGroup");
      expect((error as ExceptionGroup).errors.map((e) => (e as Error).message)).toEqual([
        "first",
        "second, while cancelled",
      ]);
      // Both failures cancelled the body once between them, and the group took it back.
      expect(currentTask()!.cancelling()).toBe(0);
      await sleep(5);
      expect(now()).toBe(6);
    });
  });

  // test_taskgroup_cancel_parent_with_errors (3.13): errors win, the outside cancel stays pending
  it("an outside cancellation meeting child errors: ExceptionGroup, and the cancellation stays pending", async () => {
    await runVirtual(async () => {
      const steps: string[] = [];
      const parent = createTask(async () => {
        const error = await rejection(
          taskGroup(async (tg) => {
            tg.createTask(async () => {
              try {
                await sleep(100);
              } catch {
                throw new Error("cleanup failed");
              }
            });
            await sleep(100);
          }),
        );
        steps.push(error instanceof ExceptionGroup ? "ExceptionGroup" : String(error));
        try {
          await sleep(1);
          steps.push("not cancelled");
        } catch (e) {
          steps.push(e instanceof CancelledError ? "still cancelled" : String(e));
          throw e;
        }
      });
      await sleep(5);
      parent.cancel();
      await expect(parent).rejects.toThrow(CancelledError);
      expect(steps).toEqual(["ExceptionGroup", "still cancelled"]);
    });
  });

  it("a child may start a sibling while the group waits at its end", async () => {
    await runVirtual(async () => {
      const done: string[] = [];
      await taskGroup((tg) => {
        tg.createTask(async () => {
          await sleep(5);
          tg.createTask(async () => {
            await sleep(5);
            done.push("sibling");
          });
          done.push("first");
        });
      });
      expect(done).toEqual(["first", "sibling"]);
      expect(now()).toBe(10);
    });
  });

  it("passes the task options on: createTask's and start's names", async () => {
    await runVirtual(async () => {
      await taskGroup(async (tg) => {
        expect(tg.createTask(() => 1, { name: "answer" }).getName()).toBe("answer");
        const name = await tg.start<string>(
          (started) => {
            started(currentTask()!.getName());
          },
          { name: "server" },
        );
        expect(name).toBe("server");
      });
    });
  });

  // `async with TaskGroup()` whose body is cancelled: __aexit__ cancels the children
  it("await using: a parent cancelled in the body cancels the children at once", async () => {
    await runVirtual(async () => {
      let child: Task<void> | undefined;
      const parent = createTask(async () => {
        await using tg = new TaskGroup();
        child = tg.createTask(() => sleep(100));
        await sleep(10);
      });
      await sleep(5);
      parent.cancel();
      await expect(parent).rejects.toThrow(CancelledError);
      expect(child!.cancelled()).toBe(true);
      expect(now()).toBe(5);
    });
  });

  it("a child failing after its parent finished is reported to the loop's exception handler", async () => {
    const reports: string[] = [];
    await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => reports.push(context.message));
      const parent = createTask(
        () => {
          const tg = new TaskGroup(); // never awaited: the parent does not wait for it
          tg.createTask(
            async () => {
              await sleep(5);
              throw new Error("late");
            },
            { name: "late-child" },
          );
        },
        { name: "parent" },
      );
      await parent;
      await sleep(10);
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(
      /^Task <Task .*late-child.*> has errored out but its parent task <Task .*parent.*> is already completed$/,
    );
  });

  it("names what is wrong: body, options, start's fn, a parentless group, a finished group", async () => {
    await runVirtual(async () => {
      await expect(taskGroup("body" as never)).rejects.toThrow(
        new TypeError("Expected `body` to be a function, got `'body'` (string)"),
      );
      await expect(taskGroup(() => 1, "fast" as never)).rejects.toThrow(
        new TypeError("Expected `options` to be an object, got `'fast'` (string)"),
      );
      await expect(taskGroup(() => 1, null as never)).rejects.toThrow(
        new TypeError("Expected `options` to be an object, got `null` (null)"),
      );
      let saved: TaskGroup | undefined;
      await taskGroup(async (tg) => {
        saved = tg;
        expect(() => tg.start("go" as never)).toThrow(
          new TypeError("Expected `fn` to be a function, got `'go'` (string)"),
        );
      });
      expect(() => saved!.start(() => undefined)).toThrow(
        new RuntimeError("TaskGroup is finished"),
      );
    });
    await runVirtual(async () => {
      // In the loop but outside any task (a plain callback): asyncio's message.
      const loop = getRunningLoop();
      const outcome = loop.createFuture<unknown>();
      loop.callSoon(() => {
        try {
          outcome.setResult(new TaskGroup());
        } catch (error) {
          outcome.setResult(error);
        }
      });
      expect(await outcome).toEqual(new RuntimeError("TaskGroup cannot determine the parent task"));
    });
  });
});

describe("TaskGroup.start() contract", () => {
  it("refuses a start while the group shuts down", async () => {
    await runVirtual(async () => {
      let refusal: unknown = "start was not refused";
      await rejection(
        taskGroup(async (tg) => {
          tg.createTask(async () => {
            throw new Error("x");
          });
          try {
            await sleep(10);
          } catch (error) {
            try {
              void tg.start(() => undefined);
            } catch (refused) {
              refusal = refused;
            }
            throw error;
          }
        }),
      );
      expect(refusal).toEqual(new RuntimeError("TaskGroup is shutting down"));
    });
  });

  it("once started, cancelling the returned Future returns false and leaves the child running in the group", async () => {
    await runVirtual(async () => {
      let finished = false;
      await taskGroup(async (tg) => {
        const starting = tg.start<number>(async (started) => {
          started(7);
          await sleep(10);
          finished = true;
        });
        expect(await starting).toBe(7);
        expect(starting.cancel()).toBe(false);
      });
      expect(finished).toBe(true);
      expect(now()).toBe(10);
    });
  });

  it("a started child's end reports nothing to the loop", async () => {
    const reports: string[] = [];
    await runVirtual(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => reports.push(context.message));
      await taskGroup(async (tg) => {
        await tg.start(async (started) => {
          started(undefined);
          await sleep(5);
        });
      });
    });
    expect(reports).toEqual([]);
  });

  it("a child cancelled before started() cancels the start; returning without it names the fault", async () => {
    await runVirtual(async () => {
      await taskGroup(async (tg) => {
        await expect(
          tg.start(async () => {
            throw new CancelledError("gave up");
          }),
        ).rejects.toThrow(CancelledError);
        await expect(tg.start(async () => "forgot")).rejects.toThrow(
          new RuntimeError("the child returned without calling started()"),
        );
      });
    });
  });

  it("a child whose start was abandoned may still call started(): it is not adopted", async () => {
    await runVirtual(async () => {
      const outcome = await taskGroup(async (tg) => {
        const caller = createTask(() =>
          tg.start<number>(async (started) => {
            try {
              await sleep(100);
            } catch {
              started(1); // too late: the caller gave up
            }
          }),
        );
        await sleep(1);
        caller.cancel();
        await expect(caller).rejects.toThrow(CancelledError);
        await sleep(1);
        return "group unaffected";
      });
      expect(outcome).toBe("group unaffected");
    });
  });

  it("started() twice names the fault", async () => {
    await runVirtual(async () => {
      let second: unknown = "not refused";
      await taskGroup(async (tg) => {
        await tg.start<number>((started) => {
          started(1);
          try {
            started(2);
          } catch (error) {
            second = error;
          }
        });
      });
      expect(second).toEqual(new RuntimeError("started() was already called"));
    });
  });
});
