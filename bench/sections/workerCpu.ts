/**
 * npm run bench:worker: CPU time of the Cloudflare Worker bundle (build/worker.js, as deployed);
 * the Workers free plan allows 10 ms a request and 1 s of start-up (docs/performance.md, "The
 * Worker's CPU").
 *
 * 1. In workerd (the runtime Cloudflare runs), through Miniflare, a real HTTP request per message.
 *    workerd hides timers from the code it runs, so the CPU is read from outside: the run time of
 *    the workerd process's threads (/proc/<pid>/task/<tid>/schedstat, ns) before a request and
 *    once the process is quiet after it (waitUntil work included), for all threads and for the
 *    main one (without V8's helper threads). Also counted: Miniflare's entry worker (an empty
 *    Worker's request is measured beside), the HTTP parsing, and either D1's SQLite (`d1`) or the
 *    Worker's side of a database in another process (`remote`): upper bounds of what Cloudflare
 *    counts. The first request is the first the isolate serves after its start-up (module
 *    evaluation), which is measured apart, beside an empty Worker's.
 * 2. Our Worker alone in workerd: the pinned workerd binary serving the bundle from a config of its
 *    own (no Miniflare, so no entry worker), the database a libSQL server in this process over
 *    HTTP. What the target is judged on: the nearest this machine gets to what Cloudflare counts
 *    (workerd's HTTP and V8's helper threads are still in it).
 * 3. In Node's V8, the bundle's fetch handler called in-process with a D1 binding over libSQL,
 *    each request's CPU from process.cpuUsage() (the method of issue 9): comparable with earlier runs.
 *
 * WORKER_BUNDLE=<file> measures another bundle (how "before" was measured).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { migrateDatabase, openDatabase } from '../../src/storage/openDatabase.js';
import { settledCpuMs, workerdChildren } from '../lib/workerdCpu.js';
import { FakeHranaServer } from '../../test/support/fakeHranaServer.js';
import { BUNDLE, cpuOf, message, MESSAGES_URL, messageInit, pct, runConversations, SCRIPT, summarize, VARS, WARM, type WorkerCpuResult } from '../lib/workerScript.js';
import { measureFirstRequests, measureWorkerCpuInBareWorkerd } from './workerCpuBare.js';
import { measureConsoleCpu } from '../lib/consoleCpu.js';

export type { WorkerCpuResult };

/** The migrations' statements, in order (drizzle's breakpoints). */
function migrationStatements(): string[] {
  return readdirSync('migrations')
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => readFileSync(`migrations/${f}`, 'utf8').split('--> statement-breakpoint'))
    .map((s) => s.trim())
    .filter(Boolean);
}

async function startWorkerd(code: { scriptPath: string } | { script: string }, extra: Record<string, unknown>): Promise<{ mf: Miniflare; pid: number; startMs: number }> {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      workers: [{ modules: true, ...code, compatibilityDate: '2026-10-23', compatibilityFlags: ['nodejs_compat'], ...extra }],
    } as never),
  );
  await mf.ready;
  const pids = workerdChildren();
  if (pids.length !== 1) throw new Error(`expected one workerd process, found ${pids.length}`);
  return { mf, pid: pids[0]!, startMs: (await settledCpuMs(pids[0]!)).all };
}

/** What Miniflare and workerd cost without our Worker: start-up, and a request to a Worker that answers "ok". */
export async function measureEmptyWorker(requests = 200): Promise<{ start_ms: number; first_request_ms: number; request_p50_ms: number }> {
  const { mf, pid, startMs } = await startWorkerd({ script: 'export default { fetch() { return new Response("ok"); } };' }, { bindings: VARS });
  try {
    const cpu: number[] = [];
    for (let i = 0; i < requests; i++) cpu.push((await cpuOf(pid, () => mf.dispatchFetch(MESSAGES_URL, messageInit(`empty-${i}`, SCRIPT[i % SCRIPT.length]!)) as unknown as Promise<Response>)).all);
    const first = cpu[0]!;
    cpu.sort((a, b) => a - b);
    return { start_ms: startMs, first_request_ms: first, request_p50_ms: pct(cpu, 50) };
  } finally {
    await mf.dispose();
  }
}

/**
 * In workerd: the start-up's CPU, the first request's, then each turn's. `d1`: Miniflare's D1
 * (SQLite inside the workerd process, counted); `remote`: a libSQL server in this process, over
 * HTTP (the Worker's DATABASE_URL=libsql://… path): the database's work is not counted, as on
 * Cloudflare, where D1 runs outside the isolate.
 */
export async function measureWorkerCpuInWorkerd(database: 'd1' | 'remote', conversations = 60): Promise<WorkerCpuResult & { start_ms: number; main: WorkerCpuResult }> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build:worker\` first`);
  let remote: { server: FakeHranaServer; close(): void } | null = null;
  if (database === 'remote') {
    const { client, db } = await openDatabase(':memory:');
    await migrateDatabase(db);
    remote = { server: await new FakeHranaServer(client).start(), close: () => client.close() };
  }
  const bindings = remote ? { ...VARS, DATABASE_URL: remote.server.url, DATABASE_AUTH_TOKEN: remote.server.token } : VARS;
  const { mf, pid, startMs } = await startWorkerd({ scriptPath: BUNDLE }, { bindings, ...(remote ? {} : { d1Databases: ['DB'] }) });
  try {
    if (!remote) {
      const db = await mf.getD1Database('DB');
      // Migrations straight into D1 (not through the Worker: they are not a request).
      for (const sql of migrationStatements()) await db.prepare(sql).run();
    }
    return { ...(await runConversations(pid, conversations, (init) => mf.dispatchFetch(MESSAGES_URL, init as never) as unknown as Promise<Response>)), start_ms: startMs };
  } finally {
    await mf.dispose();
    if (remote) {
      await remote.server.stop();
      remote.close();
    }
  }
}

/** In Node's V8, in-process (issue 9's method), first request included. */
export async function measureWorkerCpu(conversations = 60): Promise<WorkerCpuResult> {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build:worker\` first`);
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
  const worker = (await import(pathToFileURL(BUNDLE).href)).default as {
    fetch(req: Request, env: unknown, ctx: { waitUntil(p: Promise<unknown>): void }): Promise<Response>;
  };
  const env = { DB, ...VARS };
  const cpu: number[] = [];
  const firsts: number[] = [];
  const pending: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p) };
  // Warm-up conversations, not counted in the percentiles (the first request is reported alone):
  // V8 compiles the hot paths, as in an isolate that has served some requests.
  for (let c = -WARM; c < conversations; c++) {
    for (const body of SCRIPT) {
      const request = message(`cpu-bench-${c}`, body);
      const start = process.cpuUsage();
      const res = await worker.fetch(request, env, ctx);
      await res.arrayBuffer();
      await Promise.all(pending.splice(0));
      const used = process.cpuUsage(start);
      if (res.status !== 200) throw new Error(`worker answered ${res.status}`);
      const ms = (used.user + used.system) / 1000;
      if (c === -WARM) firsts.push(ms);
      else if (c >= 0) cpu.push(ms);
    }
  }
  client.close();
  return summarize(firsts, cpu);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  const f = (n: number) => n.toFixed(2);
  const line = (r: WorkerCpuResult) =>
    `first request ${f(r.first_ms)} ms (the first conversation: ${r.firsts_ms.map((m) => m.toFixed(1)).join(', ')}); turns (${r.turns}): p50 ${f(r.p50_ms)} ms, p99 ${f(r.p99_ms)} ms, max ${f(r.max_ms)} ms`;
  console.log(`load average at start: ${load()}`);
  const empty = await measureEmptyWorker();
  console.log(`workerd, an empty Worker: start-up ${empty.start_ms.toFixed(1)} ms CPU; first request ${f(empty.first_request_ms)} ms, a request ${f(empty.request_p50_ms)} ms (p50: Miniflare's entry worker and HTTP)`);
  const d1 = await measureWorkerCpuInWorkerd('d1');
  console.log(`workerd + D1 (SQLite counted): start-up ${d1.start_ms.toFixed(1)} ms CPU; ${line(d1)}`);
  console.log(`  its main thread only (no V8 helper threads): ${line(d1.main)}`);
  console.log(`  by step (p50 / p99 ms): ${d1.steps.map((x) => `${x.step} ${f(x.p50_ms)} / ${f(x.p99_ms)}`).join('; ')}`);
  console.log(`  the costliest turns (ms, step #conversation): ${d1.worst.map((x) => `${f(x.ms)} ${x.step} #${x.conversation}`).join('; ')}`);
  const remote = await measureWorkerCpuInWorkerd('remote');
  console.log(`workerd + libSQL in another process (the database not counted): start-up ${remote.start_ms.toFixed(1)} ms CPU; ${line(remote)}`);
  console.log(`  its main thread only (no V8 helper threads): ${line(remote.main)}`);
  const bare = await measureWorkerCpuInBareWorkerd();
  console.log(`workerd alone, our Worker only (no Miniflare; the database in another process): start-up ${bare.start_ms.toFixed(1)} ms CPU; ${line(bare)}`);
  console.log(`  its main thread only (no V8 helper threads): ${line(bare.main)}`);
  const firsts = await measureFirstRequests('webchat');
  const telegram = await measureFirstRequests('telegram');
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`  first requests of ${firsts.length} more fresh isolates (a web chat greeting): ${firsts.map((x) => x.toFixed(1)).join(', ')} ms (mean ${f(mean(firsts))})`);
  console.log(`  with Telegram configured, a webhook update as the first request (its replies' sends included), ${telegram.length} fresh isolates: ${telegram.map((x) => x.toFixed(1)).join(', ')} ms (mean ${f(mean(telegram))})`);
  // The advisor's side (not judged by issue 21's target, printed to be watched): 25 people waiting, a Workers page.
  const consoleCpu = await measureConsoleCpu(3, 25);
  console.log(`  the advisor console, 25 waiting, 3 fresh isolates (ms): ${Object.entries(consoleCpu).map(([step, ms]) => `${step} ${ms.map((x) => x.toFixed(1)).join(', ')}`).join('; ')}`);
  const n = await measureWorkerCpu();
  console.log(`node (in-process, libSQL counted): ${line(n)}`);
  console.log(`load average at end: ${load()}`);
  // The target is judged on what Cloudflare counts as nearly as this machine can measure it: our
  // Worker alone (workerd's HTTP and V8's helper threads still counted), the database elsewhere
  // as D1 is. The runs through Miniflare (its entry worker counted, and D1's SQLite) stay above as upper bounds.
  // The first request: the highest of six fresh isolates' (the run above and five more).
  const first = Math.max(bare.first_ms, ...firsts);
  const ok = first <= 10 && bare.p99_ms <= 10;
  console.log(
    `bench:worker first_ms=${f(first)} turn_p99_ms=${f(bare.p99_ms)} d1_first_ms=${f(d1.first_ms)} d1_turn_p99_ms=${f(d1.p99_ms)} remote_first_ms=${f(remote.first_ms)} remote_turn_p99_ms=${f(remote.p99_ms)} telegram_first_ms=${f(Math.max(...telegram))} console_queue_first_ms=${f(Math.max(...consoleCpu['the queue, first time']))} empty_request_ms=${f(empty.request_p50_ms)} ` +
      `(our Worker alone in workerd, all threads, the database elsewhere; the first request the highest of 6 isolates; target both <= 10 ms: ${ok ? 'met' : 'NOT met'}. Through Miniflare with D1, everything counted: ${d1.first_ms <= 10 && d1.p99_ms <= 10 ? 'met' : 'not met'})`,
  );
}
