// Issue 11, item 6: forgetting `run()`. The error says how to fix it, and the waiting
// primitives fail on their first use outside a loop, not only once a caller must wait.
import { describe, expect, it } from "vitest";
import {
  BoundedSemaphore,
  Event,
  Lock,
  Queue,
  RuntimeError,
  Semaphore,
  VirtualClock,
  createTask,
  getRunningLoop,
  run,
  sleep,
} from "../src/index.js";

const hint = /^no running event loop: .*run\(main\)/;

describe("outside run()", () => {
  it("getRunningLoop() says how to fix it", () => {
    expect(() => getRunningLoop()).toThrow(RuntimeError);
    expect(() => getRunningLoop()).toThrow(hint);
    expect(() => sleep(10)).toThrow(hint);
  });

  it.each([
    ["Lock.acquire()", () => new Lock().acquire()],
    ["Lock.withLock()", () => new Lock().withLock(() => 1)],
    ["Semaphore.acquire()", () => new Semaphore(5).acquire()],
    ["BoundedSemaphore.acquire()", () => new BoundedSemaphore(2).acquire()],
    ["Semaphore.withLock()", () => new Semaphore(5).withLock(() => 1)],
    [
      "Event.wait() on a set event",
      () => {
        const event = new Event();
        event.set();
        return event.wait();
      },
    ],
    ["Queue.put() with room", () => new Queue<number>(10).put(1)],
    [
      "Queue.get() with an item",
      () => {
        const queue = new Queue<number>();
        queue.putNowait(1);
        return queue.get();
      },
    ],
    ["Queue.join() with nothing to wait for", () => new Queue<number>().join()],
  ])("%s fails on first use, even when it would not wait", async (_name, use) => {
    let error: unknown;
    try {
      await use();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toMatch(hint);
  });
});

describe("after run() ended", () => {
  // A continuation of the ended run's code still carries its (now closed) loop: creating a
  // task there is the same mistake as outside run(), and says so.
  it("createTask in a leftover continuation is the no-running-loop RuntimeError", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let outcome: unknown = "not run";
    const leftover = await run(
      () => {
        return {
          done: gate.then(() => {
            try {
              createTask(async () => 1);
              outcome = "created";
            } catch (error) {
              outcome = error;
            }
          }),
        };
      },
      { clock: new VirtualClock() },
    );
    release();
    await leftover.done;
    expect(outcome).toBeInstanceOf(RuntimeError);
    expect((outcome as Error).message).toMatch(hint);
  });
});
