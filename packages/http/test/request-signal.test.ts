// A request's own `signal` (#16): aborting it ends that request in every phase as a
// cancellation does (socket destroyed, slot released, nothing sent when already aborted),
// rejecting with `signal.reason` as `fetch` (and tasks' `map`/`taskGroup`) do; the listener
// goes when the request is over. Gated routes, so nothing depends on elapsed time.
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { createTask, gather, sleep } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";
import { failure, gate, inVirtualLoop, useServer } from "./helpers.js";

const target = useServer();

function listeners(signal: AbortSignal): number {
  return getEventListeners(signal, "abort").length;
}

describe("request signal", () => {
  it("rejects at once with the reason of an already aborted signal, sending nothing", async () => {
    const held = gate(target.server, "/signal-before");
    const reason = new Error("user gave up");
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const error = await failure(
        session.get(target.url("/signal-before"), { signal: AbortSignal.abort(reason) }),
      );
      expect(error).toBe(reason);
      expect(held.arrived).toBe(0);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("ends the requests waiting for their head or a slot: the reason, slots released, no listener left", async () => {
    const held = gate(target.server, "/signal-head");
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 1 } });
      const controller = new AbortController();
      const request = createTask(() =>
        session.get(target.url("/signal-head"), { signal: controller.signal }),
      );
      await held.arrivals(1);
      expect(listeners(controller.signal)).toBe(1);
      const other = createTask(() =>
        session.get(target.url("/signal-head?tag=other"), { signal: controller.signal }),
      );
      await sleep(0);
      expect(listeners(controller.signal)).toBe(1); // one listener per signal, however many requests
      controller.abort(new Error("stop"));
      const error = await failure(request);
      expect((error as Error).message).toBe("stop");
      expect(((await failure(other)) as Error).message).toBe("stop");
      expect(session.connector.stats()).toMatchObject({ active: 0, queued: 0 });
      expect(listeners(controller.signal)).toBe(0);
      // The slot really is free: the next request gets it.
      held.open();
      const next = await session.get(target.url("/signal-head?tag=next"));
      expect(await next.text()).toBe("next");
    });
  });

  it("ends a request queued for a slot without taking one; the request holding it goes on", async () => {
    const held = gate(target.server, "/signal-queued");
    await inVirtualLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 1 } });
      const first = createTask(async () => {
        const response = await session.get(target.url("/signal-queued?tag=first"));
        return response.text();
      });
      await held.arrivals(1);
      const controller = new AbortController();
      const queued = createTask(() =>
        session.get(target.url("/signal-queued?tag=second"), { signal: controller.signal }),
      );
      await sleep(0);
      expect(session.connector.stats().queued).toBe(1);
      controller.abort();
      const error = await failure(queued);
      expect((error as Error).name).toBe("AbortError");
      expect(session.connector.stats().queued).toBe(0);
      held.open();
      expect(await first).toBe("first");
      expect(held.arrived).toBe(1);
    });
  });

  it("ends the body read with the reason and destroys the socket", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const controller = new AbortController();
      const response = await session.get(target.url("/stall-body?sent=10"), {
        signal: controller.signal,
      });
      const reading = createTask(() => response.read());
      await sleep(0);
      controller.abort(new Error("enough"));
      const error = await failure(reading);
      expect((error as Error).message).toBe("enough");
      expect(session.connector.stats().active).toBe(0);
      expect(listeners(controller.signal)).toBe(0);
    });
  });

  it("carries a reason that is no Error as the cause of an AbortError", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const controller = new AbortController();
      controller.abort("because");
      const error = (await failure(
        session.get(target.url("/json"), { signal: controller.signal }),
      )) as Error;
      expect(error.name).toBe("AbortError");
      expect(error.message).toBe("because");
      expect(error.cause).toBe("because");
    });
  });

  it("leaves no listener on a long-lived signal shared by many finished requests", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const controller = new AbortController();
      const one = async (): Promise<void> => {
        const response = await session.get(target.url("/bytes?n=10"), {
          signal: controller.signal,
        });
        await response.read();
      };
      await gather(...Array.from({ length: 20 }, () => one()));
      // A response released unread, and a failed request, detach too.
      (await session.get(target.url("/bytes?n=10"), { signal: controller.signal })).release();
      await failure(
        session.get(target.url("/status?code=500"), {
          signal: controller.signal,
          raiseForStatus: true,
        }),
      );
      expect(listeners(controller.signal)).toBe(0);
      controller.abort(); // too late to matter
    });
  });

  it("rejects a signal that is not an AbortSignal, before sending anything", async () => {
    await inVirtualLoop(async () => {
      await using session = new ClientSession();
      const error = await failure(
        session.get(target.url("/json"), { signal: "soon" as unknown as AbortSignal }),
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(
        "Expected `signal` to be an AbortSignal, got `'soon'` (string)",
      );
    });
  });
});
