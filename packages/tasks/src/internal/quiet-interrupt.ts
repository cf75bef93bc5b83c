import { inspect } from "node:util";
import { KeyboardInterrupt } from "../errors.js";

/**
 * Ctrl-C on `await run(main)` ends the program as Node and CPython do: a one-line
 * message and exit status 130, not a stack trace and status 1. `run()` calls this just
 * before it rejects with `error`: if nobody handles that rejection (it reaches Node as an
 * uncaught exception, which happens before the next macrotask), it is reported in one line
 * and the process exits with 130. Handled, the listener is gone at the next macrotask.
 */
export function exitQuietlyIfUncaught(error: KeyboardInterrupt): void {
  const onUncaught = (uncaught: unknown): void => {
    if (uncaught === error) {
      process.stderr.write(`${error.name}: ${error.message}\n`);
      process.exit(130);
    }
    // Another error in this window: do what Node does without a listener, unless some
    // other listener handles it.
    if (process.listenerCount("uncaughtException") > 1) return;
    process.stderr.write(`${inspect(uncaught)}\n`);
    process.exit(1);
  };
  process.on("uncaughtException", onUncaught);
  setImmediate(() => process.off("uncaughtException", onUncaught));
}
