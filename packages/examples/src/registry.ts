import { expected } from "@aiots/loop/internal";
import type { Scenario } from "./scenario.js";
import { blocking } from "./scenarios/blocking.js";
import { blockingDb } from "./scenarios/blocking-db.js";
import { concurrent } from "./scenarios/concurrent.js";
import { coroutineObject } from "./scenarios/coroutine-object.js";
import { crawler } from "./scenarios/crawler.js";
import { database } from "./scenarios/database.js";
import { files } from "./scenarios/files.js";
import { gatherFetch } from "./scenarios/gather-fetch.js";
import { nestedRun } from "./scenarios/nested-run.js";
import { neverAwaited } from "./scenarios/never-awaited.js";
import { serial } from "./scenarios/serial.js";
import { sseStream } from "./scenarios/sse-stream.js";
import { taskgroup } from "./scenarios/taskgroup.js";
import { timeouts } from "./scenarios/timeouts.js";
import { websocketChat } from "./scenarios/websocket-chat.js";

/**
 * Every scenario, in the order `all` runs them: the article's, its warnings, then beyond.
 *
 * @example
 * ```ts
 * for (const scenario of SCENARIOS) console.log(scenario.name, scenario.summary);
 * ```
 */
export const SCENARIOS: readonly Scenario[] = [
  coroutineObject,
  serial,
  concurrent,
  gatherFetch,
  files,
  database,
  blocking,
  blockingDb,
  nestedRun,
  neverAwaited,
  timeouts,
  taskgroup,
  crawler,
  sseStream,
  websocketChat,
];

/**
 * The scenario called `name`; throws a `RangeError` if there is none (the CLI validates
 * names before).
 *
 * @example
 * ```ts
 * await runScenario(findScenario("serial"), { virtual: true });
 * ```
 */
export function findScenario(name: string): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (scenario === undefined) {
    throw new RangeError(expected("name", "a scenario name", name));
  }
  return scenario;
}
