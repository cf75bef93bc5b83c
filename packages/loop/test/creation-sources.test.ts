// Debug mode's creation sources (asyncio's Handle._source_traceback, Future's
// _source_traceback): where each handle was scheduled, by which awaiter (task), in which
// order; and the loop's pending timers, which @aiots/tasks' leftovers report lists.
import { afterEach, describe, expect, it } from "vitest";
import {
  EventLoop,
  VirtualClock,
  creationSourceOf,
  lastCreationSerial,
  recordCreationSource,
  runInContext,
  type Awaiter,
} from "../src/index.js";

let loop: EventLoop;
afterEach(() => {
  if (!loop.isRunning()) loop.close();
});

const awaiter: Awaiter = { _onAwait: () => undefined, toString: () => "<Task name='owner'>" };

describe("creation sources (debug mode)", () => {
  it("records, for each handle, the scheduling stack, the awaiter and the order", () => {
    loop = new EventLoop({ clock: new VirtualClock(), debug: true });
    const before = lastCreationSerial();
    function scheduleInTask(): ReturnType<EventLoop["callLater"]> {
      return runInContext({ loop, awaiter }, () => loop.callLater(10, () => {}));
    }
    const timer = scheduleInTask();
    const handle = loop.callSoon(function plain() {});
    const timerSource = creationSourceOf(timer)!;
    const handleSource = creationSourceOf(handle)!;
    expect(timerSource.owner).toBe(awaiter);
    expect(handleSource.owner).toBeUndefined();
    // The loop's own frames are left out: the stack starts in the code that scheduled it.
    expect(timerSource.stack.split("\n")[0]).toMatch(/^\s+at .*creation-sources\.test\.ts/);
    expect(timerSource.stack).toMatch(/at scheduleInTask /);
    expect(timerSource.stack).not.toMatch(/EventLoop\.|#schedule/);
    expect(timerSource.serial).toBe(before + 1);
    expect(handleSource.serial).toBe(before + 2);
    expect(lastCreationSerial()).toBe(before + 2);
  });

  it("records nothing when debug mode is off", () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    const before = lastCreationSerial();
    expect(creationSourceOf(loop.callLater(10, () => {}))).toBeUndefined();
    expect(creationSourceOf(loop.callSoon(() => {}))).toBeUndefined();
    expect(lastCreationSerial()).toBe(before);
  });

  it("records any object for a library, without the frames of `skip` and above", () => {
    loop = new EventLoop({ clock: new VirtualClock(), debug: true });
    const resource = {};
    function openResource(): void {
      inner();
    }
    function inner(): void {
      recordCreationSource(resource, inner);
    }
    openResource();
    const source = creationSourceOf(resource)!;
    expect(source.stack.split("\n")[0]).toMatch(/^\s+at openResource /);
    expect(source.owner).toBeUndefined();
  });
});

describe("pending timers", () => {
  it("lists the timers still scheduled, earliest first, without the cancelled ones", async () => {
    loop = new EventLoop({ clock: new VirtualClock() });
    const late = loop.callLater(300, () => {});
    const cancelled = loop.callLater(100, () => {});
    const early = loop.callLater(200, () => {});
    const fired = loop.callLater(50, () => {});
    cancelled.cancel();
    expect(loop._pendingTimers()).toEqual([fired, early, late]);
    const done = loop.createFuture<void>();
    loop.callLater(60, () => done.setResult());
    await loop.runUntilComplete(done);
    expect(loop._pendingTimers()).toEqual([early, late]);
  });
});
