// Cancellation in each phase (asyncio docs: "Task Cancellation"; CPython
// test_tasks.py::test_cancel_*): the request is a cancellation point of its task, the
// request is aborted, its slot freed and its socket destroyed, never returned half-read.
import { describe, expect, it } from "vitest";
import { CancelledError } from "@aiots/loop";
import diagnosticsChannel from "node:diagnostics_channel";
import { createTask, sleep, type Task } from "@aiots/tasks";
import { ClientSession, type TraceConfig } from "../src/index.js";
import { failure, inLoop, useServer } from "./helpers.js";

const http = useServer();

async function expectClean(session: ClientSession): Promise<void> {
  await http.server.waitForSockets(0);
  const stats = session.connector.stats();
  expect(stats.active).toBe(0);
  expect(stats.queued).toBe(0);
  for (const pool of Object.values(stats.pools)) {
    expect(pool.running).toBe(0);
    expect(pool.pending).toBe(0);
  }
}

describe("cancellation", () => {
  it("while queued for a connection slot", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 1 } });
      const holder = await session.get(http.url("/stall-body?sent=1"));
      const task = createTask(() => session.get(http.url("/json")));
      await sleep(5);
      expect(session.connector.stats().queued).toBe(1);
      task.cancel();
      expect(await failure(task)).toBeInstanceOf(CancelledError);
      expect(session.connector.stats().queued).toBe(0);
      holder.release();
      await expectClean(session);
    });
  });

  it("while connecting (before the request is written)", async () => {
    await inLoop(async () => {
      const events: string[] = [];
      const trace: TraceConfig = {
        onRequestStart: () => events.push("start"),
        onConnectionCreate: () => events.push("connected"),
      };
      await using session = new ClientSession({ trace });
      const before = http.server.requests.length;
      let task: Task<unknown> | undefined;
      // undici announces the TCP connect it starts for the request: cancel right then.
      const onConnecting = (): void => {
        task?.cancel();
      };
      diagnosticsChannel.subscribe("undici:client:beforeConnect", onConnecting);
      try {
        task = createTask(() => session.get(http.url("/json")));
        expect(await failure(task)).toBeInstanceOf(CancelledError);
      } finally {
        diagnosticsChannel.unsubscribe("undici:client:beforeConnect", onConnecting);
      }
      await sleep(20);
      expect(events).toEqual(["start"]);
      expect(http.server.requests.length).toBe(before);
      await expectClean(session);
    });
  });

  it("while waiting for the response head", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const task = createTask(() => session.get(http.url("/hang")));
      await sleep(30);
      expect(http.server.openSockets).toBe(1);
      task.cancel();
      expect(await failure(task)).toBeInstanceOf(CancelledError);
      await expectClean(session);
    });
  });

  it("while reading the body (read, text, json, content)", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const reads = [
        (r: Awaited<ReturnType<ClientSession["get"]>>) => r.read(),
        (r: Awaited<ReturnType<ClientSession["get"]>>) => r.text(),
        (r: Awaited<ReturnType<ClientSession["get"]>>) => r.json({ contentType: null }),
        async (r: Awaited<ReturnType<ClientSession["get"]>>) => {
          for await (const chunk of r.content) void chunk;
        },
      ];
      for (const read of reads) {
        const response = await session.get(http.url("/stall-body?sent=10"));
        const task = createTask(() => read(response));
        await sleep(20);
        task.cancel();
        expect(await failure(task)).toBeInstanceOf(CancelledError);
        await expectClean(session);
      }
    });
  });

  it("a cancelled task's request can be caught and the session keeps working", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 1 } });
      for (let index = 0; index < 3; index++) {
        const task = createTask(() => session.get(http.url("/hang")));
        await sleep(10);
        task.cancel();
        await failure(task);
      }
      expect((await session.get(http.url("/json"))).status).toBe(200);
      expect(session.connector.stats().active).toBe(0);
    });
  });

  it("cancelling during a redirect chain aborts the current hop", async () => {
    await inLoop(async () => {
      http.server.route("/redirect-to-hang", (_request, response) => {
        response.writeHead(302, { location: "/hang", "content-length": 0 });
        response.end();
      });
      await using session = new ClientSession();
      const task = createTask(() => session.get(http.url("/redirect-to-hang")));
      await sleep(30);
      task.cancel();
      expect(await failure(task)).toBeInstanceOf(CancelledError);
      await expectClean(session);
    });
  });
});
