// asyncio's get_running_loop() / _get_running_loop and the nested-run check
// (test_events.py: TestServer..., test_get_running_loop; test_base_events.py:
// test_run_forever_pre_check / test_run_until_complete_nested via asyncio.run's check).
import { describe, expect, it } from "vitest";
import {
  EventLoop,
  RuntimeError,
  VirtualClock,
  currentContext,
  getRunningLoop,
  getRunningLoopOrUndefined,
  runInContext,
} from "../src/index.js";
import { trackLoops } from "./helpers.js";

const track = trackLoops();

describe("running-loop tracking", () => {
  it("throws RuntimeError('no running event loop') outside a loop (test_get_running_loop)", () => {
    expect(() => getRunningLoop()).toThrow(RuntimeError);
    expect(() => getRunningLoop()).toThrow("no running event loop");
    expect(getRunningLoopOrUndefined()).toBeUndefined();
    expect(currentContext()).toBeUndefined();
  });

  it("finds the loop in callbacks, timers, done callbacks and promise continuations", async () => {
    const loop = track(new EventLoop({ clock: new VirtualClock() }));
    const seen: Array<EventLoop | undefined> = [];
    loop.callSoon(() => seen.push(getRunningLoop()));
    loop.callLater(5, () => seen.push(getRunningLoop()));
    const fut = loop.createFuture<void>();
    fut.addDoneCallback(() => seen.push(getRunningLoop()));
    loop.callLater(10, () => fut.setResult());
    await loop.runUntilComplete(async () => {
      await fut;
      seen.push(getRunningLoopOrUndefined());
      await new Promise((resolve) => setImmediate(resolve)); // a host turn, outside the loop
      seen.push(getRunningLoop());
      expect(currentContext()?.awaiter).toBeUndefined();
    });
    expect(seen).toEqual([loop, loop, loop, loop, loop]);
  });

  it("carries the awaiter given to runInContext into continuations", async () => {
    const loop = track(new EventLoop({ clock: new VirtualClock() }));
    const awaiter = { _onAwait: () => undefined, toString: () => "<Task name='t'>" };
    const seen = await loop.runUntilComplete(() =>
      runInContext({ loop, awaiter }, async () => {
        await Promise.resolve();
        const fut = loop.createFuture<void>();
        loop.callSoon(() => fut.setResult());
        await fut;
        return currentContext()?.awaiter;
      }),
    );
    expect(seen).toBe(awaiter);
  });

  it("refuses to start a loop inside a running one (asyncio.run's check)", async () => {
    const outer = track(new EventLoop({ clock: new VirtualClock() }));
    const inner = track(new EventLoop({ clock: new VirtualClock() }));
    const message = await outer.runUntilComplete(() => {
      try {
        void inner.runUntilComplete(Promise.resolve());
        return "started";
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(message).toBe("Cannot run the event loop while another loop is running");
    expect(inner.isRunning()).toBe(false);
  });

  it("runs two independent loops side by side without either seeing the other", async () => {
    const a = track(new EventLoop({ clock: new VirtualClock() }));
    const b = track(new EventLoop());
    const program = (loop: EventLoop, tag: string) => async (): Promise<string[]> => {
      const seen: string[] = [];
      for (let index = 0; index < 5; index++) {
        const fut = loop.createFuture<void>();
        loop.callLater(2, () => {
          seen.push(`${tag}:${getRunningLoop() === loop}`);
          fut.setResult();
        });
        await fut;
        seen.push(`${tag}:${getRunningLoop() === loop}`);
      }
      return seen;
    };
    const [seenA, seenB] = await Promise.all([
      a.runUntilComplete(program(a, "a")),
      b.runUntilComplete(program(b, "b")),
    ]);
    expect(seenA).toEqual(Array.from({ length: 10 }, () => "a:true"));
    expect(seenB).toEqual(Array.from({ length: 10 }, () => "b:true"));
  });

  it("forgets a closed loop", async () => {
    const loop = track(new EventLoop({ clock: new VirtualClock() }));
    let later: (() => EventLoop | undefined) | undefined;
    await loop.runUntilComplete(() => {
      later = () => runInContext({ loop, awaiter: undefined }, () => getRunningLoopOrUndefined());
    });
    expect(later?.()).toBe(loop);
    loop.close();
    expect(later?.()).toBeUndefined();
  });
});
