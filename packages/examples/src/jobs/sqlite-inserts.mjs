// The inserts of `blocking-db`, through sql.js: SQLite compiled to WebAssembly, with a
// synchronous API like better-sqlite3's (see the README for why not better-sqlite3). Plain
// JavaScript, so that a toThread worker loads it without a TypeScript loader.
import { performance } from "node:perf_hooks";
import initSqlJs from "sql.js";

let loading;

/** Loads sql.js (once per thread) and opens an in-memory database with the `items` table. */
export async function openDatabase() {
  loading ??= initSqlJs();
  const SQL = await loading;
  const db = new SQL.Database();
  db.run("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL NOT NULL)");
  return db;
}

function insertOne(statement, id) {
  statement.run([id, `item ${id}`, (id % 1000) / 10]);
}

/**
 * Inserts rows one by one (one statement each, autocommit), synchronously, until `ms` real
 * milliseconds have passed; returns how many.
 */
export function insertFor(db, ms) {
  const statement = db.prepare("INSERT INTO items (id, name, price) VALUES (?, ?, ?)");
  const end = performance.now() + ms;
  let rows = 0;
  try {
    while (performance.now() < end) insertOne(statement, ++rows);
  } finally {
    statement.free();
  }
  return rows;
}

/**
 * For toThread: inserts one by one for `ms` real ms in a fresh database of this worker
 * thread, as the scenario's task does on the loop; returns the row count read back and the
 * real ms the inserts took. `ms = 0` only loads sql.js.
 */
export async function insertForInThread(ms) {
  const db = await openDatabase();
  try {
    const started = performance.now();
    if (ms > 0) insertFor(db, ms);
    const took = performance.now() - started;
    const count = Number(db.exec("SELECT count(*) FROM items")[0]?.values[0]?.[0] ?? 0);
    return { rows: count, ms: took };
  } finally {
    db.close();
  }
}
