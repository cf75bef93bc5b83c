// The waiting primitives remember the loop of their last use for their fast path
// (internal/loop-binding.ts, asyncio's _LoopBoundMixin): reused by a later run(), or by
// another loop while the first one is stopped, their waits belong to the loop that runs
// them, and outside any running loop they fail as on first use.
import { describe, expect, it } from "vitest";
import {
  Event,
  EventLoop,
  Lock,
  Queue,
  RuntimeError,
  Semaphore,
  VirtualClock,
  createTask,
  getRunningLoop,
  sleep,
  waitFor,
  type Future,
} from "../src/index.js";
import { runVirtual } from "./helpers.js";

/** A Lock or a Semaphore(1): acquire when free; a second acquire blocks until release. */
function lockLike<L extends Lock | Semaphore>(name: string, make: () => L) {
  return {
    name,
    make,
    free: async (lock: L) => {
      const acquired = lock.acquire();
      await acquired;
      lock.release();
      return [acquired];
    },
    blocked: async (lock: L) => {
      await lock.acquire();
      const waiting = lock.acquire();
      return { waiting, release: () => lock.release() };
    },
  };
}

/** Each primitive: a wait that need not wait, and one that blocks until `release` runs. */
const primitives = [
  lockLike("Lock", () => new Lock()),
  lockLike("Semaphore", () => new Semaphore(1)),
  {
    name: "Event",
    make: () => new Event(),
    free: async (event: Event) => {
      event.set();
      const waited = event.wait();
      await waited;
      event.clear();
      return [waited];
    },
    blocked: async (event: Event) => ({
      waiting: event.wait(),
      release: () => event.set(),
    }),
  },
  {
    name: "Queue",
    make: () => new Queue<number>(1),
    free: async (queue: Queue<number>) => {
      const put = queue.put(1);
      await put;
      const got = queue.get();
      await got;
      queue.taskDone();
      const joined = queue.join();
      await joined;
      return [put, got, joined];
    },
    blocked: async (queue: Queue<number>) => ({
      waiting: queue.get(),
      release: () => queue.putNowait(7),
    }),
  },
] as const;

type Primitive = (typeof primitives)[number];
type Instance = ReturnType<Primitive["make"]>;

// The primitive's blocking wait, woken 10 ms later, as a task of the running loop; the
// virtual deadline turns a waiter stuck on another loop into "timed out" instead of a hang.
async function blockThenWake(primitive: Primitive, instance: Instance): Promise<string> {
  const blocked = primitive.blocked as (x: Instance) => Promise<{
    waiting: Future<unknown>;
    release: () => void;
  }>;
  const { waiting, release } = await blocked(instance);
  expect(waiting.getLoop()).toBe(getRunningLoop());
  createTask(async () => {
    await sleep(10);
    release();
  });
  try {
    await waitFor(waiting, 1000);
    return "woken";
  } catch (error) {
    return String(error);
  }
}

describe.each(primitives)("a $name used by one loop, then another", (primitive) => {
  const free = primitive.free as (x: Instance) => Promise<Future<unknown>[]>;

  it("serves a later run(): its waits belong to the new loop", async () => {
    const instance = primitive.make();
    await runVirtual(() => free(instance));
    // The waits that need not wait: done Futures of the loop that runs them.
    const loops = await runVirtual(async () => {
      const futures = await free(instance);
      return futures.map((future) => future.getLoop() === getRunningLoop());
    });
    expect(loops).not.toContain(false);
    expect(await runVirtual(() => blockThenWake(primitive, instance))).toBe("woken");
  });

  it("serves another loop while the first is stopped but not closed", async () => {
    const instance = primitive.make();
    const first = new EventLoop({ clock: new VirtualClock() });
    const second = new EventLoop({ clock: new VirtualClock() });
    try {
      await first.runUntilComplete(() => free(instance));
      const outcome = second.runUntilComplete(() =>
        createTask(() => blockThenWake(primitive, instance)),
      );
      expect(await outcome).toBe("woken");
    } finally {
      first.close();
      second.close();
    }
  });

  it("fails outside a running loop once its loop has ended", async () => {
    const instance = primitive.make();
    await runVirtual(() => free(instance));
    let error: unknown;
    try {
      await free(instance);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuntimeError);
  });
});
