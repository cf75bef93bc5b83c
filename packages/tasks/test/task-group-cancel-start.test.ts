// TaskGroup.cancel() follows asyncio 3.15 (`TaskGroup.cancel`, gh-108951); tg.start()
// follows trio's `nursery.start` (trio/_core/_tests/test_run.py::test_nursery_start).
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  CancelledError,
  ExceptionGroup,
  RuntimeError,
  createTask,
  currentTask,
  isFuture,
  sleep,
  taskGroup,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("TaskGroup.cancel()", () => {
  it("ends the children and the body without an error (asyncio 3.15)", async () => {
    await runVirtual(async () => {
      const cancelled: string[] = [];
      const child = (name: string) => async () => {
        try {
          await sleep(10_000);
        } catch (error) {
          cancelled.push(name);
          throw error;
        }
      };
      let bodyGotPast = false;
      const result = await taskGroup(async (tg) => {
        tg.createTask(child("a"));
        tg.createTask(child("b"));
        await sleep(100);
        tg.cancel();
        await sleep(1000);
        bodyGotPast = true;
        return "unreachable";
      });
      expect(result).toBeUndefined();
      // The type says so (trio's move_on: what the body never returned does not exist); it
      // used to claim `string`.
      expectTypeOf(result).toEqualTypeOf<string | undefined>();
      expect(bodyGotPast).toBe(false);
      expect(cancelled.sort()).toEqual(["a", "b"]);
      expect(now()).toBe(100);
      // The task that ran the group is not left cancelled.
      expect(currentTask()!.cancelling()).toBe(0);
      await sleep(1);
    });
  });

  it("from a child: the group ends quietly once every child is done", async () => {
    await runVirtual(async () => {
      let after = false;
      await taskGroup(async (tg) => {
        tg.createTask(() => sleep(10_000));
        tg.createTask(async () => {
          await sleep(50);
          tg.cancel();
        });
        await sleep(10_000);
        after = true;
      });
      expect(after).toBe(false);
      expect(now()).toBe(50);
    });
  });

  it("after the body finished, cancels the children still running", async () => {
    await runVirtual(async () => {
      const value = await taskGroup(async (tg) => {
        tg.createTask(() => sleep(10_000));
        tg.createTask(async () => {
          await sleep(20);
          tg.cancel();
        });
        return 7;
      });
      expect(value).toBe(7);
      expect(now()).toBe(20);
    });
  });

  it("an outside cancellation of the parent still propagates", async () => {
    await runVirtual(async () => {
      const outer = createTask(() =>
        taskGroup(async (tg) => {
          tg.createTask(() => sleep(10_000));
          await sleep(10_000);
        }),
      );
      await sleep(10);
      outer.cancel();
      await expect(outer).rejects.toThrow(CancelledError);
    });
  });

  it("children that failed before still raise their ExceptionGroup", async () => {
    await runVirtual(async () => {
      await expect(
        taskGroup(async (tg) => {
          tg.createTask(async () => {
            throw new Error("boom");
          });
          await sleep(0);
          await sleep(0);
          tg.cancel();
        }),
      ).rejects.toThrow(ExceptionGroup);
    });
  });
});

describe("TaskGroup.start()", () => {
  it("resolves with the value passed to started(); the child keeps running in the group", async () => {
    await runVirtual(async () => {
      const events: string[] = [];
      await taskGroup(async (tg) => {
        const port = tg.start<number>(async (started) => {
          await sleep(10);
          started(8080);
          await sleep(100);
          events.push(`server done at ${now()}`);
        });
        expect(isFuture(port)).toBe(true);
        expect(await port).toBe(8080);
        events.push(`started at ${now()}`);
      });
      expect(events).toEqual(["started at 10", "server done at 110"]);
    });
  });

  it("a child failing before started() raises in the caller, not in the group", async () => {
    await runVirtual(async () => {
      const result = await taskGroup(async (tg) => {
        await expect(
          tg.start(async () => {
            await sleep(5);
            throw new Error("could not bind");
          }),
        ).rejects.toThrow("could not bind");
        return "group unaffected";
      });
      expect(result).toBe("group unaffected");
    });
  });

  it("a child returning without calling started() is a RuntimeError", async () => {
    await runVirtual(async () => {
      await taskGroup(async (tg) => {
        await expect(tg.start(async () => "forgot")).rejects.toThrow(RuntimeError);
      });
    });
  });

  it("a child failing after started() fails the group like any child", async () => {
    await runVirtual(async () => {
      await expect(
        taskGroup(async (tg) => {
          await tg.start(async (started) => {
            started(undefined);
            await sleep(5);
            throw new Error("later");
          });
          await sleep(1000);
        }),
      ).rejects.toThrow(ExceptionGroup);
      expect(now()).toBe(5);
    });
  });

  it("cancelling the caller before started() cancels the child", async () => {
    await runVirtual(async () => {
      let childCancelled = false;
      await taskGroup(async (tg) => {
        const caller = createTask(() =>
          tg.start(async () => {
            try {
              await sleep(10_000);
            } catch (error) {
              childCancelled = error instanceof CancelledError;
              throw error;
            }
          }),
        );
        await sleep(10);
        caller.cancel();
        await expect(caller).rejects.toThrow(CancelledError);
      });
      await sleep(0);
      expect(childCancelled).toBe(true);
    });
  });

  it("started() twice is a RuntimeError", async () => {
    await runVirtual(async () => {
      await taskGroup(async (tg) => {
        let second: unknown;
        await tg.start<number>(async (started) => {
          started(1);
          try {
            started(2);
          } catch (error) {
            second = error;
          }
        });
        await sleep(0);
        expect(second).toBeInstanceOf(RuntimeError);
      });
    });
  });
});
