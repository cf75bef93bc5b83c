import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, gather } from "@aiots/tasks";
import { ClientSession } from "../src/index.js";
import { TestServer } from "../src/testing/index.js";

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(async () => {
  await server.close();
});

describe("smoke", () => {
  it("gets inside run()", async () => {
    const out = await run(async () => {
      await using session = new ClientSession();
      const r = await session.get(server.urlFor("/json"));
      const a = await r.json();
      const texts = await gather(
        session.get(server.urlFor("/bytes?n=10")).then((x) => x.text()),
        session.get(server.urlFor("/bytes?n=20")).then((x) => x.text()),
      );
      return [r.status, a, texts.map((t) => t.length)];
    });
    expect(out).toEqual([200, { ok: true }, [10, 20]]);
  });
  it("gets without a loop", async () => {
    await using session = new ClientSession();
    const r = await session.get(server.urlFor("/bytes?n=5"));
    expect(await r.text()).toBe("xxxxx");
  });
});
