// Newcomer report (issue #12's "first hour"): a ClientSession never closed went unnoticed,
// even in debug mode, where the leftovers report showed only the session's own deadline
// timers. aiohttp warns "Unclosed client session"; here, in debug mode, the leftovers report
// of run() and taskGroup() lists the session once the task (or group body) that made it is
// done, with the line that made it.
import { describe, expect, it } from "vitest";
import { createTask, run, taskGroup, VirtualClock, type LeftoversReport } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";
import { debugRun, lineOf as lineOfIn, useServer } from "./helpers.js";

const http = useServer();
const lineOf = (marker: string): string => lineOfIn(import.meta.url, marker);

const sessionsIn = (reports: LeftoversReport[]) =>
  reports.flatMap((report) =>
    report.resources
      .filter(({ resource }) => resource.kind === "session")
      .map(({ description, site }) => ({ scope: report.scope, description, site })),
  );

describe("an unclosed ClientSession in the leftovers report (debug mode)", () => {
  it("lists a session a task made and never closed, with the line that made it", async () => {
    const reports = await debugRun(async () => {
      await createTask(async () => {
        const session = new ClientSession({ baseUrl: http.url("/") }); // unclosed-session
        await (await session.get("json")).text();
      });
    });
    const sessions = sessionsIn(reports);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.scope).toBe("run()");
    expect(sessions[0]!.description).toBe(`<ClientSession baseUrl=${http.url("/")} open>`);
    expect(sessions[0]!.site).toContain(lineOf("unclosed-session"));
    expect(reports[0]!.summary).toMatch(/1 open session/);
  });

  it("does not list a closed session, nor one still in use by the task that made it", async () => {
    const reports = await debugRun(async () => {
      const used = new ClientSession();
      await taskGroup(async (group) => {
        group.createTask(async () => {
          await using closed = new ClientSession();
          await (await closed.get(http.url("/json"))).text();
        });
        group.createTask(async () => {
          await (await used.get(http.url("/json"))).text();
        });
      });
      // Made before the group by the task still running: the group's report skips it.
      expect(used.closed).toBe(false);
      await used.close();
    });
    expect(sessionsIn(reports)).toEqual([]);
  });

  it("lists a session made inside a task group's body when the group ends", async () => {
    const reports = await debugRun(async () => {
      let session: ClientSession | undefined;
      await taskGroup(async () => {
        session = new ClientSession(); // group-session
      });
      await session!.close();
    });
    const sessions = sessionsIn(reports);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.scope).toMatch(/taskGroup/);
    expect(sessions[0]!.site).toContain(lineOf("group-session"));
  });

  it("tracks nothing outside debug mode", async () => {
    const reports: LeftoversReport[] = [];
    await run(
      async () => {
        new ClientSession();
      },
      { clock: new VirtualClock(), onLeftovers: (report) => reports.push(report) },
    );
    expect(reports).toEqual([]);
  });
});
