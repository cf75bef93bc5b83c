import { PGlite } from "@electric-sql/pglite";
import { Lock, Semaphore } from "@aiots/tasks";
import {
  inQueryTask,
  StatsCounter,
  type Database,
  type Queryable,
  type QueryStats,
  type Row,
  type SqlValue,
} from "./database.js";

/**
 * PGlite (PostgreSQL compiled to WebAssembly, in this process, in memory) as a
 * {@link Database}. It has one connection and runs one statement at a time on this thread:
 * `poolSize` bounds the queries in flight, and they queue (on an aiots `Lock`, so that a
 * cancelled query leaves the queue at once and never reaches PGlite) for the connection. A
 * statement PGlite has begun cannot be interrupted: the task ends cancelled when it is done.
 *
 * @example
 * ```ts
 * const db = await openPglite(4);
 * await db.query("SELECT 1 AS one"); // [{ one: 1 }]
 * await db.close();
 * ```
 */
export async function openPglite(poolSize: number): Promise<Database> {
  const pglite = await PGlite.create();
  const version = String(
    (await pglite.query<Row>("SHOW server_version")).rows[0]?.["server_version"],
  );
  return new PgliteDatabase(pglite, poolSize, version);
}

class PgliteDatabase implements Database {
  readonly description: string;
  readonly #pglite: PGlite;
  readonly #pool: Semaphore;
  readonly #connection = new Lock();
  readonly #stats = new StatsCounter();

  constructor(
    pglite: PGlite,
    readonly poolSize: number,
    version: string,
  ) {
    this.#pglite = pglite;
    this.#pool = new Semaphore(poolSize);
    this.description = `PGlite (PostgreSQL ${version}, in-process)`;
  }

  get stats(): QueryStats {
    return this.#stats;
  }

  query(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.#stats.count((started) =>
      this.#pool.withLock(() =>
        this.#connection.withLock(() =>
          inQueryTask(async () => {
            started();
            return (await this.#pglite.query<Row>(text, [...params])).rows;
          }),
        ),
      ),
    );
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return await this.#connection.withLock(async () => {
      await this.#pglite.exec("BEGIN");
      try {
        const result = await fn({
          query: async (text, params = []) =>
            (await this.#pglite.query<Row>(text, [...params])).rows,
        });
        await this.#pglite.exec("COMMIT");
        return result;
      } catch (error) {
        await this.#pglite.exec("ROLLBACK");
        throw error;
      }
    });
  }

  waiting(): Promise<number> {
    return Promise.resolve(this.#stats.inFlight);
  }

  async close(): Promise<void> {
    await this.#pglite.close();
  }
}
