// Issue 15, "Leftovers report": in debug mode, a response whose body was neither read nor
// released is listed by the leftovers report of run() and taskGroup() once the task that
// made the request is done, with the line that made the request (aiohttp's "Unclosed
// response" ResourceWarning with asyncio debug mode's source traceback). The http package
// registers its responses through @aiots/tasks' trackResource hook.
import { describe, expect, it } from "vitest";
import {
  createTask,
  run,
  sleep,
  taskGroup,
  VirtualClock,
  type LeftoversReport,
} from "@aiots/tasks";
import { ClientSession, type ClientResponse } from "../src/index.js";
import { debugRun, lineOf as lineOfIn, useServer } from "./helpers.js";

const http = useServer();
const lineOf = (marker: string): string => lineOfIn(import.meta.url, marker);

describe("unread responses in the leftovers report (debug mode)", () => {
  it("a response nobody read nor released, with the line of the request", async () => {
    const reports = await debugRun(async () => {
      await using session = new ClientSession();
      await createTask(async () => {
        const response = await session.get(http.url("/json")); // unread-request
        expect(response.status).toBe(200);
      });
    });
    expect(reports).toHaveLength(1);
    const [report] = reports as [LeftoversReport];
    expect(report.scope).toBe("run()");
    expect(report.resources).toHaveLength(1);
    const [left] = report.resources;
    expect(left!.resource.kind).toBe("response");
    expect(left!.description).toBe(`<ClientResponse(${http.url("/json")}) [200 OK]>`);
    expect(left!.site).toContain(lineOf("unread-request"));
    expect(left!.createdBy).toMatch(/^Task-\d+$/);
    expect(report.summary).toBe("Leftovers of run() (debug mode): 1 open response");
  });

  it("a session never closed is in run()'s report, with its deadline timers", async () => {
    let session: ClientSession | undefined;
    const reports = await debugRun(async () => {
      session = new ClientSession(); // session-made
      await (await session.get(http.url("/json"))).json(); // unclosed-session
    });
    await session!.close(); // after the report, outside the loop
    expect(reports).toHaveLength(1);
    // The response was read: only the session (test/unclosed-session-leftovers.test.ts).
    expect(reports[0]!.resources.map(({ resource }) => resource.kind)).toEqual(["session"]);
    expect(reports[0]!.resources[0]!.site).toContain(lineOf("session-made"));
    expect(reports[0]!.timers.length).toBeGreaterThan(0);
    for (const timer of reports[0]!.timers) {
      expect(timer.createdBy).toBeUndefined();
      expect(timer.site).toContain(lineOf("unclosed-session"));
    }
  });

  it("one its task's end released for it (a big body) is still one nobody read", async () => {
    const reports = await debugRun(async () => {
      const session = new ClientSession();
      await taskGroup(async (tg) => {
        tg.createTask(async () => {
          const response = await session.get(http.url(`/bytes?n=${1024 * 1024}`)); // big-request
          return response.status;
        });
      });
      await sleep(0);
      await session.close();
    });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.scope).toMatch(/^taskGroup\(\)/);
    // The session's shared deadline timers, armed by this request, are the session's (it
    // outlives the group), not leftovers of the group's task.
    expect(reports[0]!.timers).toEqual([]);
    expect(reports[0]!.resources.map((r) => r.site)).toEqual([
      expect.stringContaining(lineOf("big-request")),
    ]);
  });

  it("read, released, disposed, streamed, empty or handed on and read: nothing is reported", async () => {
    const reports = await debugRun(async () => {
      await using session = new ClientSession();
      await (await session.get(http.url("/json"))).json();
      await (await session.get(http.url("/text"))).text();
      (await session.get(http.url(`/bytes?n=${1024 * 1024}`))).release();
      {
        await using _disposed = await session.get(http.url("/bytes?n=100"));
      }
      const streamed = await session.get(http.url("/bytes?n=5000"));
      for await (const chunk of streamed.content.iterChunked(1000)) expect(chunk.length).toBe(1000);
      const head = await session.head(http.url("/json"));
      expect(head.status).toBe(200);
      const failed = await session.get(http.url("/status?code=503"));
      expect(() => failed.raiseForStatus()).toThrow();
      const handedOn: ClientResponse = await createTask(() => session.get(http.url("/json")));
      await sleep(1);
      expect(await handedOn.json()).toEqual({ ok: true });
    });
    expect(reports).toEqual([]);
  });

  it("tracks nothing without debug mode", async () => {
    const reports: LeftoversReport[] = [];
    await run(
      async () => {
        await using session = new ClientSession();
        await session.get(http.url("/json"));
      },
      { clock: new VirtualClock(), onLeftovers: (report) => reports.push(report) },
    );
    expect(reports).toEqual([]);
  });
});
