// Eager start (asyncio 3.12 `Task(..., eager_start=True)`, `eager_task_factory`; 3.14
// `create_task(eager_start=True)`): the first step runs inside createTask. Expected values
// printed by CPython 3.13.
import { describe, expect, it } from "vitest";
import {
  Task,
  createTask,
  eagerTaskFactory,
  gather,
  getTaskFactory,
  setTaskFactory,
  sleep,
} from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("eager start", () => {
  it("runs the first step inside createTask, until the first await", async () => {
    const out = await runVirtual(async () => {
      const out: string[] = [];
      const task = createTask(
        async () => {
          out.push("eager start");
          await sleep(0);
          out.push("eager end");
        },
        { eagerStart: true },
      );
      out.push("after create");
      await task;
      return out;
    });
    expect(out.join(" | ")).toBe("eager start | after create | eager end");
  });

  it("finishes at once a task whose function returns without awaiting", async () => {
    const [done, value] = await runVirtual(() => {
      const task = new Task(() => 42, { eagerStart: true });
      return [task.done(), task.result()];
    });
    expect([done, value]).toEqual([true, 42]); // asyncio: done at once: True 42
  });

  it("makes every createTask eager with the loop's eagerTaskFactory", async () => {
    const out = await runVirtual(async () => {
      const out: string[] = [];
      const child = async (name: string): Promise<string> => {
        out.push(`${name} start`);
        await sleep(0);
        out.push(`${name} end`);
        return name;
      };
      expect(getTaskFactory()).toBeNull();
      setTaskFactory(eagerTaskFactory);
      expect(getTaskFactory()).toBe(eagerTaskFactory);
      const a = createTask(() => child("a"));
      out.push("created a");
      const b = createTask(() => child("b"));
      out.push("created b");
      await gather(a, b);
      setTaskFactory(null);
      return out;
    });
    expect(out.join(" | ")).toBe("a start | created a | b start | created b | a end | b end");
  });

  it("stays lazy by default, as asyncio's create_task", async () => {
    const out = await runVirtual(async () => {
      const out: string[] = [];
      const task = createTask(async () => {
        out.push("child");
      });
      out.push("after create");
      await task;
      return out;
    });
    expect(out).toEqual(["after create", "child"]);
  });

  it("rejects a non-boolean eagerStart and a non-function factory", async () => {
    await runVirtual(() => {
      expect(() => createTask(async () => {}, { eagerStart: 1 as unknown as boolean })).toThrow(
        "Expected `eagerStart` to be a boolean, got `1` (number)",
      );
      expect(() => setTaskFactory(5 as unknown as null)).toThrow(TypeError);
    });
  });
});
