/**
 * The loop's signal handlers (asyncio's `add_signal_handler` bookkeeping): at most one
 * process listener per signal, removed again on demand or when the loop closes.
 */
import { constants as osConstants } from "node:os";
import { RuntimeError } from "../errors.js";
import { expected } from "./validate.js";

export class SignalHandlers {
  readonly #listeners = new Map<NodeJS.Signals, () => void>();

  /** Installs `listener` for `signal`, replacing (and removing) a previous one. */
  set(signal: NodeJS.Signals, listener: () => void): void {
    this.delete(signal);
    process.on(signal, listener);
    this.#listeners.set(signal, listener);
  }

  /** Removes the listener for `signal`; returns whether there was one. */
  delete(signal: NodeJS.Signals): boolean {
    const listener = this.#listeners.get(signal);
    if (listener === undefined) return false;
    process.removeListener(signal, listener);
    this.#listeners.delete(signal);
    return true;
  }

  /** Removes every listener. */
  clear(): void {
    for (const signal of [...this.#listeners.keys()]) this.delete(signal);
  }
}

/** Throws unless `signal` is a signal name the process can catch. */
export function assertSignal(signal: unknown): asserts signal is NodeJS.Signals {
  if (typeof signal !== "string") {
    throw new TypeError(expected("signal", 'a signal name such as "SIGINT"', signal));
  }
  if (!(signal in osConstants.signals)) {
    throw new RangeError(expected("signal", 'a signal name such as "SIGINT"', signal));
  }
  if (signal === "SIGKILL" || signal === "SIGSTOP")
    throw new RuntimeError(`${signal} cannot be caught`);
}
