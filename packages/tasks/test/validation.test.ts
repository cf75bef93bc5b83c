// Bad input: clear TypeError/RangeError/RuntimeError naming the argument, nothing half-done.
// (asyncio raises TypeError/ValueError/RuntimeError; ValueError maps to RangeError.)
import { describe, expect, it } from "vitest";
import {
  Lock,
  RuntimeError,
  Semaphore,
  allTasks,
  createTask,
  gather,
  sleep,
  waitFor,
  wait,
  observeTasks,
} from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("validation", () => {
  it("gather rejects non-awaitables before starting anything", async () => {
    await runVirtual(async () => {
      const before = allTasks().size;
      const fn = async () => 1;
      expect(() => gather(sleep(1), 42 as never)).toThrow(
        "Expected `awaitables[1]` to be an awaitable (Future, Task, Coroutine or Promise), got `42` (number)",
      );
      expect(() => gather(fn as never)).toThrow(/got `\[Function fn\]` \(function\)/);
      expect(() => gather([sleep(1)], { returnExceptions: "yes" } as never)).toThrow(TypeError);
      expect(allTasks().size).toBe(before);
    });
  });

  it("wait rejects non-futures", async () => {
    await runVirtual(async () => {
      await expect(wait(null as never)).rejects.toThrow(TypeError);
      await expect(wait([1] as never)).rejects.toThrow(TypeError);
    });
  });

  it("sleep and waitFor reject negative, NaN and non-number delays", async () => {
    await runVirtual(async () => {
      expect(() => sleep(-1)).toThrow("Expected `ms` to be a number >= 0, got `-1` (number)");
      expect(() => sleep(Number.NaN)).toThrow(RangeError);
      expect(() => sleep("10" as never)).toThrow(TypeError);
      await expect(waitFor(sleep(1), -5)).rejects.toThrow(RangeError);
      await expect(waitFor(sleep(1), Number.NaN)).rejects.toThrow(RangeError);
      await expect(waitFor(5 as never, 10)).rejects.toThrow(TypeError);
    });
  });

  it("createTask rejects a non-function non-awaitable and a bad name", async () => {
    await runVirtual(async () => {
      const before = allTasks().size;
      expect(() => createTask(5 as never)).toThrow(
        new TypeError(
          "Expected `target` to be a function, a Coroutine or an awaitable, got `5` (number)",
        ),
      );
      expect(() => createTask(async () => 1, { name: 5 as never })).toThrow(
        new TypeError("Expected `name` to be a string, got `5` (number)"),
      );
      expect(allTasks().size).toBe(before);
      // setName() checks its argument as the constructor does, and keeps the old name.
      const task = createTask(async () => 1, { name: "kept" });
      expect(() => task.setName(5 as never)).toThrow(
        new TypeError("Expected `name` to be a string, got `5` (number)"),
      );
      expect(task.getName()).toBe("kept");
      await task;
      expect(() => observeTasks(null as never)).toThrow(TypeError);
    });
  });

  it("locks: negative semaphore, releasing an unlocked lock", () => {
    expect(() => new Semaphore(-1)).toThrow(
      "Expected `value` to be an integer >= 0, got `-1` (number)",
    );
    expect(() => new Lock().release()).toThrow(RuntimeError);
  });

  it("createTask outside a loop is a RuntimeError", () => {
    expect(() => createTask(async () => 1)).toThrow(RuntimeError);
    expect(() => sleep(1)).toThrow(/no running event loop/);
  });
});
