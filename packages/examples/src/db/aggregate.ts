import type { ClientSession } from "@aiots/http";
import { Queue, Semaphore, taskGroup, timeout, TimeoutError } from "@aiots/tasks";
import type { DemoServer } from "../server/demo-server.js";
import type { ApiItem, ApiPage } from "../server/api.js";
import type { Database } from "./database.js";

/** What {@link aggregate} needs. */
export interface AggregateOptions {
  readonly pageUrls: readonly string[];
  readonly server: DemoServer;
  readonly session: ClientSession;
  readonly db: Database;
  /** The table to store the items in (made by {@link createItemsTable}). */
  readonly table: string;
  /** Pages fetched at once. */
  readonly fetchConcurrency: number;
  /** Writer tasks, one query each at a time (the pool's size). */
  readonly writers: number;
  /** The per-query timeout, ms (`Infinity`: none). */
  readonly queryTimeoutMs: number;
}

/** What {@link aggregate} did. */
export interface AggregateResult {
  readonly pages: number;
  readonly stored: number;
  readonly timedOut: number;
}

/**
 * Creates the items table (dropped by the scenario at its end).
 *
 * @example
 * ```ts
 * await createItemsTable(db, "aiots_items_1");
 * ```
 */
export async function createItemsTable(db: Database, table: string): Promise<void> {
  await db.query(
    `CREATE TABLE ${table} (id integer PRIMARY KEY, name text NOT NULL, ` +
      `price numeric(10, 2) NOT NULL, updated timestamptz NOT NULL, page integer NOT NULL)`,
  );
}

/**
 * The API-aggregation job: fetches every page with the session (`fetchConcurrency` at a
 * time, one `fetch page` task each), parses its items and hands them through a `Queue` to
 * `writers` tasks that store each with one upsert under a per-query `timeout`, so that the
 * database sees up to `writers` queries at once while pages are still arriving. A query that
 * times out is cancelled in the database and counted, the job goes on.
 *
 * @example
 * ```ts
 * const { stored } = await aggregate({ pageUrls, server, session, db, table, fetchConcurrency: 4, writers: 4, queryTimeoutMs: 5000 });
 * ```
 */
export async function aggregate(options: AggregateOptions): Promise<AggregateResult> {
  const { db, server, session } = options;
  const queue = new Queue<ApiItem & { page: number }>(options.writers * 4);
  const fetchLimit = new Semaphore(options.fetchConcurrency);
  const upsert =
    `INSERT INTO ${options.table} (id, name, price, updated, page) ` +
    `VALUES ($1, $2, $3::numeric, $4::timestamptz, $5) ON CONFLICT (id) DO UPDATE SET ` +
    `name = EXCLUDED.name, price = EXCLUDED.price, updated = EXCLUDED.updated, page = EXCLUDED.page`;
  let stored = 0;
  let timedOut = 0;
  let pages = 0;
  await taskGroup(async (tg) => {
    const writers = Array.from({ length: options.writers }, () =>
      tg.createTask(
        async () => {
          for (;;) {
            const item = await queue.get();
            try {
              await timeout(options.queryTimeoutMs, () =>
                db.query(upsert, [item.id, item.name, item.price, item.updated, item.page]),
              );
              stored++;
            } catch (error) {
              if (!(error instanceof TimeoutError)) throw error;
              timedOut++;
            } finally {
              queue.taskDone();
            }
          }
        },
        { name: "writer" },
      ),
    );
    await taskGroup((fetchers) => {
      for (const url of options.pageUrls) {
        fetchers.createTask(
          () =>
            fetchLimit.withLock(async () => {
              const target = server.route(url);
              const response = await session.get(target.url, { headers: { host: target.host } });
              let page: ApiPage;
              try {
                page = parsePage(await response.json(), url);
              } finally {
                response.release();
              }
              pages++;
              for (const item of page.items) await queue.put({ ...item, page: page.page });
            }),
          { name: "fetch page" },
        );
      }
    });
    await queue.join();
    for (const writer of writers) writer.cancel();
  });
  return { pages, stored, timedOut };
}

/** Checks the shape of a page of the API; a `TypeError` naming the URL if it is wrong. */
export function parsePage(body: unknown, url: string): ApiPage {
  const page = body as Partial<ApiPage> | null;
  const ok =
    typeof page === "object" &&
    page !== null &&
    typeof page.page === "number" &&
    Array.isArray(page.items) &&
    page.items.every(
      (item: Partial<ApiItem>) =>
        typeof item.id === "number" &&
        typeof item.name === "string" &&
        typeof item.price === "string" &&
        /^\d+(\.\d+)?$/.test(item.price) &&
        typeof item.updated === "string" &&
        !Number.isNaN(Date.parse(item.updated)),
    );
  if (!ok)
    throw new TypeError(
      `Expected a page of items from ${url}, got ${JSON.stringify(body).slice(0, 80)}`,
    );
  return page as ApiPage;
}
