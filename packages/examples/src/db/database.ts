import { CancelledError, createTask, currentTask } from "@aiots/tasks";

/** A row as the drivers return it: column name to value. */
export type Row = Record<string, unknown>;

/** A parameter of a statement. */
export type SqlValue = string | number | boolean | null;

/** Runs one SQL statement with `$1`-style parameters. */
export interface Queryable {
  query(text: string, params?: readonly SqlValue[]): Promise<Row[]>;
}

/** How the queries of a {@link Database} went so far. */
export interface QueryStats {
  /** Queries finished (with a result or an error). */
  readonly queries: number;
  /** Queries issued and not finished: waiting for a connection or running. */
  readonly inFlight: number;
  /** The most in flight at once. */
  readonly peakInFlight: number;
  /** Queries whose task was cancelled while the server ran them: cancelled on the server. */
  readonly cancelledOnServer: number;
  /** Queries whose task was cancelled before they reached the database. */
  readonly cancelledQueued: number;
  /** The server's message for the last query it cancelled. */
  readonly lastServerCancel: string | undefined;
}

/**
 * The database of the `database` scenario, the same for PGlite and a PostgreSQL server: at
 * most `poolSize` queries at once, and a query whose task is cancelled (a `timeout`, a
 * `TaskGroup` failing, Ctrl+C) is cancelled in the database too, then the task ends
 * cancelled, not failed.
 */
export interface Database extends Queryable {
  /** "PGlite ..." or "PostgreSQL ... at host:port". */
  readonly description: string;
  readonly poolSize: number;
  readonly stats: QueryStats;
  /**
   * Runs `fn` in a transaction on a connection of its own (not one of the pool's), committed
   * if `fn` resolves, rolled back if it throws.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Queries waiting inside the database now: on a lock (a server, from `pg_stat_activity`),
   * or for the one connection (PGlite).
   */
  waiting(): Promise<number>;
  close(): Promise<void>;
}

/** Counts queries for {@link QueryStats}. */
export class StatsCounter implements QueryStats {
  queries = 0;
  inFlight = 0;
  peakInFlight = 0;
  cancelledOnServer = 0;
  cancelledQueued = 0;
  lastServerCancel: string | undefined;

  /**
   * Counts `run` as one query in flight until it settles; `run` calls `started()` when the
   * statement is handed to the database, so that a cancellation before is counted as such.
   */
  async count<T>(run: (started: () => void) => Promise<T>): Promise<T> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    let reached = false;
    try {
      return await run(() => {
        reached = true;
      });
    } catch (error) {
      if (!reached && error instanceof CancelledError) this.cancelledQueued++;
      throw error;
    } finally {
      this.inFlight--;
      this.queries++;
    }
  }
}

/**
 * Runs `statement` in a task of its own (named `query`), with that task's `signal`, and
 * returns its result. The caller then waits on a task, not on the driver's promise: a
 * `timeout` in the caller cancels the query task and waits until the database has answered
 * the cancellation, instead of abandoning a foreign promise at the deadline (what
 * `@aiots/tasks` does to code blocked on one). A statement that ran to its end anyway
 * (PGlite cannot stop one) still ends the task cancelled.
 */
export async function inQueryTask<T>(statement: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return await createTask(
    async () => {
      const task = currentTask();
      if (task === undefined) throw new Error("inQueryTask() runs inside a task");
      const value = await statement(task.signal);
      if (task.cancelling() > 0) throw task.signal.reason;
      return value;
    },
    { name: "query" },
  );
}
