import { mkdtemp, rm } from 'node:fs/promises';
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
