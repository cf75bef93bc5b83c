import { writeFile } from "node:fs/promises";
import type { TaskSpan } from "./task-span.js";

/** A Chrome trace event, as the Trace Event Format defines it. */
export interface TraceEvent {
  readonly name: string;
  readonly ph: "X" | "M";
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  readonly args?: Readonly<Record<string, unknown>>;
}

/** The JSON object Perfetto and chrome://tracing open. */
export interface ChromeTrace {
  readonly traceEvents: readonly TraceEvent[];
  readonly displayTimeUnit: "ms";
}

/** The tasks of one scenario, for {@link chromeTrace}. */
export interface TracedScenario {
  readonly name: string;
  readonly spans: readonly TaskSpan[];
  /** The scenario's loop time, to lay the next scenario after it. */
  readonly loopTimeMs: number;
}

/**
 * Turns the tasks of the scenarios into Chrome trace events: one process per scenario
 * (named after it), one thread per task (named after it), and one complete event (`"ph":
 * "X"`) per task with `ts`/`dur` in microseconds of loop time. Scenarios are laid end to
 * end, in the order they ran.
 *
 * @example
 * ```ts
 * const trace = chromeTrace([{ name: "serial", loopTimeMs: 3000, spans }]);
 * await writeFile("trace.json", JSON.stringify(trace));
 * ```
 */
export function chromeTrace(scenarios: readonly TracedScenario[]): ChromeTrace {
  const events: TraceEvent[] = [];
  let offsetMs = 0;
  scenarios.forEach((scenario, index) => {
    const pid = index + 1;
    events.push({ name: "process_name", ph: "M", pid, tid: 0, args: { name: scenario.name } });
    events.push({ name: "process_sort_index", ph: "M", pid, tid: 0, args: { sort_index: pid } });
    for (const span of scenario.spans) {
      const tid = span.id;
      const end = span.end ?? scenario.loopTimeMs;
      events.push({ name: "thread_name", ph: "M", pid, tid, args: { name: span.name } });
      events.push({
        name: span.name,
        cat: "task",
        ph: "X",
        pid,
        tid,
        ts: micros(offsetMs + span.start),
        dur: micros(Math.max(0, end - span.start)),
        args: {
          state: span.state,
          ...(span.parentId === undefined ? {} : { parent: span.parentId }),
        },
      });
    }
    offsetMs += scenario.loopTimeMs;
  });
  return { traceEvents: events, displayTimeUnit: "ms" };
}

/**
 * Writes {@link chromeTrace} of the scenarios to `file`.
 *
 * @example
 * ```ts
 * await writeChromeTrace("trace.json", results);
 * ```
 */
export async function writeChromeTrace(
  file: string,
  scenarios: readonly TracedScenario[],
): Promise<void> {
  await writeFile(file, `${JSON.stringify(chromeTrace(scenarios))}\n`);
}

function micros(ms: number): number {
  return Math.round(ms * 1000);
}
