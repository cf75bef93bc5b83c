// The library's "settle now" paths of Future (`_setResultNow`, `_setExceptionNow`,
// `_addDoneRunnable`): what @aiots/tasks' lock and queue waiters and Task use, guarded here by
// the loop's own suite (CONTRIBUTING.md, "T6. Mutation testing"). asyncio has no such path:
// its done callbacks always go through `call_soon` (test_futures.py,
// test_callbacks_invoked_on_set_result), which the normal path keeps.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  runInContext,
  type EventLoop,
  type ExceptionContext,
  type LoopContext,
  type Runnable,
} from "../src/index.js";
import { trackLoops, virtualLoop } from "./helpers.js";

const track = trackLoops();

/** A Runnable that logs its runs; `resumes` is the step it starts, if any. */
function runnable(log: string[], name: string, resumes?: LoopContext): Runnable {
  return { _resumes: resumes, _run: () => void log.push(name), toString: () => `<${name}>` };
}

/** Collects garbage until `done()` (finalizers run between turns of Node's loop). */
async function collectUntil(done: () => boolean): Promise<void> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  for (let attempt = 0; attempt < 20 && !done(); attempt++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function recordExceptions(loop: EventLoop): ExceptionContext[] {
  const seen: ExceptionContext[] = [];
  loop.setExceptionHandler((_loop, context) => seen.push(context));
  return seen;
}

describe("Future._setResultNow / _setExceptionNow", () => {
  it("runs done callbacks, runnables and then() handlers now, in registration order", async () => {
    const loop = track(virtualLoop());
    const fut = loop.createFuture<number>();
    const log: string[] = [];
    fut.addDoneCallback((f) => log.push(`callback ${f.result()}`));
    fut._addDoneRunnable(runnable(log, "runnable"));
    void fut.then((value) => log.push(`then ${value}`));
    fut._setResultNow(7);
    expect(log).toEqual(["callback 7", "runnable", "then 7"]);
    expect(loop._readyCount).toBe(0);
    expect(fut.result()).toBe(7);
  });

  it("delivers an exception now, and the await that received it retrieved it", async () => {
    const loop = track(virtualLoop());
    const fut = loop.createFuture<number>();
    const error = new Error("boom");
    const seen: unknown[] = [];
    const awaited = fut.then(undefined, (reason) => seen.push(reason));
    fut.addDoneCallback((f) => seen.push(f.exception()));
    fut._setExceptionNow(error);
    expect(seen).toEqual([error, error]);
    expect(loop._readyCount).toBe(0);
    expect(fut._logTraceback).toBe(false);
    await awaited;
  });

  it("only the future settled now runs its callbacks now; others settled meanwhile go through the loop", async () => {
    const loop = track(virtualLoop());
    const first = loop.createFuture<string>();
    const second = loop.createFuture<string>();
    const log: string[] = [];
    second.addDoneCallback(() => log.push("second's callback"));
    first.addDoneCallback(() => {
      log.push("first's callback");
      second.setResult("later");
    });
    first._setResultNow("now");
    expect(log).toEqual(["first's callback"]);
    expect(loop._readyCount).toBe(1);
    // And the next plain setResult is a plain one again.
    const third = loop.createFuture<void>();
    third.addDoneCallback(() => log.push("third's callback"));
    third.setResult();
    expect(log).toEqual(["first's callback"]);
    await loop.runUntilComplete(third);
    expect(log).toEqual(["first's callback", "second's callback", "third's callback"]);
  });

  it("is a plain setResult after a _setResultNow that threw (already done)", () => {
    const loop = track(virtualLoop());
    const done = loop.createFuture<number>();
    done.setResult(1);
    expect(() => done._setResultNow(2)).toThrow("invalid state: <Future finished result=1>");
    expect(() => done._setExceptionNow(new Error("late"))).toThrow(
      "invalid state: <Future finished result=1>",
    );
    const next = loop.createFuture<number>();
    const log: string[] = [];
    next.addDoneCallback(() => log.push("callback"));
    next.setResult(3);
    expect(log).toEqual([]);
    expect(loop._readyCount).toBe(1);
  });

  it("reports a done callback that throws to the exception handler, and runs the others", () => {
    const loop = track(virtualLoop());
    const seen = recordExceptions(loop);
    const fut = loop.createFuture<number>();
    const error = new Error("callback failed");
    const log: string[] = [];
    fut.addDoneCallback(function onLockAcquired() {
      throw error;
    });
    fut.addDoneCallback(() => {
      throw error;
    });
    fut.addDoneCallback(() => log.push("after"));
    fut._setResultNow(1);
    expect(log).toEqual(["after"]);
    expect(seen).toEqual([
      {
        message: "Exception in callback onLockAcquired(<Future finished result=1>)",
        exception: error,
        future: fut,
      },
      {
        message: "Exception in callback anonymous(<Future finished result=1>)",
        exception: error,
        future: fut,
      },
    ]);
  });

  it("makes a runnable that resumes a task's step the loop's current step", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const context: LoopContext = {
      loop,
      awaiter: { _onAwait: () => undefined, toString: () => "<Task name='waiter'>" },
    };
    const gate = loop.createFuture<void>();
    const fut = loop.createFuture<void>();
    // The task's code goes on in promise continuations after the wake-up...
    fut._addDoneRunnable({
      _resumes: context,
      _run: () =>
        void runInContext(context, async () => {
          await Promise.resolve();
          await Promise.resolve();
          log.push("waiter: awaits the gate");
          await gate;
        }),
      toString: () => "<wake-up>",
    });
    loop.callSoon(() => fut._setResultNow());
    loop.callSoon(() => {
      log.push("next callback");
      gate.setResult();
    });
    // ...and runs to its next suspension before the next callback of the batch.
    await loop.runUntilComplete(gate);
    expect(log).toEqual(["waiter: awaits the gate", "next callback"]);
  });
});

describe("a future settled now, with nothing waiting", () => {
  it("is not kept alive by the library once settled", async () => {
    const loop = track(virtualLoop());
    let collected = false;
    // A FinalizationRegistry, not a WeakRef: deref() would keep the future for the turn.
    const registry = new FinalizationRegistry(() => {
      collected = true;
    });
    (() => {
      const fut = loop.createFuture<object>();
      registry.register(fut, undefined);
      fut._setResultNow({ big: new Array(1000).fill(0) });
    })();
    await collectUntil(() => collected);
    expect(collected).toBe(true);
  });

  it("reports its exception as never retrieved once collected (test_tb_logger_exception_unretrieved)", async () => {
    const loop = track(virtualLoop());
    const seen = recordExceptions(loop);
    const error = new Error("lost");
    (() => loop.createFuture()._setExceptionNow(error))();
    await collectUntil(() => seen.length > 0);
    expect(seen).toMatchObject([
      { message: "Future exception was never retrieved", exception: error },
    ]);
  });
});

describe("Future._addDoneRunnable", () => {
  it("queues the runnable when the future settles, or at once if it is done", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const pending = loop.createFuture<void>();
    pending._addDoneRunnable(runnable(log, "waited"));
    expect(loop._readyCount).toBe(0);
    const done = loop.createFuture<void>();
    done.setResult();
    done._addDoneRunnable(runnable(log, "already done"));
    expect(loop._readyCount).toBe(1);
    pending.setResult();
    expect(log).toEqual([]);
    await loop.runUntilComplete(pending);
    expect(log).toEqual(["already done", "waited"]);
  });
});
