// Every request has deadlines (`timeout.total`, `sockConnect` until its socket is there).
// They used to cost a loop timer each, scheduled and cancelled on every request (part of
// the 1 KiB benchmark's regression in #12). Deadlines of one span now share a loop timer
// (internal/deadlines.ts), and still fire on the loop's clock at their exact time.
import { describe, expect, it } from "vitest";
import { getRunningLoop, VirtualClock } from "@aiots/loop";
import { run, sleep } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";
import { Deadlines } from "../src/internal/deadlines.js";
import { inLoop, useServer } from "./helpers.js";

const http = useServer();

function inVirtual<T>(main: () => Promise<T>): Promise<T> {
  return run(main, { clock: new VirtualClock() });
}

describe("deadline timers", () => {
  it("requests one after another, or 20 at once, schedule no loop timer each", async () => {
    await inLoop(async () => {
      await using session = new ClientSession(); // total 300 s, sockConnect 30 s
      await (await session.get(http.url("/json"))).read(); // opens the connection
      const loop = getRunningLoop();
      const callLater = loop.callLater.bind(loop);
      let timers = 0;
      loop.callLater = (delay, callback, ...args) => {
        timers++;
        return callLater(delay, callback, ...args);
      };
      for (let index = 0; index < 5; index++) {
        await (await session.get(http.url("/json"))).read();
      }
      await Promise.all(
        Array.from({ length: 20 }, async () => (await session.get(http.url("/json"))).read()),
      );
      expect(timers).toBe(0);
    });
  });

  it("fires each deadline at its time on the loop's clock, in order, never a cancelled one", async () => {
    await inVirtual(async () => {
      const loop = getRunningLoop();
      const deadlines = new Deadlines();
      const fired: Array<[string, number]> = [];
      const start = loop.time();
      const at = (name: string) => () => fired.push([name, loop.time() - start]);
      deadlines.start(loop, 100, at("a"));
      const b = deadlines.start(loop, 100, at("b"));
      deadlines.start(loop, 50, at("short"));
      await sleep(10);
      deadlines.start(loop, 100, at("c")); // due at 110
      const d = deadlines.start(loop, 100, at("d"));
      d.cancel();
      b.cancel();
      await sleep(200);
      expect(fired).toEqual([
        ["short", 50],
        ["a", 100],
        ["c", 110],
      ]);
    });
  });

  it("re-arms for the next deadline when the earliest was cancelled", async () => {
    await inVirtual(async () => {
      const loop = getRunningLoop();
      const deadlines = new Deadlines();
      const fired: number[] = [];
      const start = loop.time();
      const first = deadlines.start(loop, 100, () => fired.push(-1));
      await sleep(30);
      deadlines.start(loop, 100, () => fired.push(loop.time() - start));
      first.cancel();
      await sleep(500);
      expect(fired).toEqual([130]);
    });
  });

  it("close() cancels the deadlines left", async () => {
    await inVirtual(async () => {
      const loop = getRunningLoop();
      const deadlines = new Deadlines();
      let fired = false;
      deadlines.start(loop, 100, () => (fired = true));
      deadlines.close();
      await sleep(200);
      expect(fired).toBe(false);
    });
  });
});
