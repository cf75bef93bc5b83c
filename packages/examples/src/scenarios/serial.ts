import type { Scenario } from "../scenario.js";
import { makeSayAfter } from "./say-after.js";

/**
 * Two awaits one after the other: 1000 ms then 2000 ms, 3000 ms in all.
 *
 * ```python
 * async def main():
 *     print("Start")
 *     await say_after(1, "Hello")
 *     await say_after(2, "World")
 *     print("Done")
 * ```
 */
export const serial: Scenario = {
  name: "serial",
  summary: "await say_after twice: Hello after 1000 ms, World 2000 ms later (3000 ms)",
  async main({ print }) {
    const sayAfter = makeSayAfter(print);
    print("Start");
    await sayAfter(1000, "Hello");
    await sayAfter(2000, "World");
    print("Done");
  },
};
