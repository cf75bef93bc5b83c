import { performance } from "node:perf_hooks";
import { EventLoop, getRunningLoop, VirtualClock } from "@aiots/loop";
import { currentTask, observeTasks, run, type Task } from "@aiots/tasks";
import type { Scenario, ScenarioContext } from "./scenario.js";
import type { TaskSpan, TaskState } from "./task-span.js";

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Run on a {@link VirtualClock}. */
  readonly virtual?: boolean;
  readonly latencyMs?: number | undefined;
  readonly urls?: readonly string[];
  /** `--database-url`: a PostgreSQL server for `database`. */
  readonly databaseUrl?: string | undefined;
  /** `--pool`: the pool size of `database`. */
  readonly poolSize?: number | undefined;
  /** A progress bar may be drawn (a TTY, not `--json`). */
  readonly interactive?: boolean;
  /** Called for each printed line as it is printed, with its loop ms. */
  readonly onLine?: ((line: string, atMs: number) => void) | undefined;
}

/** What one run of a scenario printed and how long it took. */
export interface ScenarioResult {
  readonly name: string;
  /** The lines it printed. */
  readonly output: readonly string[];
  /** Real ms from the start of `run()` to its end. */
  readonly elapsedMs: number;
  /** Loop ms from the first step of the main task to its end. */
  readonly loopTimeMs: number;
  /** The embedded server's latency, when one applied. */
  readonly latencyMs?: number;
  /** Its tasks, main first, in the order they were created. */
  readonly spans: readonly TaskSpan[];
  /** Set when the scenario failed (or was interrupted). */
  readonly error?: unknown;
}

/**
 * Runs one scenario as the main task of a fresh `run()`, collecting what it prints, its real
 * and loop time, and every task it started (through `observeTasks()`).
 *
 * @example
 * ```ts
 * const result = await runScenario(serial, { virtual: true });
 * result.output; // ["Start", "Hello", "World", "Done"]
 * result.loopTimeMs; // 3000
 * ```
 */
export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> {
  const output: string[] = [];
  const clock = options.virtual
    ? new VirtualClock({ autojumpThreshold: scenario.autojumpThresholdMs ?? 0 })
    : undefined;
  let loop: EventLoop | undefined;
  let loopStart = 0;
  let loopEnd: number | undefined;
  let latencyMs: number | undefined;
  const created: Array<{ task: Task<unknown>; parent: Task<unknown> | undefined }> = [];
  const stopObserving = observeTasks({
    created(task, parent) {
      created.push({ task, parent });
    },
  });

  const loopWarnings: string[] = [];
  const context: ScenarioContext = {
    loopWarnings,
    print(line) {
      output.push(line);
      options.onLine?.(line, loop === undefined ? 0 : loop.time() - loopStart);
    },
    now: () => (loop === undefined ? 0 : loop.time() - loopStart),
    virtualClock: clock,
    latencyMs: options.latencyMs,
    urls: options.urls ?? [],
    databaseUrl: options.databaseUrl,
    poolSize: options.poolSize,
    interactive: options.interactive ?? false,
    reportLatency(ms) {
      latencyMs = ms;
    },
  };

  const started = performance.now();
  let error: unknown;
  try {
    await run(
      async () => {
        loop = getRunningLoop();
        loopStart = loop.time();
        currentTask()?.setName("main");
        try {
          await scenario.main(context);
        } finally {
          loopEnd = loop.time();
        }
      },
      {
        loopFactory: () =>
          new EventLoop({
            debug: scenario.debug ?? false,
            ...(clock === undefined ? {} : { clock }),
            logger: {
              warn(message) {
                if (scenario.capturesLoopWarnings) loopWarnings.push(message);
                else console.warn(message);
              },
              error(message, error) {
                if (error === undefined) console.error(message);
                else console.error(message, error);
              },
            },
          }),
      },
    );
  } catch (caught) {
    error = caught;
  } finally {
    stopObserving();
  }
  const elapsedMs = performance.now() - started;
  const ours = created.filter(({ task }) => loop !== undefined && task.getLoop() === loop);
  const ids = new Map(ours.map(({ task }, index) => [task, index + 1]));
  const spans = ours.map(({ task, parent }, index): TaskSpan => {
    const parentId = parent === undefined ? undefined : ids.get(parent);
    const finished = task.done() ? task.finishedAt : undefined;
    return {
      id: index + 1,
      name: task.getName(),
      ...(parentId === undefined ? {} : { parentId }),
      start: Math.max(0, task.createdAt - loopStart),
      end: finished === undefined ? undefined : Math.max(0, finished - loopStart),
      state: stateOf(task),
    };
  });
  return {
    name: scenario.name,
    output,
    elapsedMs,
    loopTimeMs: loopEnd === undefined ? 0 : loopEnd - loopStart,
    ...(latencyMs === undefined ? {} : { latencyMs }),
    spans,
    ...(error === undefined ? {} : { error }),
  };
}

function stateOf(task: Task<unknown>): TaskState {
  if (!task.done()) return "pending";
  if (task.cancelled()) return "cancelled";
  return task.exception() === undefined ? "done" : "failed";
}
