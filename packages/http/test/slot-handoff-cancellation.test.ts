// The connector's slot hand-off under cancellation (asyncio's rule, issue #9): a request
// cancelled in the very step its slot is handed over gives the slot back, whatever wraps
// it (direct await, waitFor, timeout, gather). Property: random limits, wrappers and
// cancellation steps, cancellations landing on the hand-off step included; after each
// schedule no slot is lost, no waiter is left queued, and the limit is never exceeded.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CancelledError, getRunningLoop, TimeoutError } from "@aiots/loop";
import { createTask, gather, sleep, timeout, waitFor, type Task } from "@aiots/tasks";
import { ClientSession, type ClientResponse } from "../src/index.js";
import { inVirtualLoop, useServer } from "./helpers.js";

const http = useServer();
const STEP = 100;

type Wrapper = "direct" | "waitFor" | "timeout" | "gather";

interface Waiter {
  readonly wrapper: Wrapper;
  /** The release step (1-based) in which it is cancelled (or its deadline falls); 0: never. */
  readonly cancelAt: number;
}

const waiterArb: fc.Arbitrary<Waiter> = fc.record({
  wrapper: fc.constantFrom<Wrapper>("direct", "waitFor", "timeout", "gather"),
  cancelAt: fc.integer({ min: 0, max: 4 }),
});

async function schedule(limit: number, waiters: readonly Waiter[]): Promise<void> {
  await inVirtualLoop(async () => {
    const loop = getRunningLoop();
    // Only the schedule's timers: the virtual clock waits for the loopback I/O in flight
    // before it jumps, so the schedule is the one generated.
    await using session = new ClientSession({
      connector: { limit },
      timeout: { total: null, sockConnect: null },
    });
    const url = http.url("/stall-body?sent=1"); // a body that never ends: held until released
    const holders: ClientResponse[] = [];
    for (let i = 0; i < limit; i++) holders.push(await session.get(url));
    let maxActive = 0;
    const check = (): void => {
      maxActive = Math.max(maxActive, session.connector.stats().active);
    };
    // The steps come first on the clock, so a deadline at the same time lands after the
    // release in the same loop step: the step of the hand-off.
    const tasks: Task<unknown>[] = [];
    for (let step = 1; step <= limit + 1; step++) {
      loop.callLater(step * STEP, () => {
        holders[step - 1]?.release();
        check();
        waiters.forEach((waiter, index) => {
          if (waiter.cancelAt === step && waiter.wrapper !== "timeout") tasks[index]!.cancel();
        });
      });
    }
    const request = (): Promise<ClientResponse> => session.get(url);
    for (const waiter of waiters) {
      const deadline = waiter.cancelAt === 0 ? 3_600_000 : waiter.cancelAt * STEP;
      const body = async (): Promise<ClientResponse> => {
        switch (waiter.wrapper) {
          case "direct":
            return request();
          case "waitFor":
            return waitFor(request(), 3_600_000);
          case "timeout":
            return timeout(deadline, request);
          case "gather":
            return (await gather(request()))[0];
        }
      };
      tasks.push(
        createTask(async () => {
          const response = await body();
          check();
          response.release(); // hands the slot on, in this step
          return "ok";
        }),
      );
    }
    const outcomes = await gather(tasks, { returnExceptions: true });
    for (const outcome of outcomes) {
      if (outcome === "ok") continue;
      expect(outcome instanceof CancelledError || outcome instanceof TimeoutError).toBe(true);
    }
    for (const holder of holders) holder.release();
    await sleep(0);
    await sleep(0);
    expect(maxActive).toBeLessThanOrEqual(limit);
    expect(session.connector.stats()).toMatchObject({ active: 0, queued: 0 });
  });
}

describe("connector slots under cancellation at the hand-off step", () => {
  it("no slot lost, nobody left queued, the limit never exceeded", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(waiterArb, { minLength: 1, maxLength: 5 }),
        async (limit, waiters) => schedule(limit, waiters),
      ),
      { numRuns: 80 },
    );
  }, 120_000);

  it("waitFor(session.get(url)) cancelled as its slot is handed over gives the slot back", async () => {
    await schedule(1, [{ wrapper: "waitFor", cancelAt: 1 }]);
    await schedule(1, [{ wrapper: "timeout", cancelAt: 1 }]);
    await schedule(1, [{ wrapper: "direct", cancelAt: 1 }]);
  });
});
