import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalSqliteClient } from '../src/storage/localSqliteClient.js';
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

describe('an erasure on a busy database file', () => {
  it("leaves nothing of the erased rows in the WAL file, even while the background checkpoint runs", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tawjih-erase-'));
    try {
      const path = join(dir, 'tawjih.db');
      // Checkpoints on libSQL's threads every few pages, as the server's (openDatabase: CHECKPOINT_PAGES).
      const client = new LocalSqliteClient(path, { timeout: 5000, checkpointPages: 8 });
      await client.execute('PRAGMA journal_mode=WAL');
      await client.execute('PRAGMA synchronous=NORMAL');
      await client.execute('PRAGMA secure_delete=ON');
      await client.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
      const secret = 'Zineb Oubella 0612345678';
      for (let round = 0; round < 300; round++) {
        for (let i = 0; i < 10; i++) await client.execute({ sql: 'INSERT INTO notes (text) VALUES (?)', args: [`${secret} ${'.'.repeat(2000)}`] });
        await client.execute('DELETE FROM notes');
        // The erasure's checkpoint lands at a different moment of the background one each round.
        for (let k = 0; k < round % 7; k++) await new Promise((resolve) => setImmediate(resolve));
        const checkpoint = await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
        expect(Number(checkpoint.rows[0]![0]), `round ${round}: the checkpoint was refused (busy)`).toBe(0);
        const wal = await readFile(`${path}-wal`).catch(() => Buffer.alloc(0));
        expect(wal.includes(secret), `round ${round}: the erased text is still in the WAL file`).toBe(false);
      }
      client.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
