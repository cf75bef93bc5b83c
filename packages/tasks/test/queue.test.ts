// Mirrors CPython Lib/test/test_asyncio/test_queues.py.
import { describe, expect, it } from "vitest";
import {
  CancelledError,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  createTask,
  gather,
  sleep,
} from "../src/index.js";
import { now, runVirtual } from "./helpers.js";

describe("Queue", () => {
  // QueueBasicTests.test_order / test_maxsize
  it("is FIFO and blocks put() while full", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>(2);
      const putter = createTask(async () => {
        for (let i = 0; i < 4; i++) await queue.put(i);
      });
      await sleep(1);
      expect(queue.qsize()).toBe(2);
      expect(queue.full()).toBe(true);
      const got: number[] = [];
      for (let i = 0; i < 4; i++) got.push(await queue.get());
      await putter;
      expect(got).toEqual([0, 1, 2, 3]);
    });
  });

  // test_nonblocking_get_exception / test_nonblocking_put_exception
  it("getNowait/putNowait throw QueueEmpty/QueueFull", () => {
    const queue = new Queue<number>(1);
    expect(() => queue.getNowait()).toThrow(QueueEmpty);
    queue.putNowait(1);
    expect(() => queue.putNowait(2)).toThrow(QueueFull);
    expect(queue.getNowait()).toBe(1);
  });

  // test_get_cancelled / test_cancelled_getters_not_being_held_in_self_getters
  it("a getter cancelled while waiting takes no item and leaves no trace", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      const getter = createTask(() => queue.get());
      await sleep(1);
      getter.cancel();
      await expect(getter).rejects.toThrow(CancelledError);
      queue.putNowait(1);
      expect(String(queue)).toContain("getters=0");
      expect(await queue.get()).toBe(1);
    });
  });

  // test_cancelled_getter_race / test_get_cancelled_race: woken then cancelled → the item goes to the next.
  it("a getter woken and cancelled before resuming passes the wake-up on (no lost item)", async () => {
    await runVirtual(async () => {
      const queue = new Queue<string>();
      const a = createTask(() => queue.get());
      const b = createTask(() => queue.get());
      await sleep(1);
      queue.putNowait("item"); // wakes a
      a.cancel(); // before a resumes
      await expect(a).rejects.toThrow(CancelledError);
      expect(await b).toBe("item");
    });
  });

  // test_cancelled_puts_not_being_held_in_self_putters / test_put_cancelled_race
  it("a putter cancelled while waiting inserts nothing; woken-then-cancelled passes the slot on", async () => {
    await runVirtual(async () => {
      const queue = new Queue<string>(1);
      queue.putNowait("x");
      const a = createTask(() => queue.put("a"));
      const b = createTask(() => queue.put("b"));
      await sleep(1);
      expect(queue.getNowait()).toBe("x"); // wakes a
      a.cancel();
      await expect(a).rejects.toThrow(CancelledError);
      await b;
      expect(queue.getNowait()).toBe("b");
      expect(queue.empty()).toBe(true);
    });
  });

  // QueueJoinTests.test_task_done / test_join_empty_queue
  it("join() resolves when every item has been marked done", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      await queue.join(); // empty: at once
      for (let i = 0; i < 5; i++) queue.putNowait(i);
      let total = 0;
      const workers = [1, 2].map(() =>
        createTask(async () => {
          for (;;) {
            const item = await queue.get();
            await sleep(10);
            total += item;
            queue.taskDone();
          }
        }),
      );
      await queue.join();
      expect(total).toBe(10);
      expect(now()).toBe(30);
      for (const w of workers) w.cancel();
    });
  });

  // test_task_done_underflow (ValueError → RangeError)
  it("taskDone() too often is a RangeError that changes nothing", () => {
    const queue = new Queue<number>();
    expect(() => queue.taskDone()).toThrow(RangeError);
    queue.putNowait(1);
    queue.taskDone();
    expect(() => queue.taskDone()).toThrow(/too many times/);
  });

  // 3.13 QueueShutdownTests: test_shutdown_empty / test_shutdown_nonempty / test_shutdown_immediate
  it("shutdown(): put rejects, get drains then rejects, blocked getters are woken", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      const blocked = createTask(() => queue.get());
      await sleep(1);
      queue.shutdown();
      await expect(blocked).rejects.toThrow(QueueShutDown);
      await expect(queue.put(1)).rejects.toThrow(QueueShutDown);
      const q2 = new Queue<number>();
      q2.putNowait(1);
      q2.shutdown();
      expect(await q2.get()).toBe(1);
      await expect(q2.get()).rejects.toThrow(QueueShutDown);
      expect(() => q2.getNowait()).toThrow(QueueShutDown);
    });
  });

  it("shutdown(true) drops the items, releases join() and blocked putters", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>(1);
      queue.putNowait(1);
      const putter = createTask(() => queue.put(2));
      const joiner = createTask(() => queue.join());
      await sleep(1);
      queue.shutdown(true);
      await expect(putter).rejects.toThrow(QueueShutDown);
      await joiner;
      expect(queue.qsize()).toBe(0);
      expect(queue.isShutdown).toBe(true);
    });
  });

  // test_queues PriorityQueueTests / LifoQueueTests
  it("PriorityQueue returns the smallest first, LifoQueue the last", async () => {
    await runVirtual(async () => {
      const pq = new PriorityQueue<[number, string]>();
      for (const item of [
        [3, "c"],
        [1, "a"],
        [2, "b"],
        [1, "0"],
      ] as [number, string][])
        await pq.put(item);
      const out = await gather(pq.get(), pq.get(), pq.get(), pq.get());
      expect(out).toEqual([
        [1, "0"],
        [1, "a"],
        [2, "b"],
        [3, "c"],
      ]);
      const custom = new PriorityQueue<{ due: number }>(0, { compare: (a, b) => b.due - a.due });
      custom.putNowait({ due: 1 });
      custom.putNowait({ due: 5 });
      expect(custom.getNowait().due).toBe(5);
      const bad = new PriorityQueue<unknown>();
      bad.putNowait({});
      expect(() => bad.putNowait({})).toThrow(TypeError);
      expect(bad.qsize()).toBe(1); // nothing half-done
      const lifo = new LifoQueue<number>();
      [1, 2, 3].forEach((n) => lifo.putNowait(n));
      expect([lifo.getNowait(), lifo.getNowait(), lifo.getNowait()]).toEqual([3, 2, 1]);
    });
  });

  it("validates maxsize", () => {
    expect(() => new Queue(-1)).toThrow(
      new RangeError("Expected `maxsize` to be an integer >= 0 or Infinity, got `-1` (number)"),
    );
    expect(() => new Queue(1.5)).toThrow(RangeError);
    expect(() => new Queue("1" as never)).toThrow(
      new TypeError("Expected `maxsize` to be an integer >= 0 or Infinity, got `'1'` (string)"),
    );
    expect(new Queue(Infinity).maxsize).toBe(0);
  });

  // test_qsize / test_order over a long backlog (the storage reclaims its consumed head)
  it("keeps FIFO order and qsize() through thousands of interleaved puts and gets", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>();
      const got: number[] = [];
      let next = 0;
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 2000; i++) queue.putNowait(next++);
        for (let i = 0; i < 1500; i++) got.push(await queue.get());
        expect(queue.qsize()).toBe(next - got.length);
      }
      while (!queue.empty()) got.push(queue.getNowait());
      expect(got).toEqual(Array.from({ length: next }, (_, i) => i));
      expect(queue.qsize()).toBe(0);
    });
  });

  // test_put_with_waiting_getters's mirror: a put() that fails fails its Future
  it("put() rejects with what the storage threw (an unorderable PriorityQueue item)", async () => {
    await runVirtual(async () => {
      const queue = new PriorityQueue<unknown>();
      queue.putNowait({});
      await expect(queue.put({})).rejects.toThrow(TypeError);
      expect(queue.qsize()).toBe(1);
    });
  });

  it("String() shows the sizes, the unfinished tasks and a shutdown", async () => {
    await runVirtual(async () => {
      const queue = new Queue<number>(2);
      queue.putNowait(1);
      expect(String(queue)).toBe("<Queue maxsize=2 qsize=1 getters=0 putters=0 tasks=1>");
      queue.shutdown();
      expect(String(queue)).toBe("<Queue maxsize=2 qsize=1 getters=0 putters=0 tasks=1 shutdown>");
    });
  });
});
