import {
  createTask,
  shield,
  sleep,
  timeout,
  TimeoutError,
  waitFor,
  CancelledError,
} from "@aiots/tasks";
import type { Scenario } from "../scenario.js";

/**
 * Deadlines, beyond the article: `waitFor` cancels the work it gave up on, `timeout()`
 * bounds a whole block, and `shield` lets the work outlive the wait.
 *
 * ```python
 * await asyncio.wait_for(work(1), timeout=0.5)        # TimeoutError, work cancelled
 * async with asyncio.timeout(0.3): await asyncio.sleep(1)
 * await asyncio.wait_for(asyncio.shield(save), 0.2)   # TimeoutError, save goes on
 * ```
 */
export const timeouts: Scenario = {
  name: "timeouts",
  summary: "waitFor, timeout and shield: deadlines that cancel, or not",
  async main({ print }) {
    const work = async (ms: number): Promise<string> => {
      try {
        await sleep(ms);
        return "finished";
      } catch (error) {
        if (error instanceof CancelledError) print(`  work(${ms}) was cancelled`);
        throw error;
      }
    };

    print("waitFor(work(1000), 500):");
    try {
      await waitFor(work(1000), 500);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      print("  TimeoutError after 500 ms");
    }

    print("timeout(300, () => sleep(1000)):");
    try {
      await timeout(300, async () => {
        await sleep(1000);
        print("  never printed");
      });
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      print("  TimeoutError after 300 ms");
    }

    print("waitFor(shield(save), 200), save takes 400 ms:");
    const save = createTask(
      async () => {
        await sleep(400);
        print("  save finished, not cancelled");
        return "saved";
      },
      { name: "save" },
    );
    try {
      await waitFor(shield(save), 200);
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      print("  TimeoutError after 200 ms; save goes on");
    }
    print(`  await save: ${await save}`);
  },
};
