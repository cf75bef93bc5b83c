// asyncio's debug mode: "Executing <Handle ...> took 0.523 seconds" for slow callbacks
// (test_base_events.py test_slow_callback_duration / test__run_once_logging) and, here, for
// task steps (promise continuations), naming the task. Busy-waits are short and real.
import { afterEach, describe, expect, it } from "vitest";
import {
  EventLoop,
  VirtualClock,
  runInContext,
  type Awaiter,
  type EventLoopOptions,
} from "../src/index.js";
import { recordingLogger } from "./helpers.js";

let loop: EventLoop;
afterEach(() => {
  if (!loop.isRunning()) loop.close();
});

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  // eslint-disable-next-line no-restricted-syntax -- slow-callback detection measures real time: the step must really block
  while (performance.now() < end) {
    // hold the thread, as blocking code does
  }
}

const SLOW = 40;

/** A virtual-clock loop that reports callbacks over SLOW ms to `logger` (when `debug`). */
function slowCallbackLoop(
  logger: NonNullable<EventLoopOptions["logger"]>,
  debug = true,
): EventLoop {
  return new EventLoop({ clock: new VirtualClock(), debug, slowCallbackDuration: SLOW, logger });
}

describe("debug mode", () => {
  it("reports a callback that held the loop longer than slowCallbackDuration", async () => {
    const logger = recordingLogger();
    loop = slowCallbackLoop(logger);
    loop.callSoon(function blocking(): void {
      busyWait(SLOW + 20);
    });
    loop.callSoon(function quick(): void {});
    await loop.runUntilComplete(Promise.resolve());
    expect(logger.warnings).toContainEqual(
      expect.stringMatching(/^Executing <Handle blocking\(\)> took 0\.\d{3} seconds$/),
    );
    expect(logger.warnings.filter((warning) => warning.includes("quick"))).toEqual([]);
  });

  // A then() handler on a pending future runs from a loop callback of its own (no task
  // step): a slow one is reported under that callback's name.
  it("reports a slow then() handler of a pending future as <Handle Future.then()>", async () => {
    const logger = recordingLogger();
    loop = slowCallbackLoop(logger);
    const fut = loop.createFuture<number>();
    const handled = fut.then(() => busyWait(SLOW + 20));
    loop.callSoon(() => fut.setResult(1));
    await loop.runUntilComplete(async () => {
      await fut;
      await handled;
    });
    expect(logger.warnings).toContainEqual(
      expect.stringMatching(/^Executing <Handle Future\.then\(\)> took 0\.\d{3} seconds$/),
    );
  });

  it("stays silent when debug mode is off", async () => {
    const logger = recordingLogger();
    loop = slowCallbackLoop(logger, false);
    loop.callSoon(() => busyWait(SLOW + 20));
    await loop.runUntilComplete(
      runInContext(
        { loop, awaiter: { _onAwait: () => undefined, toString: () => "<Task name='t'>" } },
        async () => {
          const cancelled = loop.createFuture();
          cancelled.cancel();
          await cancelled;
        },
      ).catch(() => undefined),
    );
    expect(logger.warnings).toEqual([]);
  });

  it("reports a task step that blocked, naming the task", async () => {
    const logger = recordingLogger();
    loop = slowCallbackLoop(logger);
    const task: Awaiter = {
      _onAwait: () => undefined,
      toString: () => "<Task name='blocker' coro=<work()>>",
    };
    const fut = loop.createFuture<void>();
    loop.callLater(100, () => fut.setResult());
    await loop.runUntilComplete(() =>
      runInContext({ loop, awaiter: task }, async function work() {
        await fut;
        busyWait(SLOW + 20); // blocking code inside a task step
      }),
    );
    // Contains, not "exactly one": on a loaded machine the step before `await fut` can also
    // be descheduled past SLOW, and asyncio reports that step too.
    expect(logger.warnings).toContainEqual(
      expect.stringMatching(
        /^Executing <Task name='blocker' coro=<work\(\)>> took 0\.\d{3} seconds$/,
      ),
    );
  });

  it("turns the task-step monitor on and off with setDebug", async () => {
    const logger = recordingLogger();
    loop = slowCallbackLoop(logger, false);
    const task: Awaiter = { _onAwait: () => undefined, toString: () => "<Task name='late'>" };
    await loop.runUntilComplete(() =>
      runInContext({ loop, awaiter: task }, async () => {
        await Promise.resolve();
        busyWait(SLOW + 20); // not reported: debug is off
        loop.setDebug(true);
        await Promise.resolve();
        busyWait(SLOW + 20); // reported
        await Promise.resolve();
        loop.setDebug(false);
        await Promise.resolve();
        busyWait(SLOW + 20); // not reported
      }),
    );
    expect(logger.warnings).toEqual([expect.stringMatching(/^Executing <Task name='late'> took/)]);
  });
});

describe("debug mode source tracebacks", () => {
  it("tells where a failing handle was created (asyncio's Handle._source_traceback)", async () => {
    const logger = recordingLogger();
    loop = new EventLoop({ clock: new VirtualClock(), debug: true, logger });
    function scheduleFailure(): void {
      loop.callLater(5, function fails(): void {
        throw new Error("boom");
      });
    }
    scheduleFailure();
    await loop.runUntilComplete(Promise.resolve());
    const done = loop.createFuture<void>();
    loop.callLater(10, () => done.setResult());
    await loop.runUntilComplete(done);
    expect(logger.errors).toHaveLength(1);
    const [first, ...rest] = logger.errors[0]!.message.split("\n");
    expect(first).toBe("Exception in callback fails()");
    expect(rest.join("\n")).toMatch(
      /Handle created at \(most recent call first\):\n\s+at scheduleFailure/,
    );
  });

  it("captures nothing when debug mode is off", async () => {
    const logger = recordingLogger();
    loop = new EventLoop({ clock: new VirtualClock(), debug: false, logger });
    loop.callSoon(function fails(): void {
      throw new Error("boom");
    });
    await loop.runUntilComplete(Promise.resolve());
    expect(logger.errors[0]!.message).toBe(
      "Exception in callback fails()\nhandle: <Handle fails()>",
    );
  });
});
