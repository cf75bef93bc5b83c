import { constants as osConstants } from "node:os";
import { pathToFileURL } from "node:url";
import { RuntimeError } from "../errors.js";
import { describeValue } from "./validate.js";

/** Debug mode: the stack of the code that scheduled a handle, without the loop's own frames. */
export function captureStack(): string {
  const frames = (new Error("source").stack ?? "").split("\n").slice(2);
  // Drop the loop's own frames (callSoon, callLater, #schedule...): start at the caller's.
  const first = frames.findIndex((frame) => !/^\s+at (?:EventLoop\.|#schedule)/.test(frame));
  return frames.slice(Math.max(first, 0)).join("\n");
}

/** A job's module as something the worker can import: URLs and absolute paths become file: URLs. */
export function resolveModule(module: unknown): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== "string" || module === "") {
    throw new TypeError(
      `Expected \`module\` to be a URL or a non-empty string, got ${describeValue(module)}`,
    );
  }
  if (module.startsWith("/") || /^[A-Za-z]:[\\/]/.test(module)) return pathToFileURL(module).href;
  return module;
}

/** Throws unless `signal` is a signal name the process can catch. */
export function assertSignal(signal: unknown): asserts signal is NodeJS.Signals {
  if (typeof signal !== "string") {
    throw new TypeError(
      `Expected \`signal\` to be a signal name such as "SIGINT", got ${describeValue(signal)}`,
    );
  }
  if (!(signal in osConstants.signals)) {
    throw new RangeError(
      `Expected \`signal\` to be a signal name such as "SIGINT", got ${describeValue(signal)}`,
    );
  }
  if (signal === "SIGKILL" || signal === "SIGSTOP")
    throw new RuntimeError(`${signal} cannot be caught`);
}
