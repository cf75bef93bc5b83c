// RateLimiter follows p-queue's `intervalCap`/`interval` (sindresorhus/p-queue
// test/rate-limit.ts: "intervalCap", "interval resets after idle").
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  RateLimiter,
  createTask,
  gather,
  getRunningLoop,
  isFuture,
  sleep,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("RateLimiter", () => {
  it("12 acquires with { limit: 5, interval: 1000 } start at 0 ms x5, 1000 ms x5, 2000 ms x2 (p-queue intervalCap)", async () => {
    const starts = await runVirtual(async () => {
      const limiter = new RateLimiter({ limit: 5, interval: 1000 });
      const times: number[] = [];
      await gather(
        ...Array.from({ length: 12 }, () =>
          createTask(async () => {
            await limiter.acquire();
            times.push(now());
          }),
        ),
      );
      return times;
    });
    expect(starts).toEqual([0, 0, 0, 0, 0, 1000, 1000, 1000, 1000, 1000, 2000, 2000]);
  });

  it("admits waiters FIFO", async () => {
    const order = await runVirtual(async () => {
      const limiter = new RateLimiter({ limit: 1, interval: 100 });
      const seen: number[] = [];
      await gather(
        ...[0, 1, 2, 3].map((n) => createTask(() => limiter.withLimit(() => seen.push(n)))),
      );
      return seen;
    });
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("opens a new window at the first acquire after an idle spell (p-queue: interval resets when idle)", async () => {
    const starts = await runVirtual(async () => {
      const limiter = new RateLimiter({ limit: 2, interval: 1000 });
      const times: number[] = [];
      const take = async (): Promise<void> => {
        await limiter.acquire();
        times.push(now());
      };
      await take();
      await sleep(1500); // idle past the first window
      await gather(take(), take(), take()); // window opens at 1500: 2 now, 1 at 2500
      return times;
    });
    expect(starts).toEqual([0, 1500, 1500, 2500]);
  });

  it("acquire() is a Future, done at once when a slot is free", async () => {
    await runVirtual(async () => {
      const limiter = new RateLimiter({ limit: 1, interval: 1000 });
      const first = limiter.acquire();
      expect(isFuture(first)).toBe(true);
      expect(first.done()).toBe(true);
      const second = limiter.acquire();
      expect(second.done()).toBe(false);
      expect(limiter.pending).toBe(1);
      second.cancel();
      expect(limiter.pending).toBe(0);
    });
  });

  it("a waiter cancelled while waiting takes no slot: the one behind it moves up", async () => {
    const result = await runVirtual(async () => {
      const limiter = new RateLimiter({ limit: 1, interval: 1000 });
      await limiter.acquire(); // window [0, 1000) is used up
      const times: Record<string, number> = {};
      const a = createTask(async () => {
        await limiter.acquire();
        times.a = now();
      });
      const b = createTask(async () => {
        await limiter.acquire();
        times.b = now();
      });
      const c = createTask(async () => {
        await limiter.acquire();
        times.c = now();
      });
      await sleep(500);
      a.cancel();
      await expect(a).rejects.toThrow(CancelledError);
      await gather(b, c);
      return times;
    });
    // Without the withdrawal b would start at 2000 and c at 3000.
    expect(result).toEqual({ b: 1000, c: 2000 });
  });

  // asyncio 3.13 locks.py `except CancelledError` branches: a wake-up that reached a
  // waiter cancelled before it ran is passed on, never lost (issue #9's rule).
  it("a waiter woken by a new window and cancelled in that same step passes its slot to the next", async () => {
    const result = await runVirtual(async () => {
      const loop = getRunningLoop();
      const limiter = new RateLimiter({ limit: 1, interval: 1000 });
      await limiter.acquire(); // window [0, 1000) is used up
      const woken = limiter.acquire(); // queued first: the window at 1000 wakes it
      const next = createTask(async () => {
        await limiter.acquire();
        return now();
      });
      await sleep(0);
      // Armed after the limiter's window timer, at the same deadline: runs right after
      // the wake-up, before the woken waiter's delivery step.
      loop.callAt(1000, () => woken.cancel());
      const startedAt = await next;
      return { startedAt, cancelled: woken.cancelled() };
    });
    expect(result).toEqual({ startedAt: 1000, cancelled: true });
  });

  it("withLimit runs fn after a slot is taken and passes its outcome on", async () => {
    await runVirtual(async () => {
      const limiter = new RateLimiter({ limit: 1, interval: 50 });
      expect(await limiter.withLimit(() => sleep(10, "x"))).toBe("x");
      await expect(
        limiter.withLimit(() => {
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(now()).toBe(50);
    });
  });

  it("rejects a bad limit or interval naming the option (zero interval included)", () => {
    expect(() => new RateLimiter({ limit: 0, interval: 1000 })).toThrow(
      new RangeError("Expected `limit` to be a number from 1 and up, got `0` (number)"),
    );
    expect(() => new RateLimiter({ limit: 1.5, interval: 1000 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: "5" as never, interval: 1000 })).toThrow(TypeError);
    expect(() => new RateLimiter({ limit: 5, interval: 0 })).toThrow(
      new RangeError("Expected `interval` to be a finite number > 0 (ms), got `0` (number)"),
    );
    expect(() => new RateLimiter({ limit: 5, interval: -1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 5, interval: Infinity })).toThrow(RangeError);
    expect(() => new RateLimiter({ limit: 5, interval: NaN })).toThrow(RangeError);
    expect(() => new RateLimiter(undefined as never)).toThrow(TypeError);
  });
});
