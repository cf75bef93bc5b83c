import { createTask } from "@aiots/tasks";
import type { Scenario } from "../scenario.js";
import { makeSayAfter } from "./say-after.js";

/**
 * The same two coroutines wrapped in tasks: they run at once, 2000 ms in all, not 3000.
 *
 * ```python
 * async def main():
 *     task1 = asyncio.create_task(say_after(1, "Hello"))
 *     task2 = asyncio.create_task(say_after(2, "World"))
 *     print("Started")
 *     await task1
 *     await task2
 *     print("Finished")
 * ```
 */
export const concurrent: Scenario = {
  name: "concurrent",
  summary: "two createTask: Hello and World run at once (2000 ms, not 3000)",
  async main({ print }) {
    const sayAfter = makeSayAfter(print);
    const task1 = createTask(sayAfter(1000, "Hello"), { name: "sayAfter(1000)" });
    const task2 = createTask(sayAfter(2000, "World"), { name: "sayAfter(2000)" });
    print("Started");
    await task1;
    await task2;
    print("Finished");
  },
};
