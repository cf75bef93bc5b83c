import { coroutine, getRunningLoop, sleep } from "@aiots/tasks";
import { forceGc } from "../internal/force-gc.js";
import type { Scenario } from "../scenario.js";

/**
 * A coroutine that was created and never awaited does nothing, silently, which is
 * almost always a bug; debug mode reports it when it is garbage-collected, as CPython's
 * "RuntimeWarning: coroutine 'hello' was never awaited".
 *
 * ```python
 * async def main():
 *     hello()          # forgot the await
 * ```
 */
export const neverAwaited: Scenario = {
  name: "never-awaited",
  summary: "a coroutine never awaited does nothing; debug mode reports it",
  debug: true,
  async main({ print }) {
    const loop = getRunningLoop();
    const reports: string[] = [];
    loop.setExceptionHandler((_loop, context) => {
      reports.push(context.message);
    });
    const hello = coroutine(async function hello() {
      print("Hello: this line must never print");
    });
    const forget = (): void => {
      // The bug: the call makes a coroutine object that nobody awaits.
      void hello();
    };
    forget();
    print("called hello() without await: nothing printed");
    // The report comes when the coroutine is collected: make that happen now.
    for (let attempt = 0; attempt < 20 && reports.length === 0; attempt++) {
      forceGc();
      await new Promise<void>((resolve) => setImmediate(resolve));
      await sleep(0);
    }
    loop.setExceptionHandler(null);
    if (reports.length === 0) print("no report: the coroutine was not collected yet");
    for (const report of reports) print(`debug mode reported: ${report}`);
  },
};
