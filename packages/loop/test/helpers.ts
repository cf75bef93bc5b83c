import { createHook } from "node:async_hooks";
import { afterEach } from "vitest";
import {
  EventLoop,
  VirtualClock,
  getRunningLoop,
  runInContext,
  type Awaiter,
  type EventLoopOptions,
  type Future,
  type Logger,
  type LoopContext,
  type Runnable,
} from "../src/index.js";

/** A logger that records what the loop reports. */
export function recordingLogger(): Logger & {
  warnings: string[];
  errors: Array<{ message: string; error: unknown }>;
} {
  const warnings: string[] = [];
  const errors: Array<{ message: string; error: unknown }> = [];
  return {
    warnings,
    errors,
    warn: (message) => warnings.push(message),
    error: (message, error) => errors.push({ message, error }),
  };
}

/** A loop on a fresh virtual clock (autojump at once). */
export function virtualLoop(options: EventLoopOptions = {}): EventLoop {
  return new EventLoop({ clock: new VirtualClock(), debug: false, ...options });
}

/**
 * Call at the top of a test file: returns `track(loop)`, which registers a loop to be
 * closed after each test (unless it is still running).
 */
export function trackLoops(): (loop: EventLoop) => EventLoop {
  let loops: EventLoop[] = [];
  afterEach(() => {
    for (const loop of loops) if (!loop.isRunning()) loop.close();
    loops = [];
  });
  return (loop) => {
    loops.push(loop);
    return loop;
  };
}

/** A loop-level sleep: a Future settled by a `callLater` timer on the running loop. */
export function sleep(ms: number): Future<void> {
  const loop = getRunningLoop();
  const fut = loop.createFuture<void>();
  const timer = loop.callLater(ms, () => {
    if (!fut.done()) fut.setResult();
  });
  fut.addDoneCallback(() => timer.cancel());
  return fut;
}

export interface Step {
  /** The step's task context (what `currentContext()` returns inside it). */
  readonly context: LoopContext;
  /** Queues the step's start on the loop, as a Task's first `__step` is. */
  readonly runnable: Runnable;
  /** Settled when the step's code returned. */
  readonly finished: Future<void>;
}

/** A task-like step: `body` runs in a context of its own, as a Task's coroutine does. */
export function step(loop: EventLoop, name: string, body: () => PromiseLike<void>): Step {
  const awaiter: Awaiter = { _onAwait: () => undefined, toString: () => `<Task name='${name}'>` };
  const context: LoopContext = { loop, awaiter };
  const finished = loop.createFuture<void>();
  const runnable: Runnable = {
    _resumes: context,
    _run: () =>
      void runInContext(context, async () => {
        await body();
        finished.setResult();
      }),
    toString: () => `<step ${name}>`,
  };
  return { context, runnable, finished };
}

/** How many async resources of `type` (async_hooks' `init`, e.g. "PROMISE") `fn` makes. */
export function resourcesMadeBy(type: string, fn: () => void): number {
  let made = 0;
  const hook = createHook({
    init(_id, madeType) {
      if (madeType === type) made++;
    },
  }).enable();
  try {
    fn();
  } finally {
    hook.disable();
  }
  return made;
}
