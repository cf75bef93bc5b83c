// The `database` scenario on PGlite (in-process, in memory) on both clocks, and against a
// real PostgreSQL server where DATABASE_URL is set (.ci/run starts one when it can): every
// row of the API stored through the pool, at most `pool` queries in flight, and a query
// stuck behind a lock cancelled by its timeout in the database itself.
import { describe, expect, it } from "vitest";
import { parsePage } from "../src/db/aggregate.js";
import { runScenario } from "../src/runner.js";
import { DATABASE_DEFAULTS, makeDatabase } from "../src/scenarios/database.js";
import { generateApi } from "../src/server/api.js";

const small = { ...DATABASE_DEFAULTS, api: { pages: 6, perPage: 10, latencyMs: 40 } };
const databaseUrl = process.env["DATABASE_URL"];

describe.each([
  ["virtual", true],
  ["real", false],
])("database on PGlite, %s clock", (_, virtual) => {
  it("stores every row through a pool of 3; the stuck query is cancelled before it reaches PGlite", async () => {
    const scenario = makeDatabase(small);
    const result = await runScenario(scenario, { virtual, poolSize: 3 });
    expect(result.error).toBeUndefined();
    expect(result.output[0]).toMatch(
      /^database: PGlite \(PostgreSQL \d+\.\d+, in-process\), pool of 3$/,
    );
    expect(result.output[1]).toBe(
      "fetched 6 pages (4 at a time, 40 ms each) and stored 60 rows with 3 writer tasks",
    );
    expect(result.output[2]).toMatch(
      /^60 rows in the table after \d+ ms: \d+ rows\/s; peak 3 queries in flight \(pool 3\), 0 timed out$/,
    );
    const waited =
      /^an UPDATE stuck behind a table lock, with a 200 ms timeout: TimeoutError after (\d+) ms$/.exec(
        result.output[3] ?? "",
      )?.[1];
    // Never early; on the real clock a loaded machine may fire it late.
    if (virtual) expect(Number(waited)).toBe(200);
    else expect(Number(waited)).toBeGreaterThanOrEqual(200);
    expect(result.output[4]).toBe(
      "  cancelled while queued for the database's one connection, before it ran; queries waiting now: 0",
    );
    const run = scenario.lastRun;
    expect(run?.stored).toBe(60);
    expect(run?.rowsInTable).toBe(60);
    expect(run?.peakInFlight).toBeGreaterThan(1);
    expect(run?.peakInFlight).toBeLessThanOrEqual(3);
    expect(run?.cancelledQueued).toBe(1);
    expect(run?.cancelledOnServer).toBe(0);
    expect(run?.waitingAfter).toBe(0);
    // The writers are cancelled once the queue is drained; nothing failed.
    expect(result.spans.filter((span) => span.state === "failed")).toEqual([]);
    expect(result.spans.filter((span) => span.name === "writer").map((span) => span.state)).toEqual(
      ["cancelled", "cancelled", "cancelled"],
    );
  }, 60_000);
});

describe("the embedded API and its parser", () => {
  it("serves seeded pages of items as JSON and 404s the rest; parsePage checks their shape", () => {
    const api = generateApi({ pages: 2, perPage: 3, seed: 5 });
    expect(api.pageUrls).toEqual([
      "http://api.shop.test/items?page=1",
      "http://api.shop.test/items?page=2",
    ]);
    const answer = api.answer("http://api.shop.test/items?page=2", 1);
    expect(answer).toMatchObject({ status: 200, latencyMs: 40 });
    const page = parsePage(JSON.parse(answer.body), "page 2");
    expect(page.page).toBe(2);
    expect(page.items.map((item) => item.id)).toEqual([4, 5, 6]);
    expect(page.items[0]?.price).toMatch(/^\d+\.\d\d$/);
    expect(api.answer("http://api.shop.test/items?page=3", 1).status).toBe(404);
    expect(() => parsePage({ page: 1, items: [{ id: "x" }] }, "http://api.test/p")).toThrow(
      /^Expected a page of items from http:\/\/api\.test\/p, got /,
    );
  });
});

describe.runIf(databaseUrl !== undefined).each([
  ["virtual", true],
  ["real", false],
])("database on a real PostgreSQL server (DATABASE_URL), %s clock", (_, virtual) => {
  it("stores every row through the pool and cancels the stuck query on the server", async () => {
    const scenario = makeDatabase(small);
    const result = await runScenario(scenario, { virtual, poolSize: 4, databaseUrl });
    expect(result.error).toBeUndefined();
    expect(result.output[0]).toMatch(
      /^database: PostgreSQL \d+\.\d+ at 127\.0\.0\.1:\d+, pool of 4$/,
    );
    expect(result.output[3]).toMatch(/: TimeoutError after 2\d\d ms$/);
    if (virtual) expect(result.output[3]).toMatch(/TimeoutError after 200 ms$/);
    expect(result.output[4]).toBe(
      "  cancelled on the server (57014 canceling statement due to user request); queries waiting on a lock there now: 0",
    );
    const run = scenario.lastRun;
    expect(run?.stored).toBe(60);
    expect(run?.rowsInTable).toBe(60);
    expect(run?.peakInFlight).toBeGreaterThan(1);
    expect(run?.peakInFlight).toBeLessThanOrEqual(4);
    expect(run?.cancelledOnServer).toBe(1);
    expect(run?.waitingAfter).toBe(0);
  }, 60_000);
});
