/**
 * What one write transaction costs on this disk with libsql, and what grouping several in one
 * transaction (group commit) saves:  npx tsx bench/tools/sqliteWrite.ts
 */
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'tawjih-sqlite-'));
const open = (name: string, sync: string, secure: string) => {
  const db = new Database(join(dir, name), { timeout: 5000 });
  db.prepare('PRAGMA journal_mode=WAL').all();
  db.prepare(`PRAGMA synchronous=${sync}`).run();
  db.prepare(`PRAGMA secure_delete=${secure}`).run();
  // Shaped like the outbox: a text key, a JSON payload, three secondary indexes.
  db.prepare('CREATE TABLE t (id TEXT PRIMARY KEY, recipient TEXT, status TEXT, due INTEGER, payload TEXT)').run();
  db.prepare('CREATE INDEX t_due ON t (status, due)').run();
  db.prepare('CREATE INDEX t_recipient ON t (recipient, status, id)').run();
  return db;
};
const n = 3000;
const payload = JSON.stringify({ kind: 'text', text: 'x'.repeat(300), dir: 'ltr', locale: 'fr' });
try {
  for (const [sync, secure] of [['FULL', 'ON'], ['NORMAL', 'ON'], ['NORMAL', 'OFF']] as const) {
    const db = open(`t-${sync}-${secure}.db`, sync, secure);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)').run(`o${String(i).padStart(8, '0')}`, String(600000000 + (i % 977)), 'pending', i, payload);
    const ms = performance.now() - t0;
    console.log(`synchronous=${sync} secure_delete=${secure}: ${((ms / n) * 1000).toFixed(0)} µs per insert, each its own transaction`);
    db.close();
  }
  for (const k of [1, 2, 4, 8, 16]) {
    const db = open(`group-${k}.db`, 'NORMAL', 'ON');
    for (let i = 0; i < n; i++) db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?)').run(`o${String(i).padStart(8, '0')}`, String(600000000 + (i % 977)), 'pending', i, payload);
    const group = db.transaction((ids: string[]) => {
      for (const id of ids) db.prepare("UPDATE t SET status = 'sending' WHERE id = ?").run(id);
    });
    const ids = Array.from({ length: n }, (_, i) => `o${String(i).padStart(8, '0')}`);
    const t0 = performance.now();
    for (let i = 0; i < n; i += k) group(ids.slice(i, i + k));
    console.log(`${String(k).padStart(2)} updates per transaction: ${(((performance.now() - t0) / n) * 1000).toFixed(0)} µs per update`);
    db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
