import postgres from "postgres";
import { Semaphore } from "@aiots/tasks";
import {
  inQueryTask,
  StatsCounter,
  type Database,
  type Queryable,
  type QueryStats,
  type Row,
  type SqlValue,
} from "./database.js";

/** SQLSTATE of a statement cancelled on the server (`query_canceled`). */
const QUERY_CANCELED = "57014";

/**
 * A PostgreSQL server as a {@link Database}, through the `postgres` driver: a pool of
 * `poolSize` connections for the queries and one more for transactions. A query whose task
 * is cancelled is cancelled on the server (the driver's `cancel()` sends the protocol's
 * CancelRequest, what `pg_cancel_backend` does; the server answers 57014); one still queued
 * in the driver is dropped before it is sent.
 *
 * @example
 * ```ts
 * const db = await openPostgres("postgres://postgres@127.0.0.1:5432/postgres", 4);
 * await db.query("SELECT 1 AS one"); // [{ one: 1 }]
 * await db.close();
 * ```
 */
export async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const sql = postgres(url, {
    max: poolSize + 1,
    onnotice: () => undefined,
    connect_timeout: 10,
  });
  try {
    const [row] = await sql.unsafe<Row[]>("SHOW server_version");
    const shown = row?.["server_version"];
    const version = (typeof shown === "string" ? shown : "?").split(" ")[0] ?? "?";
    const { hostname, port } = new URL(url);
    return new PostgresDatabase(
      sql,
      poolSize,
      `PostgreSQL ${version} at ${hostname}:${port || 5432}`,
    );
  } catch (error) {
    await sql.end({ timeout: 1 });
    throw error;
  }
}

class PostgresDatabase implements Database {
  readonly #sql: postgres.Sql;
  readonly #pool: Semaphore;
  readonly #stats = new StatsCounter();

  constructor(
    sql: postgres.Sql,
    readonly poolSize: number,
    readonly description: string,
  ) {
    this.#sql = sql;
    this.#pool = new Semaphore(poolSize);
  }

  get stats(): QueryStats {
    return this.#stats;
  }

  query(text: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.#stats.count((started) =>
      this.#pool.withLock(() =>
        inQueryTask(async (signal) => {
          started();
          const pending = this.#sql.unsafe<Row[]>(text, [...params]);
          const cancel = (): void => void pending.cancel();
          signal.addEventListener("abort", cancel, { once: true });
          try {
            return [...(await pending)];
          } catch (error) {
            if (signal.aborted && error instanceof Error && codeOf(error) === QUERY_CANCELED) {
              // The server's own error, or the driver's when it dropped the unsent query.
              if (error instanceof postgres.PostgresError) {
                this.#stats.cancelledOnServer++;
                this.#stats.lastServerCancel = `${QUERY_CANCELED} ${error.message}`;
              } else {
                this.#stats.cancelledQueued++;
              }
              throw signal.reason;
            }
            throw error;
          } finally {
            signal.removeEventListener("abort", cancel);
          }
        }),
      ),
    );
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const result = await this.#sql.begin((tx) =>
      fn({ query: async (text, params = []) => [...(await tx.unsafe<Row[]>(text, [...params]))] }),
    );
    return result as T;
  }

  async waiting(): Promise<number> {
    const [row] = await this.#sql.unsafe<Row[]>(
      "SELECT count(*)::int AS n FROM pg_stat_activity " +
        "WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    return Number(row?.["n"] ?? 0);
  }

  async close(): Promise<void> {
    await this.#sql.end({ timeout: 5 });
  }
}

function codeOf(error: Error): unknown {
  return (error as Error & { code?: unknown }).code;
}
