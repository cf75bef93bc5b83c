// Issue 11, item 7: `wait` and `asCompleted` take tasks/futures of different result types
// together (TS2345 before) and keep the element types. Checked by `pnpm typecheck` (tsc
// over test/) and at run time.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  Future,
  Task,
  asCompleted,
  createTask,
  getRunningLoop,
  sleep,
  wait,
  type WaitResult,
} from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("mixed result types", () => {
  it("wait() accepts tasks of different types and keeps them in done/pending", async () => {
    await runVirtual(async () => {
      const count = createTask(async () => {
        await sleep(10);
        return 1;
      });
      const label = createTask(async () => {
        await sleep(20);
        return "one";
      });
      const future = getRunningLoop().createFuture<boolean>();
      future.setResult(true);
      const result = await wait([count, label, future]);
      expectTypeOf(result).toEqualTypeOf<
        WaitResult<Task<number> | Task<string> | Future<boolean>>
      >();
      expectTypeOf(result.done).toEqualTypeOf<Set<Task<number> | Task<string> | Future<boolean>>>();
      expect(result.done.size).toBe(3);
      const tasks: Set<Task<number> | Task<string>> = new Set([count, label]);
      const { pending } = await wait(tasks, { timeout: 0 });
      expectTypeOf(pending).toEqualTypeOf<Set<Task<number> | Task<string>>>();
    });
  });

  it("asCompleted() accepts awaitables of different types and yields their union", async () => {
    await runVirtual(async () => {
      const count = createTask(async () => {
        await sleep(20);
        return 1;
      });
      const label = createTask(async () => {
        await sleep(10);
        return "one";
      });
      const seen: (number | string)[] = [];
      for await (const done of asCompleted([count, label, Promise.resolve(true)])) {
        expectTypeOf(done).toEqualTypeOf<Future<number | string | boolean>>();
        const value = done.result();
        if (typeof value !== "boolean") seen.push(value);
      }
      expect(seen).toEqual(["one", 1]);
      for (const next of asCompleted([count, label])) {
        expectTypeOf(next).toEqualTypeOf<Future<number | string>>();
        await next;
      }
    });
  });
});
