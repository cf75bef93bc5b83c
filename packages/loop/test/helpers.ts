import { EventLoop, VirtualClock, type EventLoopOptions, type Logger } from "../src/index.js";

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
