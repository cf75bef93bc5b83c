// The loop against the real world: a real OS signal and the real clock. Real I/O and real
// time, so these run in `pnpm test` but not under mutation testing (vitest.shared.ts).
import { describe, expect, it } from "vitest";
import { EventLoop, RealClock, VirtualClock, getRunningLoop } from "../src/index.js";
import { sleep, trackLoops } from "./helpers.js";

const track = trackLoops();

describe("signal handlers", () => {
  it("receives a real signal sent with process.kill", async () => {
    const loop = track(new EventLoop());
    const done = loop.createFuture<string>();
    loop.addSignalHandler("SIGUSR2", () => done.setResult("got it"));
    loop.callSoon(() => process.kill(process.pid, "SIGUSR2"));
    expect(await loop.runUntilComplete(done)).toBe("got it");
  });
});

describe("VirtualClock against RealClock", () => {
  it("produces the same trace on the real clock (scaled down)", async () => {
    const virtualLoop = track(new EventLoop({ clock: new VirtualClock() }));
    const realLoop = track(new EventLoop({ clock: new RealClock() }));
    const program = async (): Promise<string[]> => {
      const loop = getRunningLoop();
      const trace: string[] = [];
      const worker = async (name: string, delays: number[]): Promise<void> => {
        for (const delay of delays) {
          await sleep(delay);
          trace.push(name);
        }
      };
      await Promise.all([
        worker("a", [200, 200, 200]),
        worker("b", [300, 400]),
        worker("c", [80, 440]),
      ]);
      loop.callSoon(() => trace.push("after"));
      await sleep(0);
      return trace;
    };
    const virtualTrace = await virtualLoop.runUntilComplete(program);
    const realTrace = await realLoop.runUntilComplete(program);
    // Deadlines 80 ms apart at least, so that real-clock jitter on a loaded machine (20 ms
    // apart failed at a load average of 16 on 2 cores) cannot reorder them.
    expect(virtualTrace).toEqual(["c", "a", "b", "a", "c", "a", "b", "after"]);
    expect(realTrace).toEqual(virtualTrace);
  });
});
