// The response head's hand-off under cancellation (asyncio's rule for a wake-up that
// arrives with the cancellation, as the connector slot's in slot-handoff-cancellation): a
// request whose task is cancelled in the very loop step its head arrives gives the
// response back (the request aborted, its slot released) and raises CancelledError, and
// one whose head arrived a step earlier is handed over. The head comes from a scripted
// dispatcher on the virtual clock, so the step it arrives in is exact.
import { describe, expect, it } from "vitest";
import { Dispatcher } from "undici";
import { CancelledError, getRunningLoop, TimeoutError } from "@aiots/loop";
import { createTask, sleep, timeoutAt, waitFor } from "@aiots/tasks";
import { ClientSession, type ClientResponse } from "../src/index.js";
import { failure, inLoop, inVirtualLoop } from "./helpers.js";

const ORIGIN = "http://scripted.test";

/** A dispatcher that answers only when told (`respond()`), a head alone or with its body. */
class ScriptedDispatcher extends Dispatcher {
  readonly handlers: Dispatcher.DispatchHandler[] = [];
  readonly aborts: unknown[] = [];

  override dispatch(
    _options: Dispatcher.DispatchOptions,
    handler: Dispatcher.DispatchHandler,
  ): boolean {
    this.handlers.push(handler);
    return true;
  }

  /** Connects the request `index` and delivers its head (200), and its 2-byte body if `whole`. */
  respond(index: number, whole: boolean): void {
    const handler = this.handlers[index]!;
    handler.onConnect?.((reason?: Error) => this.aborts.push(reason));
    handler.onHeaders?.(200, [Buffer.from("content-length"), Buffer.from("2")], () => {}, "OK");
    if (!whole) return;
    handler.onData?.(Buffer.from("ok"));
    handler.onComplete?.([]);
  }

  override close(): Promise<void> {
    return Promise.resolve();
  }

  override destroy(): Promise<void> {
    return Promise.resolve();
  }
}

type Wrapper = "direct" | "waitFor" | "timeout";

/**
 * A request made through `wrapper` whose task is cancelled (for `timeout`: whose deadline
 * falls) in the loop step its head arrives: what the task ends with, what the dispatcher
 * was told, and the connector's slots after.
 */
async function cancelledAtHead(wrapper: Wrapper): Promise<{
  outcome: unknown;
  aborts: unknown[];
  active: number;
}> {
  return inVirtualLoop(async () => {
    const loop = getRunningLoop();
    const dispatcher = new ScriptedDispatcher();
    await using session = new ClientSession({
      dispatcher,
      timeout: { total: null, sockConnect: null },
    });
    const request = (): Promise<ClientResponse> => session.get(`${ORIGIN}/x`);
    const deadline = loop.time() + 50;
    // The head and the cancellation in one loop step, the head first: its timer is due at
    // the timeout's deadline, and made before it (timers due together run in order made).
    loop.callAt(deadline, () => {
      dispatcher.respond(0, false);
      if (wrapper !== "timeout") task.cancel();
    });
    const task = createTask(async () => {
      switch (wrapper) {
        case "direct":
          return request();
        case "waitFor":
          return waitFor(request(), 3_600_000);
        case "timeout":
          return timeoutAt(deadline, request);
      }
    });
    await sleep(0);
    expect(dispatcher.handlers).toHaveLength(1);
    const outcome = await failure(task);
    return { outcome, aborts: dispatcher.aborts, active: session.connector.stats().active };
  });
}

describe("the response head under cancellation at the hand-off step", () => {
  it.each<Wrapper>(["direct", "waitFor", "timeout"])(
    "%s: the response is given back (request aborted, slot released), the task cancelled",
    async (wrapper) => {
      const { outcome, aborts, active } = await cancelledAtHead(wrapper);
      if (wrapper === "timeout") expect(outcome).toBeInstanceOf(TimeoutError);
      else expect(outcome).toBeInstanceOf(CancelledError);
      // The body was still to come: the request is aborted rather than left holding its
      // connection, and its slot is free.
      expect(aborts).toHaveLength(1);
      expect(aborts[0]).toBeInstanceOf(Error);
      expect(active).toBe(0);
    },
  );

  it("a head that arrived a step before the cancellation is handed over", async () => {
    await inLoop(async () => {
      const dispatcher = new ScriptedDispatcher();
      await using session = new ClientSession({
        dispatcher,
        timeout: { total: null, sockConnect: null },
      });
      const task = createTask(() => session.get(`${ORIGIN}/x`));
      await sleep(0);
      dispatcher.respond(0, true);
      await sleep(0);
      task.cancel();
      const response = await task;
      expect(response.status).toBe(200);
      expect(new TextDecoder().decode(await response.read())).toBe("ok");
      expect(session.connector.stats().active).toBe(0);
    });
  });
});
