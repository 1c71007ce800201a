/**
 * The advisor console's queue on a big database: N tickets (default 5,000, one in ten waiting),
 * 20 messages each, in a libSQL file; times each kind of queue read once warm.
 *
 *   npx tsx bench/tools/consoleQueue.ts [N]
 *
 * Prints, per read, the rows returned and the milliseconds it took (the store's own call: SQL and
 * the pseudonyms computed for a pseudonym search).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase } from '../../src/storage/openDatabase.js';
import { LibsqlHandoffStore } from '../../src/handoff/libsqlHandoffStore.js';
import type { QueueFilter } from '../../src/handoff/handoffPorts.js';

const dir = mkdtempSync(join(tmpdir(), 'tawjih-queue-'));
const { client, db } = await openDatabase(`file:${join(dir, 'queue.db')}`);
await migrateDatabase(db);
const n = Number(process.argv[2] ?? 5000);
const now = Date.now();
const rows: { sql: string; args: unknown[] }[] = [];
for (let i = 0; i < n; i++) {
  rows.push({ sql: 'INSERT INTO contacts (id, locale, province, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)', args: [`k${i}`, i % 2 ? 'fr' : 'ar', 'tiznit', now, now] });
  rows.push({ sql: 'INSERT INTO conversations (id, contact_id, channel, channel_user_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', args: [`v${i}`, `k${i}`, 'webchat', `u${i}`, 'bot', now, now] });
  for (let m = 0; m < 20; m++) {
    rows.push({
      sql: 'INSERT INTO messages (id, conversation_id, seq, direction, author, kind, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      args: [`m${i}_${m}`, `v${i}`, m + 1, m % 2 ? 'out' : 'in', m % 2 ? 'bot' : 'person', 'text', `message ${m} of ticket ${i}: passeport, carte de séjour`, now - (20 - m) * 1000],
    });
  }
  rows.push({ sql: "INSERT INTO tickets (id, conversation_id, topic, status, created_at) VALUES (?, ?, 'general', ?, ?)", args: [`t${i}`, `v${i}`, i % 10 === 0 ? 'waiting' : 'closed', now - (n - i) * 1000] });
}
for (let i = 0; i < rows.length; i += 5000) await client.batch(rows.slice(i, i + 5000) as never, 'write');
const store = new LibsqlHandoffStore(client);
const word = (text: string) => ({ text, topics: [], provinces: [] });
const reads: [string, QueueFilter][] = [
  ['waiting', { status: 'waiting' }],
  ['all', { status: 'all' }],
  ['all, "passeport"', { status: 'all', words: [word('passeport')] }],
  ['all, a word nobody wrote', { status: 'all', words: [word('zzzz')] }],
  ['all, a pseudonym', { status: 'all', words: [word('P-7KQ2')] }],
];
await store.listTickets({ status: 'all' }, 'a1', 200); // warm
console.log(`${n} tickets, ${n * 20} messages`);
for (const [name, filter] of reads) {
  const t0 = performance.now();
  const found = await store.listTickets(filter, 'a1', 200);
  console.log(`${name.padEnd(28)} ${String(found.length).padStart(4)} rows ${(performance.now() - t0).toFixed(0).padStart(5)} ms`);
}
const t0 = performance.now();
await store.queueCounts('a1');
console.log(`${'tab counts'.padEnd(28)}           ${(performance.now() - t0).toFixed(0).padStart(5)} ms`);
client.close();
rmSync(dir, { recursive: true, force: true });
