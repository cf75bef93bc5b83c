// map/forEach follow p-map (sindresorhus/p-map test.js: "concurrency: 4", "immediately
// rejects when stopOnError is true", "asyncIterator", "abort by AbortController") and
// asyncio's gather for `returnExceptions`.
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  createTask,
  currentTask,
  forEach,
  isFuture,
  map,
  sleep,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("map", () => {
  it("keeps at most `concurrency` calls running and returns results in input order", async () => {
    await runVirtual(async () => {
      let active = 0;
      let peak = 0;
      const delays = [30, 10, 20, 10, 40, 10];
      const results = await map(
        delays,
        async (ms, index) => {
          peak = Math.max(peak, ++active);
          await sleep(ms);
          active--;
          return `${index}:${ms}`;
        },
        { concurrency: 2 },
      );
      expect(results).toEqual(["0:30", "1:10", "2:20", "3:10", "4:40", "5:10"]);
      expect(peak).toBe(2);
      // Two lanes: [30, 20(starts 30 ms)...]: 10→20→10 in one, 30→... in the other.
      expect(now()).toBe(70);
    });
  });

  it("returns a Future; an empty input resolves to []", async () => {
    await runVirtual(async () => {
      const future = map([1], (x) => x);
      expect(isFuture(future)).toBe(true);
      expect(await future).toEqual([1]);
      expect(await map([], (x) => x)).toEqual([]);
    });
  });

  it("the first error cancels the running calls, pulls nothing more, and rejects with it", async () => {
    await runVirtual(async () => {
      const started: number[] = [];
      const cancelled: number[] = [];
      const outcome = map(
        [1, 2, 3, 4, 5],
        async (n) => {
          started.push(n);
          try {
            await sleep(n === 2 ? 10 : 100);
          } catch (error) {
            if (error instanceof CancelledError) cancelled.push(n);
            throw error;
          }
          if (n === 2) throw new Error("two failed");
          return n;
        },
        { concurrency: 3 },
      );
      await expect(outcome).rejects.toThrow("two failed");
      expect(started).toEqual([1, 2, 3]);
      expect(cancelled).toEqual([1, 3]);
      expect(now()).toBe(10);
    });
  });

  it("returnExceptions puts errors in place of results and carries on (asyncio gather)", async () => {
    const results = await runVirtual(() =>
      map(
        [1, 2, 3],
        (n) => {
          if (n === 2) throw new Error("bad");
          return sleep(n, n * 10);
        },
        { concurrency: 2, returnExceptions: true },
      ),
    );
    expect(results[0]).toBe(10);
    expect(results[1]).toBeInstanceOf(Error);
    expect(results[2]).toBe(30);
  });

  it("pulls lazily from an endless iterable: only as many items as calls started", async () => {
    await runVirtual(async () => {
      let pulled = 0;
      let closed = false;
      function* naturals(): Generator<number> {
        try {
          for (let i = 0; ; i++) {
            pulled++;
            yield i;
          }
        } finally {
          closed = true;
        }
      }
      const outcome = map(
        naturals(),
        async (n) => {
          await sleep(10);
          if (n === 5) throw new Error("stop at 5");
          return n;
        },
        { concurrency: 3 },
      );
      await expect(outcome).rejects.toThrow("stop at 5");
      // Items 0..5 started (two lanes of three), plus the ones pulled by the lanes ahead.
      expect(pulled).toBeLessThanOrEqual(8);
      expect(closed).toBe(true);
    });
  });

  it("takes async iterables, pulling one next() at a time, results in input order", async () => {
    await runVirtual(async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const source: AsyncIterable<number> = {
        [Symbol.asyncIterator]() {
          let i = 0;
          return {
            async next() {
              maxInFlight = Math.max(maxInFlight, ++inFlight);
              await sleep(1);
              inFlight--;
              return i < 5 ? { value: i++, done: false } : { value: undefined, done: true };
            },
          };
        },
      };
      const results = await map(source, (n) => sleep(10 - n * 2, n * n), { concurrency: 3 });
      expect(results).toEqual([0, 1, 4, 9, 16]);
      expect(maxInFlight).toBe(1);
    });
  });

  it("streams 1M items from a generator with bounded memory for the items (forEach)", async () => {
    await runVirtual(async () => {
      let count = 0;
      function* many(): Generator<{ payload: number[] }> {
        for (let i = 0; i < 1_000_000; i++) yield { payload: [i] };
      }
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      await forEach(
        many(),
        async (item) => {
          count += item.payload.length;
          if (count % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
        },
        { concurrency: 100 },
      );
      expect(count).toBe(1_000_000);
      // 1M payload objects would be ~60 MB; only ~100 are alive at a time.
      expect(peak - before).toBeLessThan(40 * 1024 * 1024);
    });
  }, 60_000);

  it("aborting the signal cancels the running calls and rejects with signal.reason (p-map)", async () => {
    await runVirtual(async () => {
      const controller = new AbortController();
      const cancelled: number[] = [];
      const outcome = map(
        [1, 2, 3, 4],
        async (n) => {
          try {
            await sleep(100);
          } catch (error) {
            cancelled.push(n);
            throw error;
          }
          return n;
        },
        { concurrency: 2, signal: controller.signal },
      );
      await sleep(50);
      controller.abort(new Error("user gave up"));
      await expect(outcome).rejects.toThrow("user gave up");
      expect(cancelled).toEqual([1, 2]);
      const aborted = map([1], (n) => n, { signal: controller.signal });
      await expect(aborted).rejects.toThrow("user gave up");
    });
  });

  it("removes its abort listener when it ends", async () => {
    await runVirtual(async () => {
      const controller = new AbortController();
      for (let i = 0; i < 100; i++) await map([1, 2], (n) => n, { signal: controller.signal });
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    });
  });

  it("cancelling the awaiting task (or the future) cancels the calls; the map ends cancelled", async () => {
    await runVirtual(async () => {
      const cancelled: number[] = [];
      let future: ReturnType<typeof map<number, number>> | undefined;
      const task = createTask(async () => {
        future = map(
          [1, 2, 3],
          async (n) => {
            try {
              await sleep(100);
            } catch (error) {
              cancelled.push(n);
              throw error;
            }
            return n;
          },
          { concurrency: 2 },
        );
        return await future;
      });
      await sleep(10);
      task.cancel("stop");
      await expect(task).rejects.toThrow(CancelledError);
      expect(future!.cancelled()).toBe(true);
      expect(cancelled).toEqual([1, 2]);
    });
  });

  it("runs the calls in worker tasks that are children of the caller", async () => {
    await runVirtual(async () => {
      const me = currentTask();
      const parents = await map([1, 2], () => currentTask()!.parent === me, { concurrency: 2 });
      expect(parents).toEqual([true, true]);
    });
  });

  it("rejects bad input naming the argument, before calling anything", async () => {
    await runVirtual(async () => {
      expect(() => map([1], (x) => x, { concurrency: -1 })).toThrow(
        new RangeError(
          "Expected `concurrency` to be an integer from 1 and up or `Infinity`, got `-1` (number)",
        ),
      );
      expect(() => map([1], (x) => x, { concurrency: 0 })).toThrow(RangeError);
      expect(() => map([1], (x) => x, { concurrency: 1.5 })).toThrow(RangeError);
      expect(() => map([1], (x) => x, { concurrency: "2" as never })).toThrow(TypeError);
      expect(() => map(42 as never, (x) => x)).toThrow(
        new TypeError("Expected `items` to be an iterable or an async iterable, got `42` (number)"),
      );
      expect(() => map([1], null as never)).toThrow(TypeError);
      expect(() => map([1], (x) => x, { signal: {} as never })).toThrow(TypeError);
      expect(() => forEach([1], (x) => x, { returnExceptions: 1 as never })).toThrow(TypeError);
    });
  });
});

describe("forEach", () => {
  it("runs fn for each item with bounded concurrency and resolves undefined", async () => {
    await runVirtual(async () => {
      const seen: number[] = [];
      const result = await forEach(
        new Set([3, 1, 2]),
        async (n) => {
          await sleep(n * 10);
          seen.push(n);
        },
        { concurrency: 1 },
      );
      expect(result).toBeUndefined();
      expect(seen).toEqual([3, 1, 2]);
      expect(now()).toBe(60);
    });
  });
});
