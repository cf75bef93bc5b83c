import { run } from "@aiots/tasks";
import { describeError } from "../errors.js";
import type { Scenario } from "../scenario.js";

/**
 * The article's last warning: one event loop per thread; starting another inside the
 * running one is an error, as `asyncio.run()` raises "cannot be called from a running event
 * loop".
 *
 * ```python
 * async def main():
 *     asyncio.run(other())  # RuntimeError
 * ```
 */
export const nestedRun: Scenario = {
  name: "nested-run",
  summary: "run() inside a running loop throws RuntimeError",
  async main({ print }) {
    print("inside run(main): calling run(other)");
    try {
      await run(async () => {
        print("other ran: this line must never print");
      });
      print("run(other) returned: this line must never print");
    } catch (error) {
      print(describeError(error));
    }
  },
};
