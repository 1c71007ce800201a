import type { BatchItem } from 'drizzle-orm/batch';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema.js';

/** Drizzle over libSQL or over D1: the same SQLite query builder, asynchronous either way, with batches. */
export type Database = BaseSQLiteDatabase<'async', unknown, typeof schema> & {
  batch(queries: [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]): Promise<unknown>;
};

/** Rows changed by a write, whichever driver ran it (libSQL: rowsAffected; D1: meta.changes). */
export function changes(result: unknown): number {
  const r = result as { rowsAffected?: number; meta?: { changes?: number }; changes?: number };
  return r.rowsAffected ?? r.meta?.changes ?? r.changes ?? 0;
}
