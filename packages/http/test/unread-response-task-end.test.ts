// A response nobody reads, whose task has ended, is released with its task: its slot and
// socket are free for the next request (it used to hold them until session.close()). The
// task's own result is kept; release()/await using stay the explicit form.
import { describe, expect, it } from "vitest";
import { createTask, gather, sleep } from "@aiots/tasks";
import { ClientSession, type ClientResponse } from "../src/index.js";
import { inLoop, useServer } from "./helpers.js";

const http = useServer();
const BIG = `/bytes?n=${4 * 1024 * 1024}`;

describe("unread responses and their task", () => {
  it("are released when the task that made them ends", async () => {
    await inLoop(async () => {
      await using session = new ClientSession({ connector: { limit: 2 } });
      const statuses = await gather(
        ...Array.from({ length: 2 }, () =>
          createTask(async () => {
            const response = await session.get(http.url(BIG)); // 4 MiB, never read
            return response.status;
          }),
        ),
      );
      expect(statuses).toEqual([200, 200]);
      await sleep(0);
      expect(session.connector.stats()).toMatchObject({ active: 0, queued: 0 });
      await http.server.waitForSockets(0);
      const next = await session.get(http.url("/json"));
      expect(await next.json()).toEqual({ ok: true });
    });
  });

  it("a response the task returns is kept for whoever awaits the task", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      const task = createTask(() => session.get(http.url(BIG)));
      const response: ClientResponse = await task;
      await sleep(0);
      expect((await response.read()).length).toBe(4 * 1024 * 1024);
    });
  });

  it("a response read to the end is not touched (its body stays readable)", async () => {
    await inLoop(async () => {
      await using session = new ClientSession();
      let kept: ClientResponse | undefined;
      await createTask(async () => {
        kept = await session.get(http.url("/bytes?n=100"));
        await kept.read();
      });
      expect((await kept!.read()).length).toBe(100);
    });
  });
});
