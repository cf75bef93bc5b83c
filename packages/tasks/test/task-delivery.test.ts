// Where and with what message a Task's pending cancellation reaches its function: at the
// next await that really suspends, as asyncio's Task.__step throws it (values printed by
// CPython 3.13 for the same programs).
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  Future,
  createTask,
  currentTask,
  getRunningLoop,
  openChannel,
  sleep,
  taskGroup,
  type Task,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

/** A Future that refuses cancel(), as a user's subclass may. */
class Stubborn<T> extends Future<T> {
  override cancel(): boolean {
    return false;
  }
}

describe("a pending cancellation reaches the function", () => {
  // asyncio: fut done, then task.cancel("late") before the task resumed: the await raises
  // CancelledError('late') (CancelledError() with no message).
  it.each([
    ["late", "late"],
    [undefined, ""],
  ])(
    "at the await whose future completed before cancel(%s), with message %j",
    async (msg, message) => {
      await runVirtual(async () => {
        const fut = new Future<number>();
        let caught: unknown;
        const task = createTask(async () => {
          try {
            await fut;
          } catch (error) {
            caught = error;
          }
          return "carried on";
        });
        await sleep(0);
        fut.setResult(1);
        task.cancel(msg);
        expect(await task).toBe("carried on");
        expect(caught).toBeInstanceOf(CancelledError);
        expect((caught as Error).message).toBe(message);
      });
    },
  );

  // asyncio: a task that cancels itself right after an await resumed (with a value or an
  // error) gets the CancelledError at its next await.
  it.each(["a value", "an error"])(
    "at the next await when the task cancels itself right after an await gave %s",
    async (outcome) => {
      await runVirtual(async () => {
        const fut = new Future<number>();
        getRunningLoop().callLater(1, () => {
          if (outcome === "a value") fut.setResult(1);
          else fut.setException(new Error("boom"));
        });
        const task = createTask(async () => {
          try {
            await fut;
          } catch {
            // the error is handled; the task goes on
          }
          currentTask()!.cancel("self");
          try {
            await sleep(1);
          } catch (error) {
            return `raised ${(error as Error).message}`;
          }
          return "not raised";
        });
        expect(await task).toBe("raised self");
      });
    },
  );

  // asyncio's Future.__await__: a done future does not suspend, so its await is no place
  // for a cancellation; the next real suspension is. CPython: (7, 'raised', ('pending',)).
  it("not at the await of a done future, but at the next await that suspends", async () => {
    await runVirtual(async () => {
      const task = createTask(async () => {
        const done = new Future<number>();
        done.setResult(7);
        currentTask()!.cancel("pending");
        const value = await done;
        try {
          await sleep(1);
        } catch (error) {
          return [value, "raised", (error as Error).message];
        }
        return [value, "not raised"];
      });
      expect(await task).toEqual([7, "raised", "pending"]);
    });
  });

  // A Future whose cancel() refuses: the await still raises the task's CancelledError
  // (asyncio keeps _must_cancel and throws it at the next step: ('cancelled', ('x',))).
  it.each([
    ["x", "x"],
    [undefined, ""],
  ])(
    "at the await of a future that refuses cancel(), cancel(%s) gives message %j",
    async (msg, message) => {
      await runVirtual(async () => {
        const stubborn = new Stubborn<number>();
        getRunningLoop().callLater(5, () => stubborn.setResult(3));
        const task = createTask(async () => {
          currentTask()!.cancel(msg);
          try {
            return await stubborn;
          } catch (error) {
            return error;
          }
        });
        const outcome = await task;
        expect(outcome).toBeInstanceOf(CancelledError);
        expect((outcome as Error).message).toBe(message);
      });
    },
  );

  // trio's checkpoint_if_cancelled, for channels: a receive in a task with a pending
  // cancellation raises it (its message kept) and does nothing; it is delivered once.
  it.each([
    ["bye", "bye"],
    [undefined, ""],
  ])(
    "once, at a channel receive: cancel(%s) gives message %j, the next await runs",
    async (msg, message) => {
      await runVirtual(async () => {
        const [tx, rx] = openChannel<number>(1);
        tx.sendNowait(1);
        const task = createTask(async () => {
          currentTask()!.cancel(msg);
          let caught: unknown;
          try {
            await rx.receive();
          } catch (error) {
            caught = error;
          }
          await sleep(1);
          return [caught, rx.receiveNowait()];
        });
        const [caught, left] = (await task) as [Error, number];
        expect(caught).toBeInstanceOf(CancelledError);
        expect(caught.message).toBe(message);
        expect(left).toBe(1); // the refused receive took nothing
        expect(now()).toBe(1);
      });
    },
  );

  it("aborts task.signal with a CancelledError whose message is the cancel() message or empty", async () => {
    await runVirtual(async () => {
      const plain = createTask(() => sleep(10));
      const named = createTask(() => sleep(10));
      const plainSignal = plain.signal;
      const namedSignal = named.signal;
      await sleep(1);
      plain.cancel();
      named.cancel("why");
      expect((plainSignal.reason as Error).message).toBe("");
      expect((namedSignal.reason as Error).message).toBe("why");
      await expect(plain).rejects.toThrow(CancelledError);
      await expect(named).rejects.toThrow("why");
    });
  });

  // asyncio's TaskGroup._aexit: a cancel() that arrives while the group unwinds, before its
  // exit raises, is thrown into the exit's wait and absorbed there: the parent gets one
  // CancelledError (the first request's), its cleanup runs. One that arrives after the group
  // raised is delivered at the cleanup's await. CPython 3.13, the same program with
  // call_soon hops: 0-2 hops "cleanup done", 3 and more "cleanup raised ('second',)".
  it.each([0, 1, 2, 3, 4])(
    "a second cancel() during a TaskGroup's exit is one delivery with the first (%i hops late)",
    async (hops) => {
      const steps: string[] = [];
      await runVirtual(async () => {
        const loop = getRunningLoop();
        const later = (n: number, fn: () => void): void => {
          if (n === 0) fn();
          else loop.callSoon(() => later(n - 1, fn));
        };
        const parent: Task<unknown> = createTask(async () => {
          try {
            await taskGroup(async (tg) => {
              tg.createTask(async () => {
                try {
                  await sleep(100);
                } finally {
                  // From a microtask: between a resumed await and the code after it.
                  later(hops, () => queueMicrotask(() => void parent.cancel("second")));
                  later(hops, () => queueMicrotask(() => steps.push("second cancel")));
                }
              });
              await sleep(100);
            });
          } catch (error) {
            steps.push(`group raised ${(error as Error).message}`);
          }
          try {
            await sleep(1);
            steps.push("cleanup done");
          } catch (error) {
            steps.push(`cleanup raised ${(error as Error).message}`);
          }
        });
        await sleep(1);
        parent.cancel("first");
        await parent;
        expect(parent.cancelling()).toBe(2);
      });
      const before = steps.indexOf("second cancel") < steps.indexOf("group raised first");
      expect(steps).toEqual(
        before
          ? ["second cancel", "group raised first", "cleanup done"]
          : ["group raised first", "second cancel", "cleanup raised second"],
      );
    },
  );
});
