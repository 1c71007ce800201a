import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSqliteClient } from '../src/storage/localSqliteClient.js';

let dir: string;
let client: LocalSqliteClient;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tawjih-sqlite-'));
  client = new LocalSqliteClient(join(dir, 'x.db'));
  await client.execute('CREATE TABLE a (id TEXT PRIMARY KEY, n INTEGER, flag INTEGER)');
  await client.execute('CREATE TABLE b (id TEXT PRIMARY KEY, a_id TEXT)');
});
afterAll(async () => {
  client.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the local SQLite client (statements compiled once)', () => {
  it('reads rows by column name and by index, as Drizzle expects; a repeated name keeps its first value', async () => {
    await client.batch([{ sql: 'INSERT INTO a VALUES (?, ?, ?)', args: ['x', 1700000000000, true] }, { sql: 'INSERT INTO b VALUES (?, ?)', args: ['y', 'x'] }], 'write');
    const r = await client.execute({ sql: 'SELECT a.id, b.id, a.n, a.flag FROM a JOIN b ON b.a_id = a.id WHERE a.id = ?', args: ['x'] });
    const row = r.rows[0]!;
    expect(Object.keys(row)).toEqual(['id', 'n', 'flag']);
    expect(row.id).toBe('x');
    expect(Array.prototype.slice.call(row)).toEqual(['x', 'y', 1700000000000, 1]);
    expect(r.columns).toEqual(['id', 'id', 'n', 'flag']);
  });

  it('runs the same text again with other values (the compiled statement is reused)', async () => {
    for (const id of ['p', 'q', 'r']) await client.execute({ sql: 'INSERT INTO a VALUES (?, ?, ?)', args: [id, 2, false] });
    const again = await client.execute({ sql: 'SELECT count(*) AS n FROM a WHERE n = ?', args: [2] });
    expect(again.rows[0]!.n).toBe(3);
    const changed = await client.execute({ sql: 'UPDATE a SET n = 3 WHERE n = ?', args: [2] });
    expect(changed.rowsAffected).toBe(3);
  });

  it('a batch that fails half-way leaves nothing behind', async () => {
    await expect(
      client.batch([{ sql: 'INSERT INTO a VALUES (?, ?, ?)', args: ['new', 1, 0] }, { sql: 'INSERT INTO a VALUES (?, ?, ?)', args: ['x', 1, 0] }], 'write'),
    ).rejects.toThrow(/UNIQUE/);
    const r = await client.execute({ sql: 'SELECT count(*) AS n FROM a WHERE id = ?', args: ['new'] });
    expect(r.rows[0]!.n).toBe(0);
    // And the connection is usable again, outside any transaction.
    await client.batch([{ sql: 'INSERT INTO a VALUES (?, ?, ?)', args: ['new', 1, 0] }], 'write');
  });
});

describe('WAL checkpoints on their own thread', () => {
  /**
   * 3,000 commits with SQLite's own checkpoint off, then the size of the database file: what the
   * checkpoints copied out of the WAL into it. (Whether the WAL then starts over depends on a
   * checkpoint ending between two commits, a race with the writes; SQLite's own checkpoint, kept
   * at 1,000 pages in openDatabase.ts, bounds it in the server.)
   */
  async function commit3000(checkpointPages: number): Promise<{ dbBytes: number; rows: number }> {
    const wal = await mkdtemp(join(tmpdir(), 'tawjih-wal-'));
    const file = join(wal, 'w.db');
    const c = new LocalSqliteClient(file, { checkpointPages });
    try {
      await c.execute('PRAGMA journal_mode=WAL');
      await c.execute('PRAGMA synchronous=NORMAL');
      await c.execute('PRAGMA wal_autocheckpoint=0');
      await c.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v TEXT)');
      for (let i = 0; i < 3000; i++) {
        await c.batch([{ sql: 'INSERT INTO t (k, v) VALUES (?, ?)', args: [`key ${(i * 7919) % 3001}`, 'x'.repeat(300)] }], 'write');
        // A server's commits are spaced by its other work (webhooks, sends): a turn of the event loop.
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      // The rows (about 1 MB) reach the database file as checkpoints copy them: wait for the
      // checkpoint under way, if any (at most 4 s; without the thread nothing ever comes).
      let dbBytes = (await stat(file)).size;
      for (let tries = 0; checkpointPages && dbBytes < 800_000 && tries < 200; tries++) {
        await new Promise((r) => setTimeout(r, 20));
        dbBytes = (await stat(file)).size;
      }
      return { dbBytes, rows: Number((await c.execute('SELECT count(*) FROM t')).rows[0]![0]) };
    } finally {
      c.close();
      await rm(wal, { recursive: true, force: true });
    }
  }

  it("3,000 commits with SQLite's own checkpoint off: the thread copies them into the database file, and every row is there", async () => {
    const withThread = await commit3000(50);
    expect(withThread.rows).toBe(3000);
    expect(withThread.dbBytes).toBeGreaterThan(800_000);
    // Without it, everything stays in the WAL: the file holds the table's first pages only.
    const without = await commit3000(0);
    expect(without.rows).toBe(3000);
    expect(without.dbBytes).toBeLessThan(100_000);
  });
});
