// Newcomer report: `createTask(sayAfter(1000, "Hello"))` with a plain async function gives
// the task a promise whose code already runs in the caller's task; `task.cancel()` ends the
// task but the work goes on (it printed 150 ms later), with no word in debug mode. asyncio's
// create_task refuses anything but a coroutine; here the promise is accepted (documented in
// the README's "Choices") and debug mode says what happens and what to write instead.
import { describe, expect, it } from "vitest";
import { EventLoop, VirtualClock } from "@aiots/loop";
import { coroutine, createTask, run, sleep, taskGroup } from "../src/index.js";

async function sayAfter(ms: number, what: string): Promise<string> {
  await sleep(ms);
  return what;
}

async function warningsOf(debug: boolean, main: () => Promise<unknown>): Promise<string[]> {
  const warnings: string[] = [];
  await run(main, {
    loopFactory: () =>
      new EventLoop({
        clock: new VirtualClock(),
        debug,
        logger: { warn: (message) => warnings.push(message), error: () => {} },
      }),
  });
  return warnings.filter((message) => message.startsWith("createTask()"));
}

describe("debug mode: createTask given a promise that is already running", () => {
  it("warns once per such task, naming it, for createTask and TaskGroup.createTask", async () => {
    const warnings = await warningsOf(true, async () => {
      await createTask(sayAfter(10, "hello"), { name: "greeter" });
      await taskGroup(async (group) => {
        group.createTask(sayAfter(10, "world"));
      });
    });
    expect(warnings).toEqual([
      "createTask() was given a promise that is already running (task 'greeter'): cancel() ends the task but cannot stop that work; pass the function instead: createTask(() => work())",
      "createTask() was given a promise that is already running: cancel() ends the task but cannot stop that work; pass the function instead: createTask(() => work())",
    ]);
  });

  it("says nothing for a function, a coroutine or a Future, nor outside debug mode", async () => {
    const lazy = coroutine(sayAfter);
    expect(
      await warningsOf(true, async () => {
        await createTask(() => sayAfter(10, "a"));
        await createTask(lazy(10, "b"));
        await createTask(sleep(10, "c"));
      }),
    ).toEqual([]);
    expect(
      await warningsOf(false, async () => {
        await createTask(sayAfter(10, "d"));
      }),
    ).toEqual([]);
  });
});
