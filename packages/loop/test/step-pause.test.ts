// A task's step runs up to its next real suspension before the loop runs the next callback of
// its batch: asyncio's `_run_once` calls `handle._run()`, and a Task's `__step` runs the
// coroutine until it awaits a pending future (or returns) before the next handle runs.
// @aiots/tasks' Task drives this through the loop's hooks (`Runnable._resumes`,
// `_stepSuspended`, `_resumeStep`); these tests drive the hooks directly, as a Task does, so
// that the loop's own suite guards them (CONTRIBUTING.md, "T6. Mutation testing").
import { describe, expect, it } from "vitest";
import { currentContext, runInContext, type LoopContext, type Runnable } from "../src/index.js";
import { step, trackLoops, virtualLoop } from "./helpers.js";

const track = trackLoops();

/** Microtask hops: promise continuations, not a suspension the loop sees. */
async function hops(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

describe("a task step in a batch (asyncio Task.__step)", () => {
  it("runs up to its await of a pending future before the next callback of the batch, in the same macrotask", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const gate = loop.createFuture<void>();
    const s = step(loop, "a", async () => {
      log.push("step: start");
      setImmediate(() => log.push("next macrotask"));
      await hops(3);
      log.push("step: awaits the gate");
      await gate;
      log.push("step: resumed");
    });
    loop._callSoonRunnable(s.runnable);
    loop.callSoon(() => {
      // A plain callback runs in the loop's context, not the step's: no current task.
      log.push(`callback (awaiter ${String(currentContext()?.awaiter)})`);
      gate.setResult();
    });
    await loop.runUntilComplete(s.finished);
    expect(log).toEqual([
      "step: start",
      "step: awaits the gate",
      "callback (awaiter undefined)",
      "next macrotask",
      "step: resumed",
    ]);
  });

  it("goes on with the batch right at the step's end, before the step's own microtasks", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const context: LoopContext = {
      loop,
      awaiter: { _onAwait: () => undefined, toString: () => "<Task name='ends'>" },
    };
    const runnable: Runnable = {
      _resumes: context,
      _run: () =>
        void runInContext(context, async () => {
          await hops(2);
          log.push("step: ends");
          queueMicrotask(() => log.push("microtask after the end"));
          // A Task's end: the last thing its step runs (`_stepSuspended(task, true)`).
          loop._stepSuspended(context, true);
        }),
      toString: () => "<step ends>",
    };
    loop._callSoonRunnable(runnable);
    loop.callSoon(() => log.push("callback"));
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    expect(log).toEqual(["step: ends", "callback", "microtask after the end"]);
  });

  it("without an end, goes on after the step's current microtask, not inside it", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const context: LoopContext = {
      loop,
      awaiter: { _onAwait: () => undefined, toString: () => "<Task name='suspends'>" },
    };
    const runnable: Runnable = {
      _resumes: context,
      _run: () =>
        void runInContext(context, async () => {
          await hops(2);
          // What `await pendingFuture` does: tells the loop, then the step's code goes on to
          // its `await` in the same microtask.
          loop._stepSuspended(context);
          log.push("step: rest of its microtask");
        }),
      toString: () => "<step suspends>",
    };
    loop._callSoonRunnable(runnable);
    loop.callSoon(() => log.push("callback"));
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    expect(log).toEqual(["step: rest of its microtask", "callback"]);
  });

  it("runs two steps of one batch one after the other, each to its suspension", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const gate = loop.createFuture<void>();
    const body = (name: string) => async (): Promise<void> => {
      log.push(`${name}: start`);
      await hops(2);
      log.push(`${name}: awaits`);
      await gate;
      log.push(`${name}: resumed`);
    };
    const a = step(loop, "a", body("a"));
    const b = step(loop, "b", body("b"));
    loop._callSoonRunnable(a.runnable);
    loop._callSoonRunnable(b.runnable);
    loop.callSoon(() => {
      log.push("callback");
      gate.setResult();
    });
    await loop.runUntilComplete(b.finished);
    expect(log).toEqual([
      "a: start",
      "a: awaits",
      "b: start",
      "b: awaits",
      "callback",
      "a: resumed",
      "b: resumed",
    ]);
  });

  it("ignores a suspension from a step the batch does not wait for", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const gate = loop.createFuture<void>();
    const other = step(loop, "other", async () => {});
    const s = step(loop, "a", async () => {
      log.push("step: start");
      setImmediate(() => log.push("next macrotask"));
      // Another task's context suspending is not this step's suspension.
      loop._stepSuspended(other.context);
      await hops(2);
      log.push("step: awaits the gate");
      await gate;
    });
    loop._callSoonRunnable(s.runnable);
    loop.callSoon(() => {
      log.push("callback");
      gate.setResult();
    });
    await loop.runUntilComplete(s.finished);
    expect(log).toEqual(["step: start", "step: awaits the gate", "callback", "next macrotask"]);
  });

  it("holds the batch for a step awaiting something the loop cannot see only until the next macrotask", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const gate = loop.createFuture<void>();
    const s = step(loop, "a", async () => {
      log.push("step: start");
      // A foreign promise (two macrotasks away): the loop never hears of this suspension.
      await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
      log.push("step: foreign promise settled");
      await gate;
      log.push("step: resumed");
    });
    loop._callSoonRunnable(s.runnable);
    loop.callSoon(() => {
      log.push("callback");
      gate.setResult();
    });
    await loop.runUntilComplete(s.finished);
    expect(log).toEqual([
      "step: start",
      "callback",
      "step: foreign promise settled",
      "step: resumed",
    ]);
  });

  it("treats a plain callback that resumes a step (_resumeStep) as that step", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const context: LoopContext = {
      loop,
      awaiter: { _onAwait: () => undefined, toString: () => "<Task name='resumed'>" },
    };
    const gate = loop.createFuture<void>();
    loop.callSoon(() => {
      // A done callback that settles what a task awaits: the task's code goes on in
      // promise continuations, and runs to its next suspension before the next callback.
      loop._resumeStep(context);
      void runInContext(context, async () => {
        await hops(2);
        log.push("resumed step: awaits the gate");
        await gate;
      });
    });
    loop.callSoon(() => {
      log.push("callback");
      gate.setResult();
    });
    const done = loop.createFuture<void>();
    loop.callSoon(() => done.setResult());
    await loop.runUntilComplete(done);
    expect(log).toEqual(["resumed step: awaits the gate", "callback"]);
  });

  it("does not take _resumeStep outside a batch for a step", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const context: LoopContext = {
      loop,
      awaiter: { _onAwait: () => undefined, toString: () => "<Task name='outside'>" },
    };
    const done = loop.createFuture<void>();
    loop.callSoon(() => {
      // The loop runs but no callback does: nothing there to pause.
      setImmediate(() => {
        loop._resumeStep(context);
        loop.callSoon(() => {
          log.push("first");
          setImmediate(() => log.push("next macrotask"));
        });
        loop.callSoon(() => log.push("second"));
        loop.callSoon(() => done.setResult());
      });
    });
    await loop.runUntilComplete(done);
    expect(log).toEqual(["first", "second", "next macrotask"]);
  });
  it("runs what a paused batch queued before a timer that came due while it waited (asyncio _run_once)", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    const s = step(loop, "a", async () => {
      log.push("step: start");
      // Due at once, but the batch in progress goes on first.
      loop.callLater(0, () => log.push("timer"));
      await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
    });
    loop._callSoonRunnable(s.runnable);
    loop.callSoon(() => {
      log.push("callback");
      loop.callSoon(() => log.push("queued by the batch"));
    });
    await loop.runUntilComplete(s.finished);
    expect(log).toEqual(["step: start", "callback", "queued by the batch", "timer"]);
  });

  it("does not pause the next batch for a step that ended the previous one", async () => {
    const loop = track(virtualLoop());
    const log: string[] = [];
    // The last item of a batch: no pause for it; its code goes on past the batch's end.
    const s = step(loop, "last", async () => {
      await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
    });
    loop.callSoon(() => {
      loop.callSoon(() => {
        log.push("first");
        setImmediate(() => log.push("next macrotask"));
      });
      loop.callSoon(() => log.push("second"));
    });
    loop._callSoonRunnable(s.runnable);
    await loop.runUntilComplete(s.finished);
    expect(log).toEqual(["first", "second", "next macrotask"]);
  });
  it("never runs a callback while the loop is not running, when a step paused the stopping batch", async () => {
    const loop = track(virtualLoop());
    const runs: boolean[] = [];
    const stop = loop.createFuture<void>();
    const gate = loop.createFuture<void>();
    const s = step(loop, "a", async () => {
      await gate;
    });
    loop.callSoon(() => {
      // The next batch: the run's stop (stop's done callback), a step that pauses the
      // batch, and a callback after it.
      stop.setResult();
      loop._callSoonRunnable(s.runnable);
      loop.callSoon(() => runs.push(loop.isRunning()));
    });
    await loop.runUntilComplete(stop);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    const again = loop.createFuture<void>();
    loop.callSoon(() => again.setResult());
    await loop.runUntilComplete(again);
    // asyncio runs it in the stopping iteration, this loop at the next run: either way once,
    // and inside a run.
    expect(runs).toEqual([true]);
  });
});
