// Every scenario of the article, run on the virtual clock: the lines it prints and its loop
// time, exactly. (The article's timings are seconds; ours are the same numbers in ms.)
import { describe, expect, it } from "vitest";
import { runScenario } from "../src/runner.js";
import { blocking } from "../src/scenarios/blocking.js";
import { blockingDb } from "../src/scenarios/blocking-db.js";
import { concurrent } from "../src/scenarios/concurrent.js";
import { coroutineObject } from "../src/scenarios/coroutine-object.js";
import { gatherFetch } from "../src/scenarios/gather-fetch.js";
import { nestedRun } from "../src/scenarios/nested-run.js";
import { neverAwaited } from "../src/scenarios/never-awaited.js";
import { serial } from "../src/scenarios/serial.js";
import { taskgroup } from "../src/scenarios/taskgroup.js";
import { timeouts } from "../src/scenarios/timeouts.js";
import { EXAMPLE_PAGE } from "../src/server/example-page.js";

const virtual = { virtual: true } as const;

describe("the article's scenarios on the virtual clock", () => {
  it("coroutine-object: calling a coroutine function prints nothing until it is awaited", async () => {
    const result = await runScenario(coroutineObject, virtual);
    expect(result.error).toBeUndefined();
    expect(result.output).toEqual([
      "coro = hello(): a coroutine object, nothing printed yet",
      "100 ms later: still nothing printed",
      "await coro:",
      "Hello",
    ]);
    expect(result.loopTimeMs).toBe(100);
  });

  it("serial: Start, Hello after 1000 ms, World 2000 ms later, Done: 3000 ms", async () => {
    const result = await runScenario(serial, virtual);
    expect(result.output).toEqual(["Start", "Hello", "World", "Done"]);
    expect(result.loopTimeMs).toBe(3000);
    // Awaiting a coroutine runs it in the same task: no other task.
    expect(result.spans.map((span) => span.name)).toEqual(["main"]);
  });

  it("concurrent: two createTask, Started first, 2000 ms in all, not 3000", async () => {
    const result = await runScenario(concurrent, virtual);
    expect(result.output).toEqual(["Started", "Hello", "World", "Finished"]);
    expect(result.loopTimeMs).toBe(2000);
    expect(
      result.spans.map(({ name, start, end, state }) => ({ name, start, end, state })),
    ).toEqual([
      { name: "main", start: 0, end: 2000, state: "done" },
      { name: "sayAfter(1000)", start: 0, end: 1000, state: "done" },
      { name: "sayAfter(2000)", start: 0, end: 2000, state: "done" },
    ]);
  });

  it("gather-fetch: three pages through one session, one latency for the three", async () => {
    const result = await runScenario(gatherFetch, virtual);
    expect(result.error).toBeUndefined();
    const length = String(EXAMPLE_PAGE.length);
    expect(result.output).toEqual([length, length, length]);
    expect(result.loopTimeMs).toBe(1000);
    expect(result.latencyMs).toBe(1000);
    // gather wrapped each fetch in a task, all started at once.
    const fetches = result.spans.filter((span) => span.name !== "main");
    expect(fetches).toHaveLength(3);
    for (const span of fetches) expect(span).toMatchObject({ start: 0, end: 1000, state: "done" });
  });

  it("gather-fetch: --latency sets the embedded server's latency", async () => {
    const result = await runScenario(gatherFetch, { ...virtual, latencyMs: 250 });
    expect(result.loopTimeMs).toBe(250);
    expect(result.latencyMs).toBe(250);
  });
});

describe("the article's warnings, made visible", () => {
  it("blocking: busy work on the loop stalls the ticker and debug mode names it; toThread does not", async () => {
    const result = await runScenario(blocking, virtual);
    expect(result.error).toBeUndefined();
    // 300 ms of busy work: more when a loaded machine deschedules it, never less.
    expect(result.output[0]).toMatch(
      /^debug mode: Executing <Task .*busy.*> took 0\.[3-9] seconds$/,
    );
    expect(result.output.slice(1)).toEqual([
      "",
      "                           on the loop    in toThread",
      "the ticker, while working  stalled        kept ticking",
      "longest gap between ticks  ~350 ms        ~100 ms",
    ]);
    // 6 ticks of 100 ms, the second one 250 ms late; then 6 ticks on time.
    expect(result.loopTimeMs).toBe(850 + 600);
  });

  it.each([
    ["virtual", true],
    ["real", false],
  ])(
    "blocking-db (%s clock): synchronous SQLite inserts stall the ticker and debug mode names them; the same inserts in toThread do not",
    async (_, virtual) => {
      const result = await runScenario(blockingDb, { virtual });
      expect(result.error).toBeUndefined();
      const [first, report, second, ...table] = result.output;
      const rows =
        /^on the loop: (\d+) rows inserted one by one \(sql\.js, synchronous\) in 300 ms$/.exec(
          first ?? "",
        )?.[1];
      expect(Number(rows)).toBeGreaterThan(0);
      expect(report).toMatch(
        /^debug mode: Executing <Task .*name='inserts'> took 0\.[3-9] seconds$/,
      );
      expect(second).toMatch(
        /^in toThread: \d+ rows inserted one by one in 300 ms, in a worker thread$/,
      );
      expect(table.slice(0, 3)).toEqual([
        "",
        "                           on the loop    in toThread",
        "the ticker, while working  stalled        kept ticking",
      ]);
      // The loop was held 300 ms: no tick for that long; in the thread, ticks on time.
      const gaps = /^longest gap between ticks {2}~(\d+) ms +~(\d+) ms$/.exec(table[3] ?? "");
      expect(Number(gaps?.[1])).toBeGreaterThanOrEqual(300);
      if (virtual) expect(Number(gaps?.[2])).toBe(100);
      const states = result.spans.map((span) => [span.name, span.state]);
      expect(states).toContainEqual(["inserts", "done"]);
      expect(states).toContainEqual(["inserts-in-thread", "done"]);
    },
    20_000,
  );

  it("nested-run: run() inside a running loop is a RuntimeError", async () => {
    const result = await runScenario(nestedRun, virtual);
    expect(result.error).toBeUndefined();
    expect(result.output).toEqual([
      "inside run(main): calling run(other)",
      "RuntimeError: run() cannot be called from a running event loop",
    ]);
    expect(result.loopTimeMs).toBe(0);
  });

  it("never-awaited: a coroutine nobody awaited is reported by debug mode", async () => {
    const result = await runScenario(neverAwaited, virtual);
    expect(result.output).toEqual([
      "called hello() without await: nothing printed",
      "debug mode reported: coroutine 'hello' was never awaited",
    ]);
    expect(result.loopTimeMs).toBe(0);
  });
});

describe("beyond the article", () => {
  it("timeouts: waitFor cancels, timeout bounds a block, shield lets the work finish", async () => {
    const result = await runScenario(timeouts, virtual);
    expect(result.error).toBeUndefined();
    expect(result.output).toEqual([
      "waitFor(work(1000), 500):",
      "  work(1000) was cancelled",
      "  TimeoutError after 500 ms",
      "timeout(300, () => sleep(1000)):",
      "  TimeoutError after 300 ms",
      "waitFor(shield(save), 200), save takes 400 ms:",
      "  TimeoutError after 200 ms; save goes on",
      "  save finished, not cancelled",
      "  await save: saved",
    ]);
    expect(result.loopTimeMs).toBe(500 + 300 + 400);
  });

  it("taskgroup: the failing child cancels its siblings; the errors come out together", async () => {
    const result = await runScenario(taskgroup, virtual);
    expect(result.error).toBeUndefined();
    expect(result.output).toEqual([
      "fetch-a: done",
      "parse-b: failing",
      "fetch-c: cancelled",
      "the group raised ExceptionGroup: unhandled errors in a TaskGroup (Error: parse-b could not parse its input)",
    ]);
    expect(result.loopTimeMs).toBe(200);
    const states = Object.fromEntries(result.spans.map((span) => [span.name, span.state]));
    expect(states).toEqual({
      main: "done",
      "fetch-a": "done",
      "parse-b": "failed",
      "fetch-c": "cancelled",
    });
  });
});
