/**
 * CPU profiles of a Worker's first requests in workerd, through its inspector:
 *   npx tsx bench/tools/workerProfile.ts [outdir]       (default: the system's temporary directory)
 * Bundles src/runtime/worker.ts as `npm run build:worker` does but not minified (names and lines
 * readable), starts it in Miniflare with D1, applies the migrations, then profiles each request of
 * a first conversation on its own (`worker-1.cpuprofile`, …; open them in Chrome's DevTools, or
 * sum them by function). What bench:worker counts as "the first request" is the first one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Miniflare, convertV4MiniflareOptions } from 'miniflare';
import WebSocket from 'ws';

const out = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'tawjih-worker-profile-'));
// Inside the project (workerd refuses a script outside its starting directory); build/ is not committed.
const bundle = 'build/worker.profile.js';
execFileSync('npx', ['esbuild', 'src/runtime/worker.ts', '--bundle', '--charset=utf8', '--format=esm', '--platform=neutral', '--main-fields=module,main', '--conditions=workerd,worker,browser', '--external:node:*', '--external:cloudflare:*', '--log-level=warning', `--outfile=${bundle}`], { stdio: 'inherit' });

const INSPECTOR_PORT = 9239;
const mf = new Miniflare(
  convertV4MiniflareOptions({
    inspectorPort: INSPECTOR_PORT,
    workers: [{ name: 'tawjih', modules: true, scriptPath: bundle, compatibilityDate: '2026-10-23', compatibilityFlags: ['nodejs_compat'], bindings: { LOG_LEVEL: 'silent', OFFICE_HOURS: 'mon-sun 00:00-24:00' }, d1Databases: ['DB'] }],
  } as never),
);
const SCRIPT: Record<string, unknown>[] = [{ text: 'bonjour' }, { choice: 'onboarding.language.fr' }, { choice: 'onboarding.privacy.accept' }, { text: 'carte de sejoure renouvelement' }];
try {
  await mf.ready;
  const db = await mf.getD1Database('DB');
  const migrations = readdirSync('migrations').filter((f) => f.endsWith('.sql')).sort();
  for (const sql of migrations.flatMap((f) => readFileSync(`migrations/${f}`, 'utf8').split('--> statement-breakpoint')).map((s) => s.trim()).filter(Boolean)) await db.prepare(sql).run();
  const targets = (await (await fetch(`http://127.0.0.1:${INSPECTOR_PORT}/json`)).json()) as { title: string; webSocketDebuggerUrl: string }[];
  const target = targets.find((t) => t.title.includes('tawjih'));
  if (!target) throw new Error(`no inspector target for the Worker among ${targets.map((t) => t.title).join(', ')}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let lastId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result);
  });
  const call = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      const id = ++lastId;
      waiting.set(id, resolve as (result: unknown) => void);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 50 });
  for (const [i, body] of SCRIPT.entries()) {
    await call('Profiler.start');
    const res = await mf.dispatchFetch('https://w/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: 'profiled-conversation', ...body }) });
    await res.arrayBuffer();
    // What the request left running (waitUntil) is in the profile too.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { profile } = await call<{ profile: unknown }>('Profiler.stop');
    const file = join(out, `worker-${i + 1}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`${String(body.text ?? body.choice)}: ${res.status}, ${file}`);
  }
  ws.close();
} finally {
  await mf.dispose();
}
