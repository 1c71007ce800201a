import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { LocalSqliteClient } from './localSqliteClient.js';
import * as schema from './schema.js';
import type { ServiceHealth } from '../health/serviceHealth.js';
import { guardedFetch } from './guardedFetch.js';

import type { Database } from './database.js';
export type { Database };

/** WAL pages between two checkpoints of a local file (on libSQL's own threads; see LocalSqliteClient). */
export const CHECKPOINT_PAGES = 200;

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Whether the database is reached over HTTP (Turso, `libsql://…`): it may drop or stall while this process runs. */
export const isRemoteDatabase = (url: string) => /^(libsql|https?):/.test(url);

export interface RemoteOptions {
  /** The remote database's state: every call reports to it. */
  health?: ServiceHealth;
  /** A call with no answer in this time fails (default DATABASE_CALL_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Opens a libSQL database (file, :memory: or remote). A file database gets its directory created,
 * WAL and synchronous=NORMAL, and a busy timeout. A remote one is not called here (it may be down:
 * the start does not wait for it); each of its calls gets a deadline and reports to `health`.
 */
export async function openDatabase(url: string, authToken?: string, remote: RemoteOptions = {}): Promise<{ client: Client; db: Database }> {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).split('?')[0]!;
    if (path && path !== ':memory:') await mkdir(dirname(resolve(path)), { recursive: true });
  }
  // One connection for a local file: the pragmas below (WAL, synchronous, secure_delete) are set
  // per connection, and a pool would open others without them. Turns never hold a transaction
  // open (each commit is one batch), so one connection is all they need.
  const local = url.startsWith('file:') || url === ':memory:';
  const file = url.startsWith('file:') && !url.includes(':memory:');
  // A local file: our client, which compiles each statement once (localSqliteClient.ts).
  const http = isRemoteDatabase(url);
  const client = file
    ? (new LocalSqliteClient(url.slice('file:'.length).split('?')[0]!, { timeout: 5000, checkpointPages: CHECKPOINT_PAGES }) as unknown as Client)
    : createClient({
        url,
        ...(authToken ? { authToken } : {}),
        timeout: 5000,
        ...(local ? { concurrency: 1 } : {}),
        ...(http && remote.health ? { fetch: guardedFetch(remote.health, remote.timeoutMs) } : {}),
      });
  if (url.startsWith('file:') && !url.includes(':memory:')) {
    await client.execute('PRAGMA journal_mode=WAL');
    await client.execute('PRAGMA synchronous=NORMAL');
    // WAL checkpoints: LocalSqliteClient copies the WAL every CHECKPOINT_PAGES pages, off the event
    // loop (0.6 ms + 12 µs a page, fsyncs included): never inside a commit, never a pause.
    // SQLite's own checkpoint, which runs inside the commit that crosses its mark, stays as a
    // backstop at 1,000 pages, its default (docs/performance.md, "Event-loop blocking").
    await client.execute('PRAGMA wal_autocheckpoint=1000');
    // Deleted rows are overwritten with zeros, not left in free pages: erasure is real.
    await client.execute('PRAGMA secure_delete=ON');
  }
  // Over HTTP every request is a connection of its own (a pragma would not outlive it), and the server may be down now.
  if (!http) await client.execute('PRAGMA foreign_keys=ON');
  return { client, db: drizzle(client, { schema }) as unknown as Database };
}

/** Applies the migrations in migrations/ that have not run yet. Safe to run twice. */
export async function migrateDatabase(db: Database): Promise<void> {
  // openDatabase made it with drizzle-orm/libsql: the migrator for that driver applies.
  await migrate(db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
}
