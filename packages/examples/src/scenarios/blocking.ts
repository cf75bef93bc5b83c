import { toThread } from "@aiots/tasks";
import { comparison, slowStepReport, tickerAndWork } from "../internal/ticker.js";
import { busyWait } from "../jobs/busy-wait.mjs";
import type { Scenario } from "../scenario.js";

/** Real CPU time the blocking work takes, ms. */
export const BUSY_MS = 300;
const BUSY_JOB = { module: new URL("../jobs/busy-wait.mjs", import.meta.url), name: "busyWait" };

/**
 * The article's warning about mixing blocking code with coroutines, made visible: a
 * ticking task every 100 ms, and a task that does 300 ms of CPU work. Run on the loop, the
 * work stalls the ticker and debug mode names the culprit; moved to `toThread`, the ticker
 * keeps its rhythm.
 *
 * ```python
 * async def busy():
 *     time.sleep(0.3)                          # blocks the loop
 *     await asyncio.to_thread(time.sleep, 0.3)  # does not
 * ```
 */
export const blocking: Scenario = {
  name: "blocking",
  summary: "a busy task stalls a ticking one; debug mode names it; toThread fixes it",
  debug: true,
  capturesLoopWarnings: true,
  async main(context) {
    const { print } = context;
    const onLoop = await tickerAndWork(context, "busy", async () => {
      busyWait(BUSY_MS);
      // The virtual clock does not see CPU time: charge it, so the story is the same.
      context.virtualClock?.advance(BUSY_MS);
    });
    // Debug mode reported the slow step through the loop's logger.
    print(slowStepReport(context.loopWarnings, "busy"));
    // Start the worker thread first: spawning it holds the loop for a moment.
    await toThread(BUSY_JOB, 0);
    const inThread = await tickerAndWork(context, "busy-in-thread", async () => {
      await toThread(BUSY_JOB, BUSY_MS);
    });
    print("");
    for (const line of comparison(onLoop, inThread)) print(line);
  },
};
