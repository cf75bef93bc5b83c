import { afterEach } from "vitest";
import {
  EventLoop,
  VirtualClock,
  getRunningLoop,
  type EventLoopOptions,
  type Future,
  type Logger,
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
