import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/** One row, rewritten by every /healthz (and once at start): proves the database can still write (a full disk, a read-only file cannot). */
export const healthChecks = sqliteTable('health_checks', {
  id: integer('id').primaryKey(),
  checkedAt: integer('checked_at').notNull(),
});
