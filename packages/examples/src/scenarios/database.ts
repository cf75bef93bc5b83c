import { performance } from "node:perf_hooks";
import { ClientSession } from "@aiots/http";
import { createTask, Event, getRunningLoop, timeout, TimeoutError } from "@aiots/tasks";
import { aggregate, createItemsTable } from "../db/aggregate.js";
import type { Database } from "../db/database.js";
import { openPglite } from "../db/pglite-database.js";
import { openPostgres } from "../db/postgres-database.js";
import type { Scenario } from "../scenario.js";
import { generateApi, type ApiOptions } from "../server/api.js";
import { startDemoServer } from "../server/demo-server.js";

/** The `database` scenario's settings; the defaults are {@link DATABASE_DEFAULTS}. */
export interface DatabaseSettings {
  readonly api: ApiOptions;
  /** Pages fetched at once. */
  readonly fetchConcurrency: number;
  /** The per-query timeout of the job, ms. */
  readonly queryTimeoutMs: number;
  /** The timeout of the query stuck behind that lock, ms. */
  readonly stuckTimeoutMs: number;
}

/** 20 pages of 50 items (40 ms each), 4 pages at a time; the stuck query's timeout 200 ms. */
export const DATABASE_DEFAULTS: DatabaseSettings = {
  api: { pages: 20, perPage: 50, latencyMs: 40 },
  fetchConcurrency: 4,
  queryTimeoutMs: 5000,
  stuckTimeoutMs: 200,
};

/** The pool size when `--pool` is not given. */
export const DEFAULT_POOL_SIZE = 4;

/** What the last run of a database scenario measured, for the tests and the README. */
export interface DatabaseRun {
  readonly description: string;
  readonly poolSize: number;
  readonly stored: number;
  readonly rowsInTable: number;
  readonly jobMs: number;
  readonly peakInFlight: number;
  readonly queries: number;
  readonly stuckOutcome: string;
  readonly cancelledOnServer: number;
  readonly cancelledQueued: number;
  readonly waitingAfter: number;
}

/**
 * A `database` scenario with its own settings (the tests use a smaller API).
 *
 * @example
 * ```ts
 * const small = makeDatabase({ ...DATABASE_DEFAULTS, api: { pages: 4, perPage: 10 } });
 * await runScenario(small, { virtual: true, poolSize: 4 });
 * ```
 */
export function makeDatabase(settings: DatabaseSettings): Scenario & { lastRun?: DatabaseRun } {
  const scenario: Scenario & { lastRun?: DatabaseRun } = {
    name: "database",
    summary:
      "an API-aggregation job: pages from the embedded server into PostgreSQL (PGlite or --database-url) through a pool, per-query timeouts cancelled in the database",
    // The job does real I/O (loopback HTTP, the database): time jumps only after the loop was
    // idle this long, so no timer is jumped to while a request or a query is on its way.
    autojumpThresholdMs: 50,
    async main({ print, now, databaseUrl, poolSize: requested, reportLatency, virtualClock }) {
      const poolSize = requested ?? DEFAULT_POOL_SIZE;
      const loop = getRunningLoop();
      const api = generateApi(settings.api);
      reportLatency(settings.api.latencyMs ?? 40);
      const db: Database =
        databaseUrl === undefined
          ? await openPglite(poolSize)
          : await openPostgres(databaseUrl, poolSize);
      const table = `aiots_items_${process.pid}_${Date.now().toString(36)}`;
      const server = await startDemoServer({
        site: api,
        schedule: (ms, fn) => void loop.callLater(ms, fn),
      });
      // No client timer against the embedded server (see gather-fetch).
      const session = new ClientSession({ timeout: { total: 0, sockConnect: 0 } });
      try {
        print(`database: ${db.description}, pool of ${poolSize}`);
        await createItemsTable(db, table);
        const started = performance.now();
        const result = await aggregate({
          pageUrls: api.pageUrls,
          server,
          session,
          db,
          table,
          fetchConcurrency: settings.fetchConcurrency,
          writers: poolSize,
          // A virtual clock cannot tell a query on the wire from an idle loop, and would jump
          // to this deadline while queries run (issue #11, item 10): off there.
          queryTimeoutMs: virtualClock === undefined ? settings.queryTimeoutMs : Infinity,
        });
        const jobMs = performance.now() - started;
        const [count] = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
        const rowsInTable = Number(count?.["n"] ?? 0);
        const { peakInFlight, queries } = db.stats;
        print(
          `fetched ${result.pages} pages (${settings.fetchConcurrency} at a time, ${settings.api.latencyMs ?? 40} ms each) ` +
            `and stored ${result.stored} rows with ${plural(poolSize, "writer task")}`,
        );
        print(
          `${rowsInTable} rows in the table after ${Math.round(jobMs)} ms: ${Math.round((rowsInTable / jobMs) * 1000)} rows/s; ` +
            `peak ${plural(peakInFlight, "query", "queries")} in flight (pool ${poolSize}), ${result.timedOut} timed out`,
        );

        // A query stuck behind a lock, with a per-query timeout that cancels it for real.
        // The holder keeps the lock until the stuck query's fate is known: no other timer
        // than the query's deadline, so the virtual clock has nothing else to jump to.
        const locked = new Event();
        const release = new Event();
        const holder = createTask(
          () =>
            db.transaction(async (tx) => {
              await tx.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
              locked.set();
              await release.wait();
            }),
          { name: "lock holder" },
        );
        await locked.wait();
        const stuckStart = now();
        let stuckOutcome = "finished";
        try {
          await timeout(settings.stuckTimeoutMs, () =>
            db.query(`UPDATE ${table} SET price = price + 1 WHERE id = $1`, [1]),
          );
        } catch (error) {
          if (!(error instanceof TimeoutError)) throw error;
          stuckOutcome = `TimeoutError after ${Math.round(now() - stuckStart)} ms`;
        }
        let waitingAfter: number;
        try {
          waitingAfter = await db.waiting();
        } finally {
          release.set();
        }
        const { cancelledOnServer, cancelledQueued, lastServerCancel } = db.stats;
        print(
          `an UPDATE stuck behind a table lock, with a ${settings.stuckTimeoutMs} ms timeout: ${stuckOutcome}`,
        );
        print(
          cancelledOnServer > 0
            ? `  cancelled on the server (${lastServerCancel ?? "57014"}); queries waiting on a lock there now: ${waitingAfter}`
            : `  cancelled while queued for the database's one connection, before it ran; queries waiting now: ${waitingAfter}`,
        );
        await holder;
        scenario.lastRun = {
          description: db.description,
          poolSize,
          stored: result.stored,
          rowsInTable,
          jobMs,
          peakInFlight,
          queries,
          stuckOutcome,
          cancelledOnServer,
          cancelledQueued,
          waitingAfter,
        };
      } finally {
        await session.close();
        await server.close();
        try {
          await db.query(`DROP TABLE IF EXISTS ${table}`);
        } finally {
          await db.close();
        }
      }
    },
  };
  return scenario;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The article's "数据库查询" (database queries) and its advice to use an async driver
 * (asyncpg): an API-aggregation job that fetches pages from the embedded server with a
 * `ClientSession` and stores the parsed rows with concurrent queries through a pool, each
 * under a timeout that cancels the query in the database. PGlite by default (a real
 * PostgreSQL in this process: nothing to install), a server with `--database-url`.
 */
export const database = makeDatabase(DATABASE_DEFAULTS);
