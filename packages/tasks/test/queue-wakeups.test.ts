// A Queue's waiters stay FIFO through cancellations and lost races, and shutdown reaches every
// kind of wait (CPython Lib/test/test_asyncio/test_queues.py: test_get_cancelled_race,
// test_put_cancelled_race, test_why_are_getters_waiting, QueueShutdownTests; asyncio 3.13
// queues.py `get`/`put` loops: a woken waiter re-checks and, beaten to it, waits again at the
// back, as a new waiter).
import { describe, expect, it } from "vitest";
import { CancelledError, Queue, QueueShutDown, createTask, gather, sleep } from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("Queue wake-ups", () => {
  it("a getter cancelled before any item came wakes nobody: the others keep their order", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      const [a, b, c] = [0, 1, 2].map(() => createTask(() => queue.get()));
      await sleep(0);
      a!.cancel();
      await expect(a).rejects.toThrow(CancelledError);
      queue.putNowait(1);
      queue.putNowait(2);
      expect(await gather(b!, c!)).toEqual([1, 2]);
    });
  });

  it("a waiting getter cancelled while another woken one takes its item leaves the rest in order", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      const [a, b, c, d] = [0, 1, 2, 3].map(() => createTask(() => queue.get()));
      await sleep(0);
      queue.putNowait(1); // wakes a
      b!.cancel(); // never woken: must wake nobody, though the queue holds an item now
      await expect(b).rejects.toThrow(CancelledError);
      expect(await a).toBe(1);
      queue.putNowait(2);
      queue.putNowait(3);
      expect(await gather(c!, d!)).toEqual([2, 3]);
    });
  });

  it("a woken getter that finds the item gone waits again, at the back (asyncio re-appends it)", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      const [a, b] = [0, 1].map(() => createTask(() => queue.get()));
      await sleep(0);
      queue.putNowait(1); // wakes a ...
      expect(queue.getNowait()).toBe(1); // ... but the item is taken before a runs
      await sleep(0);
      expect(a!.done()).toBe(false);
      queue.putNowait(2);
      queue.putNowait(3);
      expect(await gather(a!, b!)).toEqual([3, 2]); // CPython 3.13 prints [3, 2]
    });
  });

  it("a putter cancelled before any slot freed wakes nobody: the others keep their order", async () => {
    await runVirtual(async () => {
      const queue = new Queue<string>(1);
      queue.putNowait("x");
      const putters = ["a", "b", "c", "d"].map((item) => createTask(() => queue.put(item)));
      await sleep(0);
      expect(queue.getNowait()).toBe("x"); // wakes a
      putters[1]!.cancel(); // never woken: must wake nobody, though there is room now
      await expect(putters[1]).rejects.toThrow(CancelledError);
      await putters[0];
      const got: string[] = [];
      for (let i = 0; i < 3; i++) {
        got.push(await queue.get());
        await sleep(0);
      }
      expect(got).toEqual(["a", "c", "d"]);
    });
  });

  it("a woken putter that finds the slot taken waits again, at the back (asyncio re-appends it)", async () => {
    await runVirtual(async () => {
      const queue = new Queue<string>(1);
      queue.putNowait("x");
      const [a, b] = ["a", "b"].map((item) => createTask(() => queue.put(item)));
      await sleep(0);
      expect(queue.getNowait()).toBe("x"); // wakes a ...
      queue.putNowait("y"); // ... but the slot is taken before a runs
      await sleep(0);
      expect(a!.done()).toBe(false);
      expect(queue.qsize()).toBe(1);
      const got: string[] = [];
      for (let i = 0; i < 3; i++) {
        got.push(await queue.get());
        await sleep(0);
      }
      expect(got).toEqual(["y", "b", "a"]); // CPython 3.13 prints ['y', 'b', 'a']
      await gather(a!, b!);
    });
  });

  it("shutdown() rejects a putter blocked on a full queue, and put() and putNowait() after it", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>(1);
      queue.putNowait(1);
      const putter = createTask(() => queue.put(2));
      await sleep(0);
      queue.shutdown(); // not immediate: the queue stays full
      await expect(putter).rejects.toThrow(QueueShutDown);
      await expect(queue.put(3)).rejects.toThrow(QueueShutDown);
      expect(() => new Queue<number>().shutdown()).not.toThrow();
      const open = new Queue<number>();
      open.shutdown();
      expect(() => open.putNowait(1)).toThrow(QueueShutDown);
      expect(queue.getNowait()).toBe(1);
    });
  });

  it("shutdown(true) counts the dropped items done, but join() still waits for items being worked on", async () => {
    await runVirtual(async () => {
      const queue = new Queue<string>();
      queue.putNowait("worked on");
      queue.putNowait("dropped");
      expect(queue.getNowait()).toBe("worked on");
      const joined = createTask(() => queue.join());
      queue.shutdown(true);
      await sleep(0);
      expect(joined.done()).toBe(false);
      queue.taskDone();
      await joined;
      expect(String(queue)).toBe("<Queue maxsize=0 qsize=0 getters=0 putters=0 tasks=0 shutdown>");
    });
  });

  it("shutdown(true) after taskDone() for an item still queued counts no task below zero", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      queue.putNowait(1);
      queue.taskDone(); // allowed before the item is got (asyncio)
      queue.shutdown(true);
      expect(String(queue)).toBe("<Queue maxsize=0 qsize=0 getters=0 putters=0 tasks=0 shutdown>");
      await queue.join();
      expect(() => queue.taskDone()).toThrow(RangeError);
    });
  });
});
