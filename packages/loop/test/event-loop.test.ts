// Mirrors CPython Lib/test/test_asyncio/test_base_events.py (BaseEventLoopTests) and
// test_events.py (HandleTests, TimerTests).
import { afterEach, describe, expect, it } from "vitest";
import { EventLoop, Handle, RuntimeError, TimerHandle, VirtualClock } from "../src/index.js";
import { virtualLoop } from "./helpers.js";

let loop: EventLoop;
afterEach(() => {
  if (!loop.isRunning()) loop.close();
});

/** Runs the loop until `ms` of loop time have passed. */
async function runFor(target: EventLoop, ms: number): Promise<void> {
  const done = target.createFuture<void>();
  target.callLater(ms, () => done.setResult());
  await target.runUntilComplete(done);
}

describe("EventLoop.callSoon", () => {
  it("runs callbacks in FIFO order with their arguments (test_call_soon)", async () => {
    loop = virtualLoop();
    const calls: string[] = [];
    for (let index = 0; index < 5; index++)
      loop.callSoon((a: number, b: string) => calls.push(`${a}${b}`), index, "x");
    await runFor(loop, 0);
    expect(calls).toEqual(["0x", "1x", "2x", "3x", "4x"]);
  });

  it("returns a Handle that can be cancelled before it runs (test__run_once_cancelled_event_cleanup, HandleTests.test_handle)", async () => {
    loop = virtualLoop();
    const calls: number[] = [];
    const handle = loop.callSoon(() => calls.push(1));
    loop.callSoon(() => calls.push(2));
    expect(handle).toBeInstanceOf(Handle);
    expect(handle.cancelled()).toBe(false);
    handle.cancel();
    handle.cancel();
    expect(handle.cancelled()).toBe(true);
    await runFor(loop, 0);
    expect(calls).toEqual([2]);
  });

  it("runs callbacks scheduled by a callback in the next iteration, after timers now due (test__run_once)", async () => {
    loop = virtualLoop();
    const calls: string[] = [];
    loop.callSoon(() => {
      calls.push("first");
      loop.callSoon(() => calls.push("scheduled by first"));
    });
    loop.callSoon(() => calls.push("second"));
    await runFor(loop, 0);
    expect(calls).toEqual(["first", "second", "scheduled by first"]);
  });

  it("runs a batch per macrotask, so promise continuations cannot starve timers", async () => {
    loop = virtualLoop();
    const calls: string[] = [];
    let spins = 0;
    const spin = (): void => {
      spins++;
      if (spins < 1000) loop.callSoon(spin);
    };
    loop.callSoon(spin);
    loop.callLater(0, () => calls.push(`timer after ${spins} spins`));
    await runFor(loop, 1);
    expect(calls).toEqual(["timer after 1 spins"]);
  });

  // asyncio's _run_once runs the ready batch in FIFO order; a long batch here yields to the
  // promise continuations of its handles every 1024 handles, without reordering anything.
  it("runs a long batch in FIFO order, before what it schedules, draining microtasks on the way", async () => {
    loop = virtualLoop();
    const order: number[] = [];
    let continuationsSeenAt2000 = 0;
    let continuations = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      loop.callSoon(() => {
        order.push(i);
        if (i === 2000) continuationsSeenAt2000 = continuations;
        void Promise.resolve().then(() => continuations++);
        loop.callSoon(() => order.push(n + i));
      });
    }
    await runFor(loop, 0);
    expect(order).toEqual(Array.from({ length: 2 * n }, (_, i) => i));
    // The continuations of the first slices ran before the batch ended.
    expect(continuationsSeenAt2000).toBeGreaterThanOrEqual(1024);
    expect(continuations).toBe(n);
  });

  it("formats handles as asyncio does (HandleTests.test_handle_repr)", () => {
    loop = virtualLoop();
    function tick(..._args: unknown[]): void {}
    expect(String(loop.callSoon(tick, 1, "a"))).toBe('<Handle tick(1, "a")>');
    const timer = loop.callAt(10, tick);
    expect(String(timer)).toBe("<TimerHandle when=10 tick()>");
    timer.cancel();
    expect(String(timer)).toBe("<TimerHandle cancelled when=10>");
  });
});

describe("EventLoop.callLater / callAt", () => {
  it("runs timers by deadline, then in insertion order (test_call_later, TimerTests.test_timer_comparison)", async () => {
    loop = virtualLoop();
    const calls: string[] = [];
    loop.callLater(30, () => calls.push("30a"));
    loop.callLater(10, () => calls.push("10a"));
    loop.callLater(20, () => calls.push("20"));
    loop.callLater(10, () => calls.push("10b"));
    loop.callLater(30, () => calls.push("30b"));
    loop.callLater(0, () => calls.push("0"));
    await runFor(loop, 100);
    expect(calls).toEqual(["0", "10a", "10b", "20", "30a", "30b"]);
  });

  it("keeps deadline order for many random timers", async () => {
    loop = virtualLoop();
    const fired: Array<[number, number]> = [];
    const deadlines = Array.from({ length: 500 }, (_, index) => ((index * 7919) % 97) * 3);
    deadlines.forEach((delay, index) =>
      loop.callLater(delay, () => fired.push([loop.time(), index])),
    );
    await runFor(loop, 1000);
    const expected = deadlines
      .map((delay, index) => [delay, index])
      .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    expect(fired).toEqual(expected);
  });

  it("returns a TimerHandle whose when() is the deadline (test_call_at)", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    const timer = loop.callAt(1234, () => {});
    expect(timer).toBeInstanceOf(TimerHandle);
    expect(timer.when()).toBe(1234);
    expect(loop.callLater(50, () => {}).when()).toBe(50);
  });

  it("runs a timer whose deadline has passed on the next iteration", async () => {
    loop = virtualLoop();
    const calls: number[] = [];
    loop.callAt(-5, () => calls.push(loop.time()));
    await runFor(loop, 0);
    expect(calls).toEqual([0]);
  });

  it("does not run a cancelled timer (TimerTests.test_timer, test__run_once_schedule_handle)", async () => {
    loop = virtualLoop();
    const calls: string[] = [];
    const timer = loop.callLater(10, () => calls.push("cancelled"));
    loop.callLater(10, () => calls.push("kept"));
    timer.cancel();
    expect(timer.cancelled()).toBe(true);
    await runFor(loop, 20);
    expect(calls).toEqual(["kept"]);
  });

  it("can cancel a timer from a callback of the same batch", async () => {
    loop = virtualLoop();
    const calls: string[] = [];
    loop.callLater(10, () => {
      calls.push("first");
      second.cancel();
    });
    const second: TimerHandle = loop.callLater(10, () => calls.push("second"));
    await runFor(loop, 20);
    expect(calls).toEqual(["first"]);
  });

  it("fires timers on the real clock, never before their deadline", async () => {
    loop = new EventLoop({ debug: false });
    const fired: Array<[string, number]> = [];
    const start = loop.time();
    loop.callLater(15, () => fired.push(["15", loop.time() - start]));
    loop.callLater(5, () => fired.push(["5", loop.time() - start]));
    await runFor(loop, 25);
    expect(fired.map(([name]) => name)).toEqual(["5", "15"]);
    expect(fired[0]![1]).toBeGreaterThanOrEqual(5);
    expect(fired[1]![1]).toBeGreaterThanOrEqual(15);
  });

  it("re-arms the host timer when an earlier timer is added while waiting", async () => {
    loop = new EventLoop({ debug: false });
    const start = loop.time();
    const done = loop.createFuture<number>();
    loop.callLater(10_000, () => done.setResult(-1));
    // Added from outside any callback while the loop waits for the 10 s timer.
    // eslint-disable-next-line no-restricted-globals -- the host timer on the real clock is what this tests
    setTimeout(() => loop.callLater(5, () => done.setResult(loop.time() - start)), 5);
    const elapsed = await loop.runUntilComplete(done);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("EventLoop.time", () => {
  it("is monotonic milliseconds from the clock (test_time)", () => {
    loop = new EventLoop();
    const a = loop.time();
    const b = loop.time();
    expect(b).toBeGreaterThanOrEqual(a);
    expect(Math.abs(a - performance.now())).toBeLessThan(50);
    const clock = new VirtualClock();
    const virtual = new EventLoop({ clock });
    clock.advance(250);
    expect(virtual.time()).toBe(250);
    expect(virtual.clock).toBe(clock);
    virtual.close();
  });
});

describe("EventLoop.runUntilComplete", () => {
  it("returns the future's result and stops (test_run_until_complete)", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<string>();
    loop.callLater(100, () => fut.setResult("ok"));
    expect(loop.isRunning()).toBe(false);
    const running = loop.runUntilComplete(fut);
    expect(loop.isRunning()).toBe(true);
    expect(await running).toBe("ok");
    expect(loop.isRunning()).toBe(false);
    expect(loop.time()).toBe(100);
  });

  it("rejects with the future's exception (test_run_until_complete_error)", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<string>();
    loop.callSoon(() => fut.setException(new TypeError("nope")));
    await expect(loop.runUntilComplete(fut)).rejects.toThrow(TypeError);
  });

  it("accepts a promise, or a function it calls on the loop", async () => {
    loop = virtualLoop();
    expect(await loop.runUntilComplete(Promise.resolve(7))).toBe(7);
    await expect(loop.runUntilComplete(Promise.reject(new Error("rejected")))).rejects.toThrow(
      "rejected",
    );
    expect(await loop.runUntilComplete(() => loop.isRunning())).toBe(true);
    await expect(
      loop.runUntilComplete(() => {
        throw new Error("sync throw");
      }),
    ).rejects.toThrow("sync throw");
  });

  it("leaves callbacks still queued for the next run (test_run_until_complete_stopped)", async () => {
    loop = virtualLoop();
    const calls: string[] = [];
    const fut = loop.createFuture<void>();
    loop.callSoon(() => {
      fut.setResult();
      loop.callSoon(() => {
        calls.push("same iteration as the stop");
        loop.callSoon(() => calls.push("next run"));
      });
    });
    await loop.runUntilComplete(fut);
    // The stopping iteration runs to its end, as loop.stop() lets it in asyncio.
    expect(calls).toEqual(["same iteration as the stop"]);
    expect(loop._readyCount).toBe(1);
    await runFor(loop, 0);
    expect(calls).toEqual(["same iteration as the stop", "next run"]);
  });

  it("keeps a timer scheduled across runs", async () => {
    loop = virtualLoop();
    const calls: number[] = [];
    loop.callLater(500, () => calls.push(loop.time()));
    await runFor(loop, 100);
    expect(calls).toEqual([]);
    await runFor(loop, 1000);
    expect(calls).toEqual([500]);
  });

  it("throws when the loop is already running (test_run_forever_already_running)", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<void>();
    const running = loop.runUntilComplete(fut);
    expect(() => loop.runUntilComplete(Promise.resolve())).toThrow(RuntimeError);
    expect(() => loop.runUntilComplete(Promise.resolve())).toThrow(
      "This event loop is already running",
    );
    fut.setResult();
    await running;
  });

  it("rejects a future of another loop and a non-awaitable (test_run_until_complete_loop)", () => {
    loop = virtualLoop();
    const other = virtualLoop();
    expect(() => loop.runUntilComplete(other.createFuture())).toThrow(TypeError);
    expect(() => loop.runUntilComplete(42 as unknown as Promise<number>)).toThrow(
      "Expected `awaitable` to be a promise-like or a function, got `42` (number)",
    );
    other.close();
  });

  it("keeps the process alive while it waits, like run_forever", async () => {
    loop = virtualLoop();
    const fut = loop.createFuture<void>();
    const running = loop.runUntilComplete(fut);
    // Nothing is scheduled on the loop: only the loop's own keep-alive handle holds the process.
    const handles = (
      process as unknown as { getActiveResourcesInfo(): string[] }
    ).getActiveResourcesInfo();
    expect(handles).toContain("Timeout");
    fut.setResult();
    await running;
  });
});

describe("EventLoop.close", () => {
  it("makes every later call throw RuntimeError (test_close)", async () => {
    loop = virtualLoop();
    expect(loop.isClosed()).toBe(false);
    loop.callSoon(() => {});
    loop.callLater(10, () => {});
    loop.close();
    loop.close();
    expect(loop.isClosed()).toBe(true);
    expect(loop._readyCount).toBe(0);
    expect(loop._scheduledCount).toBe(0);
    expect(() => loop.callSoon(() => {})).toThrow("Event loop is closed");
    expect(() => loop.callLater(1, () => {})).toThrow(RuntimeError);
    expect(() => loop.callAt(1, () => {})).toThrow(RuntimeError);
    expect(() => loop.runUntilComplete(Promise.resolve())).toThrow(RuntimeError);
    expect(() => loop.runInExecutor(null, { module: "node:os" })).toThrow(RuntimeError);
    await expect(loop.shutdownDefaultExecutor()).resolves.toBeUndefined();
  });

  it("throws on a running loop (test_close_running_event_loop)", async () => {
    loop = virtualLoop();
    const result = await loop.runUntilComplete(() => {
      try {
        loop.close();
        return "closed";
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(result).toBe("Cannot close a running event loop");
    expect(loop.isClosed()).toBe(false);
  });
});

describe("EventLoop debug flag", () => {
  it("follows options, setDebug and AIOTS_DEBUG (test_set_debug, test_env_var_debug)", () => {
    loop = new EventLoop({ debug: true });
    expect(loop.getDebug()).toBe(true);
    loop.setDebug(false);
    expect(loop.getDebug()).toBe(false);
    const saved = process.env.AIOTS_DEBUG;
    try {
      process.env.AIOTS_DEBUG = "1";
      const fromEnv = new EventLoop();
      expect(fromEnv.getDebug()).toBe(true);
      fromEnv.close();
      process.env.AIOTS_DEBUG = "0";
      const off = new EventLoop();
      expect(off.getDebug()).toBe(false);
      off.close();
    } finally {
      if (saved === undefined) delete process.env.AIOTS_DEBUG;
      else process.env.AIOTS_DEBUG = saved;
    }
    expect(loop.slowCallbackDuration).toBe(100);
    loop.slowCallbackDuration = 20;
    expect(loop.slowCallbackDuration).toBe(20);
    expect(String(loop)).toBe("<EventLoop running=false closed=false debug=false>");
  });
});
