import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../src/storage/openDatabase.js';

describe('migrations', () => {
  it('apply on a new file database, and applying them twice changes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tawjih-mig-'));
    try {
      const url = `file:${join(dir, 'nested', 'tawjih.db')}`; // the directory is created
      const { client, db } = await openDatabase(url);
      await migrateDatabase(db);
      const tables = async () =>
        (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).rows.map((r) => r.name);
      const first = await tables();
      expect(first).toEqual(expect.arrayContaining(['contacts', 'conversations', 'messages', 'inbound_receipts', 'outbox', 'tickets']));
      await client.execute("INSERT INTO contacts (id, created_at, last_seen_at) VALUES ('c_keep', 1, 1)");
      await migrateDatabase(db);
      expect(await tables()).toEqual(first);
      expect((await client.execute("SELECT id FROM contacts")).rows.map((r) => r.id)).toEqual(['c_keep']);
      const mode = await client.execute('PRAGMA journal_mode');
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      client.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
