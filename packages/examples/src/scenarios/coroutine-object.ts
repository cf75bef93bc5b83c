import { coroutine, sleep } from "@aiots/tasks";
import type { Scenario } from "../scenario.js";

/**
 * The article's first point: calling a coroutine function returns a coroutine object and
 * runs nothing; the body runs only when it is awaited.
 *
 * ```python
 * async def hello():
 *     print("Hello")
 *
 * coro = hello()  # only a coroutine object, not running yet
 * ```
 */
export const coroutineObject: Scenario = {
  name: "coroutine-object",
  summary: "calling a coroutine function runs nothing until it is awaited",
  async main({ print }) {
    const hello = coroutine(async function hello() {
      print("Hello");
    });
    const coro = hello();
    print("coro = hello(): a coroutine object, nothing printed yet");
    await sleep(100);
    print("100 ms later: still nothing printed");
    print("await coro:");
    await coro;
  },
};
