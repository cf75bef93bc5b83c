// `dispatcher`: any undici Dispatcher, e.g. MockAgent, with the session's limits, timeouts
// (on the loop clock) and cancellation still in force.
import { describe, expect, it } from "vitest";
import { MockAgent } from "undici";
import { CancelledError, getRunningLoop } from "@aiots/loop";
import { createTask, sleep } from "@aiots/tasks";
import { ClientSession, Connector, TotalTimeoutError } from "../src/index.js";
import { failure, inLoop, inVirtualLoop } from "./helpers.js";

const ORIGIN = "http://api.mock.test";

function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

describe("dispatcher: MockAgent", () => {
  it("answers from the mock: status, headers, JSON body", async () => {
    const agent = mockAgent();
    agent
      .get(ORIGIN)
      .intercept({ path: "/items?page=2", method: "GET" })
      .reply(200, { items: [1, 2] }, { headers: { "content-type": "application/json" } });
    await inLoop(async () => {
      await using session = new ClientSession({ dispatcher: agent, baseUrl: ORIGIN });
      const response = await session.get("/items", { params: { page: 2 } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ items: [1, 2] });
      expect(session.connector.stats()).toMatchObject({ active: 0, queued: 0, pools: {} });
    });
    agent.assertNoPendingInterceptors();
    await agent.close(); // the session does not close a dispatcher it was given
  });

  it("the connector's limit still queues requests, and a cancel frees the slot", async () => {
    const agent = mockAgent();
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: "/slow" }).reply(200, "slow").delay(60_000);
    pool.intercept({ path: "/fast" }).reply(200, "fast");
    await inLoop(async () => {
      await using session = new ClientSession({ dispatcher: agent, connector: { limit: 1 } });
      const slow = createTask(() => session.get(`${ORIGIN}/slow`));
      await sleep(0);
      const fast = createTask(async () => (await session.get(`${ORIGIN}/fast`)).text());
      await sleep(0);
      expect(session.connector.stats()).toMatchObject({ active: 1, queued: 1 });
      slow.cancel();
      expect(await failure(slow)).toBeInstanceOf(CancelledError);
      expect(await fast).toBe("fast");
      expect(session.connector.stats()).toMatchObject({ active: 0, queued: 0 });
    });
    await agent.close();
  });

  it("total runs on the loop clock (virtual here), not the mock's delay", async () => {
    const agent = mockAgent();
    agent.get(ORIGIN).intercept({ path: "/never" }).reply(200, "late").delay(600_000);
    await inVirtualLoop(async () => {
      const loop = getRunningLoop();
      await using session = new ClientSession({ dispatcher: agent, timeout: { total: 30_000 } });
      const started = loop.time();
      const error = await failure(session.get(`${ORIGIN}/never`));
      expect(error).toBeInstanceOf(TotalTimeoutError);
      expect(loop.time() - started).toBeGreaterThanOrEqual(30_000);
      expect(loop.time() - started).toBeLessThan(30_005);
      expect(session.connector.stats().active).toBe(0);
    });
    await agent.close();
  });

  it("a Connector takes the dispatcher too; both forms at once are refused", () => {
    const agent = mockAgent();
    const connector = new Connector({ dispatcher: agent });
    expect(() => new ClientSession({ connector, dispatcher: agent })).toThrow(TypeError);
    expect(() => new Connector({ dispatcher: {} as never })).toThrow(
      "Expected `connector.dispatcher` to be an undici Dispatcher, got `{}` (object)",
    );
  });
});
