// The connector's slot accounting behind `limit` and `limitPerHost` (aiohttp's TCPConnector
// `limit` / `limit_per_host`), through its public `tryAcquire` / `acquire` / `release`: no
// server, since undici's pools (one socket per slot) would hide a miscount on one origin.
import { describe, expect, it } from "vitest";
import { CancelledError } from "@aiots/loop";
import { createTask, sleep } from "@aiots/tasks";
import { Connector, type Slot } from "../src/index.js";
import { failure, inLoop } from "./helpers.js";

/** `acquire(key)`, with a flag that says whether it has been granted yet. */
function queue(connector: Connector, key: string): { promise: Promise<Slot>; granted(): boolean } {
  const { promise } = connector.acquire(key);
  let granted = false;
  promise.then(
    () => (granted = true),
    () => undefined, // a rejection is for the test to await
  );
  return { promise, granted: () => granted };
}

describe("connector slots", () => {
  it("limitPerHost alone (limit: 0) counts slots per host and wakes the host's waiter", async () => {
    await inLoop(async () => {
      const connector = new Connector({ limit: 0, limitPerHost: 1 });
      const first = connector.tryAcquire("http://a")!;
      expect(first).toBeDefined();
      expect(connector.tryAcquire("http://a")).toBeUndefined(); // aiohttp: limit_per_host=1
      const other = connector.tryAcquire("http://b")!; // another host has its own slot
      expect(other).toBeDefined();
      const waiter = queue(connector, "http://a");
      expect(connector.stats()).toMatchObject({ active: 2, queued: 1 });
      first.release();
      const slot = await waiter.promise; // the release hands the slot to the host's waiter
      expect(connector.stats()).toMatchObject({ active: 2, queued: 0 });
      slot.release();
      other.release();
      expect(connector.stats()).toMatchObject({ active: 0, queued: 0 });
      await connector.close();
    });
  });

  it("limit counts every slot, whichever host, with no per-host cap", async () => {
    await inLoop(async () => {
      const connector = new Connector({ limit: 1 });
      const slot = connector.tryAcquire("http://a")!;
      expect(slot).toBeDefined();
      expect(connector.tryAcquire("http://b")).toBeUndefined();
      expect(connector.stats().active).toBe(1);
      slot.release();
      slot.release(); // released once, whatever happens
      expect(connector.stats().active).toBe(0);
      await connector.close();
    });
  });

  it("a host's count goes down by one per release, not to zero", async () => {
    await inLoop(async () => {
      const connector = new Connector({ limitPerHost: 2 });
      const slots = [connector.tryAcquire("http://a")!, connector.tryAcquire("http://a")!];
      expect(slots.every((slot) => slot !== undefined)).toBe(true);
      expect(connector.tryAcquire("http://a")).toBeUndefined();
      slots[0]!.release(); // one of the two left: one slot free, not two
      const third = connector.tryAcquire("http://a");
      expect(third).toBeDefined();
      expect(connector.tryAcquire("http://a")).toBeUndefined();
      expect(connector.stats().active).toBe(2);
      await connector.close();
    });
  });

  it("a release serves the first waiter whose host has room, skipping a full host's", async () => {
    await inLoop(async () => {
      const connector = new Connector({ limit: 2, limitPerHost: 1 });
      connector.tryAcquire("http://a")!;
      const b = connector.tryAcquire("http://b")!;
      const waitingA = queue(connector, "http://a"); // first in line, but its host is full
      const waitingB = queue(connector, "http://b");
      expect(connector.stats()).toMatchObject({ active: 2, queued: 2 });
      b.release();
      await waitingB.promise;
      await sleep(0);
      expect(waitingA.granted()).toBe(false); // http://a still holds its one slot
      expect(connector.stats()).toMatchObject({ active: 2, queued: 1 });
      await connector.close();
      expect(await failure(waitingA.promise)).toEqual(new Error("Connector is closed"));
    });
  });

  it("a waiter cancelled in the step its slot is handed over gives it back to the next waiter", async () => {
    await inLoop(async () => {
      const { connector, held, first, second } = await heldWithTwoWaiters();
      expect(connector.stats()).toMatchObject({ active: 1, queued: 2 });
      held.release(); // hands the slot to the first waiter...
      first.cancel(); // ...whose task is cancelled before it resumes (asyncio's rule: given back)
      expect(await failure(first)).toBeInstanceOf(CancelledError);
      expect(connector.stats()).toMatchObject({ active: 1, queued: 0 }); // the second one's
      (await second).release();
      expect(connector.stats()).toMatchObject({ active: 0, queued: 0 });
      expect(connector.tryAcquire("http://a")).toBeDefined();
      await connector.close();
    });
  });

  it("a release skips a waiter cancelled in the queue: the next one has the slot in that step", async () => {
    await inLoop(async () => {
      const { connector, held, first, second } = await heldWithTwoWaiters();
      first.cancel(); // its wait is cancelled; its task has not run since
      held.release();
      // The cancelled waiter never holds the slot, not even until its task runs.
      expect(connector.stats()).toMatchObject({ active: 1, queued: 0 });
      expect(await failure(first)).toBeInstanceOf(CancelledError);
      (await second).release();
      expect(connector.stats()).toMatchObject({ active: 0, queued: 0 });
      await connector.close();
    });
  });

  it("with no limit at all, slots are not counted (the fast path): stats().active stays 0", async () => {
    await inLoop(async () => {
      const connector = new Connector({ limit: 0 });
      const slots = [
        connector.tryAcquire("http://a")!,
        await connector.acquire("http://a").promise,
      ];
      expect(slots.every((slot) => slot !== undefined)).toBe(true);
      expect(connector.stats()).toMatchObject({ active: 0, queued: 0 });
      for (const slot of slots) slot.release();
      expect(connector.stats()).toMatchObject({ active: 0, queued: 0 });
      await connector.close();
    });
  });

  it("a closed connector gives no slot: tryAcquire nothing, acquire the error close() was given", async () => {
    await inLoop(async () => {
      const connector = new Connector({ limit: 2 });
      const held = connector.tryAcquire("http://a")!; // a request still in flight at close()
      const closing = new Error("closing");
      await connector.close(closing);
      await connector.close(new Error("again")); // changes nothing
      expect(connector.tryAcquire("http://a")).toBeUndefined(); // there is room, but closed
      const late = connector.acquire("http://b");
      expect(connector.stats()).toMatchObject({ active: 1, queued: 0 }); // not queued
      expect(await failure(late.promise)).toBe(closing);
      held.release();
      expect(connector.stats()).toMatchObject({ active: 0, queued: 0 });
    });
  });

  it("rejects bad options with errors naming the option and the value", () => {
    const message = (options: unknown): string => {
      try {
        new Connector(options as never);
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
      return "no error";
    };
    expect(message(null)).toBe(
      "TypeError: Expected `connector` to be an object or a Connector, got `null` (null)",
    );
    expect(message(5)).toBe(
      "TypeError: Expected `connector` to be an object or a Connector, got `5` (number)",
    );
    expect(message({ limit: -1 })).toBe(
      "RangeError: Expected `connector.limit` to be an integer >= 0, got `-1` (number)",
    );
    expect(message({ limitPerHost: 1.5 })).toBe(
      "RangeError: Expected `connector.limitPerHost` to be an integer >= 0, got `1.5` (number)",
    );
    expect(message({ keepAliveTimeout: -1 })).toBe(
      "RangeError: Expected `connector.keepAliveTimeout` to be a finite number >= 0, got `-1` (number)",
    );
    expect(message({ maxHeaderSize: 0 })).toBe(
      "RangeError: Expected `connector.maxHeaderSize` to be an integer >= 1, got `0` (number)",
    );
    for (const dispatcher of [null, {}, "pool"]) {
      expect(message({ dispatcher })).toMatch(
        /^TypeError: Expected `connector.dispatcher` to be an undici Dispatcher, got /,
      );
    }
  });
});

/** A `Connector({ limit: 1 })` whose one slot is held, and two tasks queued for it. */
async function heldWithTwoWaiters() {
  const connector = new Connector({ limit: 1 });
  const held = connector.tryAcquire("http://a")!;
  const first = createTask(() => connector.acquire("http://a").promise);
  const second = createTask(() => connector.acquire("http://a").promise);
  await sleep(0);
  return { connector, held, first, second };
}
