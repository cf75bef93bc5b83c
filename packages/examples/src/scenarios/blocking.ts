import { createTask, sleep, toThread } from "@aiots/tasks";
import { busyWait } from "../jobs/busy-wait.mjs";
import type { Scenario, ScenarioContext } from "../scenario.js";

/** Real CPU time the blocking work takes, ms. */
export const BUSY_MS = 300;
const TICK_MS = 100;
const TICKS = 6;
const WORK_AFTER_MS = 150;
const BUSY_JOB = { module: new URL("../jobs/busy-wait.mjs", import.meta.url), name: "busyWait" };

interface Outcome {
  /** Ticks that happened while the work ran. */
  readonly ticksDuringWork: number;
  /** The longest gap between two ticks, loop ms. */
  readonly longestGap: number;
}

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
    const culprit = context.loopWarnings.find((report) => report.includes("busy"));
    print(
      culprit === undefined
        ? "debug mode: no slow step reported"
        : `debug mode: ${culprit.replace(/took ([\d.]+) seconds/, (_, s: string) => `took ${(Math.floor(Number(s) * 10) / 10).toFixed(1)} seconds`)}`,
    );
    // Start the worker thread first: spawning it holds the loop for a moment.
    await toThread(BUSY_JOB, 0);
    const inThread = await tickerAndWork(context, "busy-in-thread", async () => {
      await toThread(BUSY_JOB, BUSY_MS);
    });
    print("");
    const row = (label: string, left: string, right: string): string =>
      `${label.padEnd(27)}${left.padEnd(15)}${right}`;
    print(row("", "on the loop", "in toThread"));
    print(row("the ticker, while working", state(onLoop), state(inThread)));
    print(row("longest gap between ticks", `~${gap(onLoop)} ms`, `~${gap(inThread)} ms`));
  },
};

function state(outcome: Outcome): string {
  return outcome.ticksDuringWork === 0 ? "stalled" : "kept ticking";
}

/** Rounded to 50 ms: real-clock noise must not change the printed line. */
function gap(outcome: Outcome): number {
  return Math.round(outcome.longestGap / 50) * 50;
}

async function tickerAndWork(
  context: ScenarioContext,
  name: string,
  work: () => Promise<void>,
): Promise<Outcome> {
  const ticks: number[] = [];
  const partStart = context.now();
  let workStart = Number.POSITIVE_INFINITY;
  let workEnd = Number.POSITIVE_INFINITY;
  const ticker = createTask(
    async () => {
      for (let i = 0; i < TICKS; i++) {
        await sleep(TICK_MS);
        ticks.push(context.now());
      }
    },
    { name: `ticker (${name})` },
  );
  const worker = createTask(
    async () => {
      await sleep(WORK_AFTER_MS);
      workStart = context.now();
      await work();
      workEnd = context.now();
    },
    { name },
  );
  await ticker;
  await worker;
  const gaps = ticks.map((at, i) => at - (i === 0 ? partStart : (ticks[i - 1] ?? partStart)));
  return {
    ticksDuringWork: ticks.filter((at) => at > workStart && at < workEnd).length,
    longestGap: Math.max(...gaps),
  };
}
