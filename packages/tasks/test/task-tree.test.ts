// Like CPython 3.14's `python -m asyncio pstree`.
import { describe, expect, it } from "vitest";
import { Lock, createTask, currentTask, formatTaskTree, sleep } from "../src/index.js";
import { runVirtual } from "./helpers.js";

describe("formatTaskTree", () => {
  it("prints every live task under its creator with what it awaits", async () => {
    await runVirtual(async () => {
      currentTask()!.setName("main");
      const lock = new Lock();
      await lock.acquire();
      const worker = createTask(
        async () => {
          createTask(() => lock.acquire(), { name: "locker" });
          await sleep(1000);
        },
        { name: "worker" },
      );
      await sleep(1);
      const tree = createTask(async () => formatTaskTree(), { name: "printer" });
      await sleep(0);
      const text = await tree;
      expect(text).toContain("└── (T) main [pending]");
      expect(text).toMatch(/├── \(T\) worker \[pending\] awaiting <SleepFuture pending>/);
      expect(text).toMatch(/\(T\) locker \[pending\] awaiting <Waiter pending>/);
      expect(text.split("\n").findIndex((l) => l.includes("locker"))).toBeGreaterThan(
        text.split("\n").findIndex((l) => l.includes("worker")),
      );
      worker.cancel();
      lock.release();
    });
  });
});
