// explore()/replay() of @aiots/tasks/testing: a seeded permutation of each loop batch.
import { describe, expect, it } from "vitest";
import { ExploreFailure, explore, replay } from "@aiots/tasks/testing";
import { Condition, TimeoutError, createTask, gather, sleep } from "../src/index.js";
import { runVirtual } from "./helpers.js";

/**
 * The planted bug: the consumer checks for work, yields (as logging, a metric or any
 * await would), and only then waits on the condition. A notify that lands in between
 * finds no waiter and is lost: the consumer then waits forever.
 */
async function lostWakeUp(): Promise<number> {
  const cond = new Condition();
  let items = 0;
  const consumer = createTask(async () => {
    if (items === 0) {
      await sleep(0); // the window
      await cond.acquire();
      await cond.wait(); // BUG: should re-check `items` under the lock (waitFor)
      cond.release();
    }
    return items;
  });
  const producer = createTask(async () => {
    await sleep(0);
    await cond.acquire();
    items++;
    cond.notify();
    cond.release();
  });
  const [got] = await gather(consumer, producer);
  return got;
}

describe("explore", () => {
  it("the planted lost wake-up passes on the plain FIFO schedule", async () => {
    expect(await runVirtual(lostWakeUp)).toBe(1);
  });

  it("finds the planted lost wake-up within 1000 runs, and replay(seed) reproduces it", async () => {
    let failure: unknown;
    try {
      await explore(lostWakeUp, { runs: 1000, seed: 1 });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ExploreFailure);
    const { seed, run, cause } = failure as ExploreFailure;
    console.log(`explore found the lost wake-up at run ${run} (seed ${seed})`);
    expect(run).toBeLessThan(1000);
    expect(cause).toBeInstanceOf(TimeoutError);
    expect((failure as Error).message).toContain(`replay(main, ${seed})`);
    // Deterministic: the same seed fails the same way, every time.
    await expect(replay(lostWakeUp, seed)).rejects.toThrow(TimeoutError);
    await expect((failure as ExploreFailure).replay()).rejects.toThrow(TimeoutError);
  });

  it("passes a correct program on every schedule and reports the seeds it tried", async () => {
    const correct = async (): Promise<number> => {
      const cond = new Condition();
      let items = 0;
      const consumer = createTask(async () => {
        await sleep(0);
        await cond.acquire();
        await cond.waitFor(() => items > 0);
        cond.release();
        return items;
      });
      const producer = createTask(async () => {
        await sleep(0);
        await cond.acquire();
        items++;
        cond.notify();
        cond.release();
      });
      const [got] = await gather(consumer, producer);
      if (got !== 1) throw new Error(`got ${got}`);
      return got;
    };
    const result = await explore(correct, { runs: 200, seed: 7 });
    expect(result.runs).toBe(200);
    expect(result.seeds.slice(0, 3)).toEqual([7, 8, 9]);
  });

  it("the same seed gives the same schedule", async () => {
    const order = async (): Promise<string> => {
      const seen: string[] = [];
      await gather(
        ...["a", "b", "c", "d", "e"].map((name) =>
          createTask(async () => {
            await sleep(0);
            seen.push(name);
          }),
        ),
      );
      return seen.join("");
    };
    const first = await replay(order, 123);
    expect(await replay(order, 123)).toBe(first);
    const distinct = new Set<string>();
    for (let seed = 0; seed < 50; seed++) distinct.add(await replay(order, seed));
    expect(distinct.size).toBeGreaterThan(10);
  });

  it("rejects bad options naming them", async () => {
    await expect(explore(() => 1, { runs: 0 })).rejects.toThrow(
      new RangeError("Expected `runs` to be an integer from 1 and up, got `0` (number)"),
    );
    await expect(explore(() => 1, { seed: 1.5 })).rejects.toThrow(TypeError);
    await expect(explore(() => 1, { timeLimit: 0 })).rejects.toThrow(RangeError);
    await expect(explore("x" as never)).rejects.toThrow(TypeError);
  });
});
