import { CancelledError, sleep, taskGroup } from "@aiots/tasks";
import { describeError } from "../errors.js";
import type { Scenario } from "../scenario.js";

/**
 * Structured concurrency, beyond the article: when one child of a TaskGroup fails, its
 * siblings are cancelled and the errors come out together as an `ExceptionGroup`.
 *
 * ```python
 * async with asyncio.TaskGroup() as tg:
 *     tg.create_task(fetch("a", 0.1))
 *     tg.create_task(parse("b", 0.2))   # raises
 *     tg.create_task(fetch("c", 1))     # cancelled
 * ```
 */
export const taskgroup: Scenario = {
  name: "taskgroup",
  summary: "one failing child cancels its siblings; the error comes out as an ExceptionGroup",
  async main({ print }) {
    const child = async (name: string, ms: number, fail = false): Promise<void> => {
      try {
        await sleep(ms);
      } catch (error) {
        if (error instanceof CancelledError) print(`${name}: cancelled`);
        throw error;
      }
      if (fail) {
        print(`${name}: failing`);
        throw new Error(`${name} could not parse its input`);
      }
      print(`${name}: done`);
    };
    try {
      await taskGroup(async (tg) => {
        tg.createTask(() => child("fetch-a", 100), { name: "fetch-a" });
        tg.createTask(() => child("parse-b", 200, true), { name: "parse-b" });
        tg.createTask(() => child("fetch-c", 1000), { name: "fetch-c" });
      });
      print("the group ended without an error: this line must never print");
    } catch (error) {
      print(`the group raised ${describeError(error)}`);
    }
  },
};
