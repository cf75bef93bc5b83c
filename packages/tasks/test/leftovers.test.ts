// Issue 15, "Leftovers report": in debug mode, run() and taskGroup() report what their
// tasks left behind when they end (asyncio debug mode's "Task was destroyed but it is
// pending!" and unclosed-resource ResourceWarnings with their source traceback), as one
// LeftoversReport per scope: tasks still running when the scope was cancelled or ended,
// timers still scheduled, tracked resources still open, each with the line that made it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { creationSourceOf } from "@aiots/loop";
import {
  createTask,
  getRunningLoop,
  sleep,
  taskGroup,
  type LeftoversReport,
} from "../src/index.js";
import { openFakeFile } from "./fixtures/fake-library.js";
import { runVirtual } from "./helpers.js";

const thisFile = fileURLToPath(import.meta.url);
const source = readFileSync(thisFile, "utf8").split("\n");

/** The `path:line:` the report must name for the line of this file holding `marker`. */
function lineOf(marker: string): string {
  const index = source.findIndex((line) => line.includes(`// ${marker}`));
  if (index < 0) throw new Error(`marker ${marker} not found`);
  return `${thisFile}:${index + 1}:`;
}

function debugRun(main: () => Promise<unknown>): Promise<LeftoversReport[]> {
  const reports: LeftoversReport[] = [];
  return runVirtual(main, { debug: true, onLeftovers: (report) => reports.push(report) }).then(
    () => reports,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("run() in debug mode reports what the program left behind", () => {
  it("a timer still scheduled when run() ends, with the line that scheduled it", async () => {
    const reports = await debugRun(async () => {
      getRunningLoop().callLater(5000, function tick() {}); // timer-made
      await sleep(10);
    });
    expect(reports).toHaveLength(1);
    const [report] = reports as [LeftoversReport];
    expect(report.scope).toBe("run()");
    expect(report.tasks).toEqual([]);
    expect(report.resources).toEqual([]);
    expect(report.timers).toHaveLength(1);
    const [timer] = report.timers;
    expect(timer!.timer.when()).toBe(5000);
    expect(timer!.timer.cancelled()).toBe(false);
    expect(timer!.description).toBe("<TimerHandle when=5000 tick()>");
    expect(timer!.site).toContain(lineOf("timer-made"));
    expect(timer!.createdBy).toMatch(/^Task-\d+$/);
    expect(report.toString()).toContain("timer <TimerHandle when=5000 tick()>: still scheduled");
    expect(report.toString()).toContain(`created at ${timer!.site}`);
  });

  it("a task still running when main ended (run() cancels it), with its creation line", async () => {
    const reports = await debugRun(async () => {
      createTask(() => sleep(60_000), { name: "forgotten" }); // forgotten-made
      await sleep(10);
    });
    expect(reports).toHaveLength(1);
    const [left] = reports[0]!.tasks;
    expect(left!.task.getName()).toBe("forgotten");
    expect(left!.state).toBe("cancelled");
    expect(left!.task.cancelled()).toBe(true);
    expect(left!.description).toMatch(/^<Task pending name='forgotten'/);
    expect(left!.site).toContain(lineOf("forgotten-made"));
    // The sleep of a task run() cancelled is cancelled with it: no timer is left.
    expect(reports[0]!.timers).toEqual([]);
    expect(reports[0]!.summary).toBe("Leftovers of run() (debug mode): 1 task still running");
  });

  it("a tracked resource still open once the task that opened it is done", async () => {
    const reports = await debugRun(async () => {
      await createTask(async () => {
        expect(openFakeFile("a.txt").tracked).toBe(true); // file-opened
        openFakeFile("b.txt").closed = true;
        await sleep(1);
      });
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.resources.map((r) => r.description)).toEqual(["<File a.txt>"]);
    expect(reports[0]!.resources[0]!.site).toContain(lineOf("file-opened"));
    expect(reports[0]!.summary).toContain("1 open file");
  });

  it("a clean program reports nothing, through any route", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const handled: unknown[] = [];
    const reports = await debugRun(async () => {
      getRunningLoop().setExceptionHandler((_loop, context) => handled.push(context));
      const loop = getRunningLoop();
      loop.callLater(5, () => {}); // runs
      loop.callLater(50_000, () => {}).cancel(); // cancelled
      openFakeFile("c.txt").closed = true;
      await taskGroup(async (tg) => {
        tg.createTask(() => sleep(20));
        const helper = createTask(() => sleep(5));
        await helper;
      });
      await taskGroup(async (tg) => {
        tg.createTask(async () => {
          await sleep(5);
          tg.cancel(); // nothing is running any more when the group is cancelled
        });
      });
      await sleep(10);
    });
    expect(reports).toEqual([]);
    expect(handled).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it("reports nothing and records nothing without debug mode", async () => {
    const reports: LeftoversReport[] = [];
    let task: unknown;
    await runVirtual(
      async () => {
        getRunningLoop().callLater(5000, () => {});
        task = createTask(() => sleep(60_000));
        expect(openFakeFile("d.txt").tracked).toBe(false);
        await sleep(1);
      },
      { onLeftovers: (report) => reports.push(report) },
    );
    expect(reports).toEqual([]);
    expect(creationSourceOf(task as object)).toBeUndefined();
  });
});

describe("taskGroup() in debug mode reports what its tasks left behind", () => {
  it("a child still running when the group is cancelled, with its creation line", async () => {
    const groupReports: LeftoversReport[] = [];
    const runReports = await debugRun(async () => {
      await taskGroup(
        async (tg) => {
          tg.createTask(() => sleep(10), { name: "quick" });
          tg.createTask(() => sleep(10_000), { name: "slow" }); // slow-made
          await sleep(100);
          tg.cancel();
        }, // group-opened
        { onLeftovers: (report) => groupReports.push(report) },
      );
    });
    expect(runReports).toEqual([]);
    expect(groupReports).toHaveLength(1);
    const [report] = groupReports as [LeftoversReport];
    expect(report.scope).toMatch(/^taskGroup\(\) of Task 'Task-\d+'$/);
    expect(report.tasks.map((t) => [t.task.getName(), t.state])).toEqual([["slow", "cancelled"]]);
    expect(report.tasks[0]!.site).toContain(lineOf("slow-made"));
    expect(report.toString()).toMatch(
      /task <Task pending name='slow'[^\n]*: still running when taskGroup\(\) of Task '[^']+' cancelled it\n\s+created at .*leftovers\.test\.ts:\d+:\d+ by Task '/,
    );
  });

  it("a child still running when a sibling fails (the group cancels it)", async () => {
    const reports = await debugRun(async () => {
      await taskGroup(async (tg) => {
        tg.createTask(() => sleep(10_000), { name: "bystander" });
        tg.createTask(async () => {
          await sleep(5);
          throw new Error("boom");
        });
      }).catch(() => undefined);
    });
    expect(reports.flatMap((r) => r.tasks.map((t) => [t.task.getName(), t.state]))).toEqual([
      ["bystander", "cancelled"],
    ]);
  });

  it("a task its body started outside the group, still running (reported once, by the group)", async () => {
    const reports = await debugRun(async () => {
      await taskGroup(async (tg) => {
        createTask(() => sleep(60_000), { name: "escaped" }); // escaped-made
        tg.createTask(() => sleep(1));
      });
      await sleep(10);
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.scope).toMatch(/^taskGroup\(\)/);
    expect(reports[0]!.tasks.map((t) => [t.task.getName(), t.state])).toEqual([
      ["escaped", "running"],
    ]);
    expect(reports[0]!.tasks[0]!.site).toContain(lineOf("escaped-made"));
    // Its pending sleep belongs to the running task: not a leftover timer of its own.
    expect(reports[0]!.timers).toEqual([]);
  });

  it("timers its children scheduled and left; not the parent's from before the group", async () => {
    const reports = await debugRun(async () => {
      const loop = getRunningLoop();
      const before = loop.callLater(90_000, function beforeGroup() {});
      await taskGroup(async (tg) => {
        tg.createTask(async () => {
          loop.callLater(70_000, function fromChild() {}); // child-timer
        });
        loop.callLater(80_000, function fromBody() {});
      });
      before.cancel();
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.timers.map((t) => t.description)).toEqual([
      "<TimerHandle when=70000 fromChild()>",
      "<TimerHandle when=80000 fromBody()>",
    ]);
    expect(reports[0]!.timers[0]!.site).toContain(lineOf("child-timer"));
  });

  it("goes to run()'s onLeftovers, else the exception handler, else console.warn", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const handled: { message: string; leftovers?: unknown }[] = [];
    await runVirtual(
      async () => {
        const leaveTimer = (): Promise<unknown> =>
          taskGroup((tg) => tg.createTask(async () => getRunningLoop().callLater(9e3, () => {})));
        await leaveTimer();
        expect(warn).toHaveBeenCalledTimes(1);
        expect(String(warn.mock.calls[0]![0])).toMatch(
          /^Leftovers of taskGroup\(\) of Task '[^']+' at .*leftovers\.test\.ts:\d+:\d+ \(debug mode\): 1 pending timer\n {2}timer <TimerHandle when=9000/,
        );
        getRunningLoop().setExceptionHandler((_loop, context) => handled.push(context));
        await leaveTimer();
      },
      { debug: true },
    );
    expect(warn).toHaveBeenCalledTimes(1);
    expect(handled).toHaveLength(1);
    expect(handled[0]!.message).toMatch(/^Leftovers of taskGroup\(\).*: 1 pending timer$/);
    expect((handled[0]!.leftovers as LeftoversReport).timers).toHaveLength(1);
  });

  it("rejects an onLeftovers that is not a function", async () => {
    await runVirtual(async () => {
      await expect(
        taskGroup(async () => {}, { onLeftovers: 1 as unknown as () => void }),
      ).rejects.toThrow("Expected `onLeftovers` to be a function, got `1` (number)");
    });
    expect(() => runVirtual(async () => {}, { onLeftovers: "x" as unknown as () => void })).toThrow(
      "Expected `onLeftovers` to be a function, got `'x'` (string)",
    );
  });
});
