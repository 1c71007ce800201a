/**
 * CPU time of a turn of the Cloudflare Worker bundle (build/worker.js, as deployed).
 *
 * workerd hides timers from code it runs (Spectre mitigations), so the bundle's fetch handler is
 * run here, in Node's V8, with a D1 binding backed by an in-process libSQL database, and each
 * request's CPU is read with process.cpuUsage(). The SQLite work runs in this process too (on
 * Workers, D1 runs elsewhere and its waiting is not CPU time): the figure is an upper bound of what
 * the free plan's 10 ms CPU limit counts.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { migrateDatabase, openDatabase } from '../../src/storage/openDatabase.js';

export interface WorkerCpuResult {
  turns: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export async function measureWorkerCpu(conversations = 60): Promise<WorkerCpuResult> {
  const bundle = 'build/worker.js';
  if (!existsSync(bundle)) throw new Error('build/worker.js is missing: run `npm run build:worker` first');
  const { client, db } = await openDatabase(':memory:');
  await migrateDatabase(db);
  // A D1 binding over libSQL: prepare/bind/all/run/first and batch, as the Worker uses them.
  const prepared = (sql: string, values: unknown[] = []) => ({
    bind: (...v: unknown[]) => prepared(sql, v),
    all: async () => {
      const r = await client.execute({ sql, args: values as never });
      return { results: r.rows.map((row) => Object.fromEntries(r.columns.map((c) => [c, row[c]]))), meta: { changes: r.rowsAffected }, success: true };
    },
    run: async () => {
      const r = await client.execute({ sql, args: values as never });
      return { results: [], meta: { changes: r.rowsAffected }, success: true };
    },
    raw: async () => {
      const r = await client.execute({ sql, args: values as never });
      return r.rows.map((row) => r.columns.map((_, i) => (row as unknown as unknown[])[i]));
    },
    first: async () => (await client.execute({ sql, args: values as never })).rows[0] ?? null,
    _sql: sql,
    _values: values,
  });
  const DB = {
    prepare: (sql: string) => prepared(sql),
    batch: async (stmts: { _sql: string; _values: unknown[] }[]) => {
      const rs = await client.batch(stmts.map((s) => ({ sql: s._sql, args: s._values as never })), 'write');
      return rs.map((r) => ({ results: r.rows.map((row) => Object.fromEntries(r.columns.map((c) => [c, row[c]]))), meta: { changes: r.rowsAffected }, success: true }));
    },
  };
  const worker = (await import(pathToFileURL(bundle).href)).default as {
    fetch(req: Request, env: unknown, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<Response>;
  };
  const env = { DB, LOG_LEVEL: 'silent', OFFICE_HOURS: 'mon-sun 00:00-24:00', RATE_LIMIT_PER_MINUTE: '1000' };
  const script: Record<string, unknown>[] = [
    { text: 'bonjour' },
    { choice: 'onboarding.language.fr' },
    { choice: 'onboarding.privacy.accept' },
    { choice: 'onboarding.audience.migrant' },
    { choice: 'onboarding.province.tiznit' },
    { text: 'carte de sejoure renouvelement' },
    { text: 'numéro de la police' },
    { text: 'menu' },
    { text: 'Comment créer une SARL au Maroc ?' },
    { text: 'kifach njaded la carte' },
  ];
  const cpu: number[] = [];
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p) };
  // Warm-up, not counted: the first request builds the app (content index), and a few
  // conversations let V8 compile the hot paths, as in an isolate that has served some requests.
  const WARM = 10;
  for (let c = -WARM; c < conversations; c++) {
    for (const body of script) {
      const request = new Request('https://w/webchat/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: `cpu-bench-${c}`, ...body }),
      });
      const start = process.cpuUsage();
      const res = await worker.fetch(request, env, ctx);
      await res.arrayBuffer();
      await Promise.all(pending.splice(0));
      const used = process.cpuUsage(start);
      if (res.status !== 200) throw new Error(`worker answered ${res.status}`);
      if (c >= 0) cpu.push((used.user + used.system) / 1000);
    }
  }
  client.close();
  cpu.sort((a, b) => a - b);
  return { turns: cpu.length, p50_ms: pct(cpu, 50), p99_ms: pct(cpu, 99), max_ms: cpu.at(-1)! };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await measureWorkerCpu();
  console.log(`worker turn CPU (${r.turns} turns): p50 ${r.p50_ms.toFixed(2)} ms, p99 ${r.p99_ms.toFixed(2)} ms, max ${r.max_ms.toFixed(2)} ms (target p99 < 10 ms)`);
}
