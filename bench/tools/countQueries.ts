/**
 * Counting queries: the real server in this process under webhook load, every SQL statement
 * counted and timed (prepare + execution, at the libsql driver).
 *
 *   npx tsx bench/tools/countQueries.ts                 2,000 updates, 8 at a time, 500 chats
 *   N=3000 C=32 CHATS=800 npx tsx bench/tools/countQueries.ts
 *   RATE=100000 ...          lift the outbox limit (every update's reply is sent: 4 writes each)
 *   BENCH_TUNE_POOL=single   experiments of bench/lib/tunePool.ts
 *   KEEP=1                   keep the database file and print its directory
 *
 * Prints updates per second (load generator included), SQL time per update, and the statements
 * by total time: how many per update, how many rows they read.
 */
import Database from 'libsql';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type Config } from '../../src/config/configSchema.js';
import { startNode } from '../../src/runtime/startNode.js';
import { FakeTelegramApi } from '../../test/support/fakeTelegramApi.js';
import { fullServerEnv } from '../lib/servers.js';
import { tunePooledConnections } from '../lib/tunePool.js';
import { BENCH_BOT_TOKEN, UpdateStream, WEBHOOK_SECRET } from '../lib/workload.js';

type Stmt = Record<string, (...args: unknown[]) => unknown>;
type Proto = { prepare(this: object, sql: string): Stmt };

tunePooledConnections(process.env.BENCH_TUNE_POOL);
const stats = new Map<string, { n: number; ms: number; rows: number; max: number }>();
const connections = new Set<object>();
const proto = (Database as unknown as { prototype: Proto }).prototype;
const prepare = proto.prepare;
proto.prepare = function (this: object, sql: string) {
  connections.add(this);
  const key = sql.replace(/\s+/g, ' ').slice(0, 110);
  const s = stats.get(key) ?? { n: 0, ms: 0, rows: 0, max: 0 };
  stats.set(key, s);
  s.n++;
  const t0 = performance.now();
  const stmt = prepare.call(this, sql);
  s.ms += performance.now() - t0;
  for (const m of ['run', 'get']) {
    const f = stmt[m]!;
    stmt[m] = (...a: unknown[]) => {
      const t = performance.now();
      try {
        return f.apply(stmt, a);
      } finally {
        const ms = performance.now() - t;
        s.ms += ms;
        s.max = Math.max(s.max, ms);
      }
    };
  }
  const all = stmt.all!;
  stmt.all = (...a: unknown[]) => {
    const t = performance.now();
    const rows = all.apply(stmt, a) as unknown[];
    const ms = performance.now() - t;
    s.ms += ms;
    s.max = Math.max(s.max, ms);
    s.rows += rows.length;
    return rows;
  };
  return stmt;
};

const fake = await new FakeTelegramApi(BENCH_BOT_TOKEN).start();
const dir = join(tmpdir(), `tawjih-queries-${process.pid}`);
const parsed = parseConfig(fullServerEnv(join(dir, 't.db'), fake.url));
if (!parsed.ok) throw new Error(parsed.message);
const config: Config = { ...parsed.config };
if (process.env.RATE) config.TELEGRAM_RATE_PER_SECOND = Number(process.env.RATE);
const running = await startNode(config);
stats.clear();
const stream = new UpdateStream(Number(process.env.CHATS ?? 500), 100_000_000);
const N = Number(process.env.N ?? 2000);
const C = Number(process.env.C ?? 8);
let i = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: C }, async () => {
    while (i < N) {
      i++;
      const res = await fetch(`${running.url}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body: JSON.stringify(stream.next().update),
      });
      await res.text();
    }
  }),
);
const elapsed = performance.now() - t0;
console.log(`${N} updates in ${elapsed.toFixed(0)} ms: ${((N / elapsed) * 1000).toFixed(0)}/s; sendMessage ${fake.sent().length}; connections used ${connections.size}`);
let total = 0;
for (const s of stats.values()) total += s.ms;
console.log(`SQL ${total.toFixed(0)} ms = ${(total / N).toFixed(3)} ms per update`);
for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(`${s.ms.toFixed(0).padStart(7)} ms ${String(s.n).padStart(6)}x ${(s.n / N).toFixed(2).padStart(5)}/update max ${s.max.toFixed(1).padStart(5)} ms rows ${String(s.rows).padStart(7)}  ${k}`);
}
for (const f of ['t.db', 't.db-wal']) console.log(`${f}: ${((await stat(join(dir, f)).catch(() => ({ size: 0 }))).size / 1e6).toFixed(1)} MB`);
await running.stop();
await fake.stop();
if (process.env.KEEP) console.log(`kept ${dir}`);
else await rm(dir, { recursive: true, force: true });
