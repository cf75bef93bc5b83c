import { createTask, sleep } from "@aiots/tasks";
import type { ScenarioContext } from "../scenario.js";

const TICK_MS = 100;
const TICKS = 6;
const WORK_AFTER_MS = 150;

/** What the ticker saw while the work ran. */
export interface Outcome {
  /** Ticks that happened while the work ran. */
  readonly ticksDuringWork: number;
  /** The longest gap between two ticks, loop ms. */
  readonly longestGap: number;
}

/**
 * The table of `blocking` and `blocking-db`: whether the ticker kept ticking while the work
 * ran on the loop and in a thread, and the longest gap between ticks (rounded to 50 ms, so
 * that real-clock noise does not change the line).
 */
export function comparison(onLoop: Outcome, inThread: Outcome): string[] {
  const row = (label: string, left: string, right: string): string =>
    `${label.padEnd(27)}${left.padEnd(15)}${right}`;
  return [
    row("", "on the loop", "in toThread"),
    row("the ticker, while working", state(onLoop), state(inThread)),
    row("longest gap between ticks", `~${gap(onLoop)} ms`, `~${gap(inThread)} ms`),
  ];
}

/**
 * Debug mode's report of the slow step of task `name`, from the loop's warnings, its
 * seconds rounded down to 0.1 (so the line is the same on both clocks).
 */
export function slowStepReport(warnings: readonly string[], name: string): string {
  const culprit = warnings.find((report) => report.includes(`name='${name}'`));
  return culprit === undefined
    ? "debug mode: no slow step reported"
    : `debug mode: ${culprit.replace(/took ([\d.]+) seconds/, (_, s: string) => `took ${(Math.floor(Number(s) * 10) / 10).toFixed(1)} seconds`)}`;
}

function state(outcome: Outcome): string {
  return outcome.ticksDuringWork === 0 ? "stalled" : "kept ticking";
}

function gap(outcome: Outcome): number {
  return Math.round(outcome.longestGap / 50) * 50;
}

/**
 * Runs a ticker task (every 100 ms, 6 times) beside a task `name` that does `work` 150 ms
 * in, and reports what the ticker saw while the work ran.
 */
export async function tickerAndWork(
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
