import { performance } from "node:perf_hooks";
import { toThread } from "@aiots/tasks";
import { comparison, slowStepReport, tickerAndWork } from "../internal/ticker.js";
import { insertFor, openDatabase } from "../jobs/sqlite-inserts.mjs";
import type { Scenario } from "../scenario.js";

/** Real ms of inserts on the loop: how long the synchronous driver holds it. */
export const INSERT_MS = 300;
const INSERTS_JOB = {
  module: new URL("../jobs/sqlite-inserts.mjs", import.meta.url),
  name: "insertForInThread",
};

/**
 * The article's warning that not every library is asynchronous (不是所有的库都支持异步) and
 * that mixing blocking calls into async code hurts: inserts through a *synchronous* SQLite
 * driver (sql.js) stall a ticking task, and debug mode names the task; inserts for as long
 * in `toThread` leave the ticker ticking. Side by side, as `blocking` does with CPU work.
 *
 * ```python
 * async def store(rows):
 *     db.executemany("INSERT ...", rows)                          # blocks the loop
 *     await asyncio.to_thread(db.executemany, "INSERT ...", rows)  # does not
 * ```
 */
export const blockingDb: Scenario = {
  name: "blocking-db",
  summary:
    "a synchronous SQLite driver stalls a ticking task; debug mode names it; toThread fixes it",
  debug: true,
  capturesLoopWarnings: true,
  async main(context) {
    const { print } = context;
    const db = await openDatabase();
    let rows = 0;
    try {
      const onLoop = await tickerAndWork(context, "inserts", async () => {
        const started = performance.now();
        // As many single-row INSERTs as fit in INSERT_MS: the same stall on every machine.
        rows = insertFor(db, INSERT_MS);
        // The virtual clock does not see the time the driver held the loop: charge it.
        context.virtualClock?.advance(performance.now() - started);
      });
      print(
        `on the loop: ${rows} rows inserted one by one (sql.js, synchronous) in ${INSERT_MS} ms`,
      );
      print(slowStepReport(context.loopWarnings, "inserts"));
      // Start the worker thread and load sql.js in it first: that holds the loop a moment.
      await toThread(INSERTS_JOB, 0);
      let threadResult = { rows: 0, ms: 0 };
      const inThread = await tickerAndWork(context, "inserts-in-thread", async () => {
        // As long as on the loop: the same 300 ms of inserts, the ticker beside them.
        threadResult = await toThread<{ rows: number; ms: number }>(INSERTS_JOB, INSERT_MS);
      });
      print(
        `in toThread: ${threadResult.rows} rows inserted one by one in ${INSERT_MS} ms, in a worker thread`,
      );
      print("");
      for (const line of comparison(onLoop, inThread)) print(line);
    } finally {
      db.close();
    }
  },
};
