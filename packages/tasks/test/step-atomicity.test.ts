// asyncio's one scheduling rule: between two points where a task really suspends (awaits
// something not yet done), no other task runs. Expected values printed by CPython 3.13
// (`asyncio.run` of the same programs).
import { describe, expect, it } from "vitest";
import {
  Event,
  Future,
  createTask,
  currentTask,
  gather,
  getRunningLoop,
  sleep,
  type Task,
} from "../src/index.js";
import { runVirtual } from "./helpers.js";

/** An async function that never suspends (asyncio: a coroutine with no real await). */
async function audit(what: string): Promise<string> {
  return what;
}

async function noop(): Promise<void> {}

describe("a task step runs until the task really suspends (asyncio)", () => {
  it("sells one item of a stock of one: buy() awaiting a non-suspending coroutine (issue #10)", async () => {
    const [sold, stock] = await runVirtual(async () => {
      let stock = 1;
      let sold = 0;
      async function buy(): Promise<void> {
        if (stock > 0) {
          await audit("buy");
          stock--;
          sold++;
        }
      }
      await gather(createTask(buy), createTask(buy), createTask(buy));
      return [sold, stock];
    });
    expect([sold, stock]).toEqual([1, 0]); // asyncio: 1 0
  });

  it("runs two tasks woken by one Event.set() one after the other: a0 a1 a2 b0 b1 b2", async () => {
    const out = await runVirtual(async () => {
      const event = new Event();
      const out: string[] = [];
      const worker = async (name: string): Promise<void> => {
        await event.wait();
        for (let index = 0; index < 3; index++) {
          out.push(`${name}${index}`);
          await noop();
        }
      };
      const tasks = [createTask(() => worker("a")), createTask(() => worker("b"))];
      await sleep(0);
      event.set();
      await gather(...tasks);
      return out;
    });
    expect(out.join(" ")).toBe("a0 a1 a2 b0 b1 b2");
  });

  it("keeps a first step atomic too: tasks that never suspend run one after the other", async () => {
    const out = await runVirtual(async () => {
      const out: string[] = [];
      const worker = async (name: string): Promise<void> => {
        for (let index = 0; index < 3; index++) {
          out.push(`${name}${index}`);
          await audit(name);
        }
      };
      await gather(
        createTask(() => worker("a")),
        createTask(() => worker("b")),
      );
      return out;
    });
    expect(out.join(" ")).toBe("a0 a1 a2 b0 b1 b2");
  });

  it("lets the next task run as soon as one suspends on a library Future", async () => {
    const out = await runVirtual(async () => {
      const out: string[] = [];
      const worker = async (name: string): Promise<void> => {
        out.push(`${name} start`);
        await sleep(10);
        out.push(`${name} end`);
      };
      await gather(
        createTask(() => worker("a")),
        createTask(() => worker("b")),
      );
      return out;
    });
    expect(out).toEqual(["a start", "b start", "a end", "b end"]);
  });

  it("falls back to a macrotask boundary for a task blocked on a foreign promise", async () => {
    const out = await runVirtual(async () => {
      const out: string[] = [];
      let release!: () => void;
      const foreign = createTask(async () => {
        out.push("a0");
        // The loop cannot see this promise: only a macrotask boundary lets b run (which
        // releases it, so without the fallback this would never end).
        await new Promise<void>((resolve) => (release = resolve));
        out.push("a1");
      });
      const other = createTask(async () => {
        out.push("b0");
        release();
      });
      await gather(foreign, other);
      return out;
    });
    expect(out).toEqual(["a0", "b0", "a1"]);
  });

  it("runs a callback queued behind a step outside that task: currentTask() is undefined", async () => {
    // asyncio: a Handle's callback has no current task, whichever step ran before it in
    // the same iteration. Here the batch goes on from inside the step that ended (a) or
    // suspended (b), which must not leak into the callbacks that follow.
    const seen = await runVirtual(async () => {
      const loop = getRunningLoop();
      const seen: string[] = [];
      const look = (label: string) => () => {
        seen.push(`${label}:${currentTask()?.getName() ?? "none"}:${getRunningLoop() === loop}`);
      };
      createTask(async () => 1, { name: "ends" });
      loop.callSoon(look("after-end"));
      createTask(() => sleep(0), { name: "suspends" });
      createTask(
        async () => {
          await sleep(0);
        },
        { name: "suspends-async" },
      );
      loop.callSoon(look("after-suspend"));
      await sleep(0);
      await sleep(0);
      return seen;
    });
    expect(seen).toEqual(["after-end:none:true", "after-suspend:none:true"]);
  });
});

describe("awaiting a done Future does not suspend (asyncio Future.__await__)", () => {
  it("task A awaiting a done future twice while B is ready prints a0 a1 a2 b0 b1", async () => {
    const out = await runVirtual(async () => {
      const done = new Future<number>({ loop: getRunningLoop() });
      done.setResult(1);
      const out: string[] = [];
      const a: Task<void> = createTask(async () => {
        out.push("a0");
        await done;
        out.push("a1");
        await done;
        out.push("a2");
      });
      const b: Task<void> = createTask(async () => {
        out.push("b0");
        await done;
        out.push("b1");
      });
      await gather(a, b);
      return out;
    });
    expect(out.join(" ")).toBe("a0 a1 a2 b0 b1");
  });
});
