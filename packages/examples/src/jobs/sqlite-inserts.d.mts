import type { Database } from "sql.js";

/** Loads sql.js (once per thread) and opens an in-memory database with the `items` table. */
export function openDatabase(): Promise<Database>;
/** Inserts rows one by one, synchronously, until `ms` real ms have passed; returns how many. */
export function insertFor(db: Database, ms: number): number;
/** For toThread: inserts for `ms` real ms in a fresh database of the worker; the count read back and the ms. */
export function insertForInThread(ms: number): Promise<{ rows: number; ms: number }>;
