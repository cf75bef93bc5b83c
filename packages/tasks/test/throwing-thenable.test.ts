// A thenable whose then() throws: `await` rejects with that error (ECMAScript's
// PromiseResolveThenableJob), so a task, gather and waitFor given one fail with it. Found by
// the #18 mutation work: a task whose function returned such a thenable stayed pending for
// ever and run() never returned.
import { describe, expect, it } from "vitest";
import { createTask, gather, waitFor } from "../src/index.js";
import { runVirtual } from "./helpers.js";

const broken = (): PromiseLike<number> => ({
  then() {
    throw new Error("then() broke");
  },
});

// Settles first, then throws: the value stands, as with `await`.
const settledThenThrows = (): PromiseLike<number> => ({
  then(onFulfilled) {
    onFulfilled?.(7);
    throw new Error("too late");
  },
});

describe("a thenable whose then() throws", () => {
  it("fails the task whose function returned it, with that error", async () => {
    const outcome = await runVirtual(async () => {
      const task = createTask(() => broken());
      await task.then(
        () => undefined,
        () => undefined,
      );
      return [task.done(), (task.exception() as Error).message];
    });
    expect(outcome).toEqual([true, "then() broke"]);
  });

  it("fails a task given it directly, gather and waitFor with that error", async () => {
    const messages = await runVirtual(async () => {
      const results = await gather(
        [createTask(broken()), gather(broken()), waitFor(broken(), 1000)],
        { returnExceptions: true },
      );
      return results.map((result) => (result as Error).message);
    });
    expect(messages).toEqual(["then() broke", "then() broke", "then() broke"]);
  });

  it("keeps the value of one that settled before throwing, as await does", async () => {
    const values = await runVirtual(async () => {
      const viaAwait = await settledThenThrows();
      return [
        viaAwait,
        await createTask(() => settledThenThrows()),
        await gather(settledThenThrows()),
      ];
    });
    expect(values).toEqual([7, 7, [7]]);
  });
});
