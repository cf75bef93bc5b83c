// Mirrors CPython's coroutine-object behaviour (Lib/test/test_coroutines.py,
// test_asyncio/test_pep492.py) and the "was never awaited" RuntimeWarning.
import { describe, expect, it } from "vitest";
import {
  RuntimeError,
  coroutine,
  createTask,
  gather,
  getRunningLoop,
  sleep,
} from "../src/index.js";
import { collectGarbage, now, runVirtual } from "./helpers.js";

describe("coroutine", () => {
  it("returns a lazy Coroutine that runs nothing until awaited (the article's coro = hello())", async () => {
    const printed: string[] = [];
    const hello = coroutine(async function hello() {
      printed.push("hello");
      await sleep(1000);
      printed.push("world");
    });
    await runVirtual(async () => {
      const coro = hello();
      await sleep(10);
      expect(printed).toEqual([]);
      expect(coro.started()).toBe(false);
      await coro;
      expect(printed).toEqual(["hello", "world"]);
      expect(now()).toBe(1010);
    });
  });

  it("runs inline in the awaiting task and is wrapped into a task by createTask/gather", async () => {
    const add = coroutine(async (a: number, b: number) => {
      await sleep(10);
      return a + b;
    });
    await runVirtual(async () => {
      expect(await add(1, 2)).toBe(3);
      const task = createTask(add(2, 3));
      expect(await task).toBe(5);
      expect(await gather(add(1, 1), add(2, 2))).toEqual([2, 4]);
      expect(now()).toBe(30);
    });
  });

  // CPython: "cannot reuse already awaited coroutine".
  it("refuses to be scheduled twice", async () => {
    const job = coroutine(async () => 1);
    await runVirtual(async () => {
      const coro = job();
      await coro;
      expect(() => createTask(coro)).toThrow(RuntimeError);
      expect(await coro).toBe(1); // awaiting again gives the same result
    });
  });

  // CPython RuntimeWarning "coroutine 'hello' was never awaited" (reported in debug mode).
  it("reports a never-awaited coroutine in debug mode once it is garbage-collected", async () => {
    const reports: string[] = [];
    const hello = coroutine(async function hello() {});
    await runVirtual(
      async () => {
        getRunningLoop().setExceptionHandler((_loop, context) => reports.push(context.message));
        (() => {
          hello(); // dropped
        })();
        await collectGarbage();
        await sleep(1);
      },
      { debug: true },
    );
    expect(reports).toContain("coroutine 'hello' was never awaited");
  });
});
