/**
 * The real server (src/runtime/startNode.ts) in its own process: file database in WAL, Telegram in
 * webhook mode with a secret, pointed at a fake Bot API. Configured by the environment, like
 * `npm start`; the parent passes BENCH_* settings:
 *   BENCH_BACKGROUND=0   the outbox loop waits for the command `loop` (sending measured alone)
 *   BENCH_TELEGRAM_RATE  messages per second overall on Telegram, above the config's cap of 30
 *                        (the turn-latency measurement lifts it, see docs/performance.md)
 * Commands on stdin: `memory` (RSS and heap), `cpu` (CPU time used so far), `inbox` (messages
 * answered and waiting), `loop` (starts the background loop), `profile-start` and
 * `profile-stop <file>` (a CPU profile of the window between them).
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createClient } from '@libsql/client';
import { parseConfig, type Config } from '../../src/config/configSchema.js';
import { startNode } from '../../src/runtime/startNode.js';
import { onCommand, report } from '../lib/child.js';
import { tunePooledConnections } from '../lib/tunePool.js';

tunePooledConnections(process.env.BENCH_TUNE_POOL);

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(1);
}
const config: Config = { ...parsed.config };
if (process.env.BENCH_TELEGRAM_RATE) config.TELEGRAM_RATE_PER_SECOND = Number(process.env.BENCH_TELEGRAM_RATE);
const background = process.env.BENCH_BACKGROUND !== '0';
const running = await startNode(config, { background });
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

let profiler: Session | null = null;
onCommand(async (command) => {
  if (command === 'memory') {
    const m = process.memoryUsage();
    report('memory', { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external });
  } else if (command === 'cpu') {
    // CPU time so far, and how long the event loop was blocked since the previous `cpu`.
    // And the event loop's busy time: the main thread's share (the process's CPU also counts
    // libSQL's checkpoint threads and V8's helper threads, which a second core runs).
    // And the main thread's own CPU (the busy time also counts the moments it was runnable and
    // waited for a core: two cores shared with the load generator).
    const c = process.cpuUsage();
    const t = process.threadCpuUsage();
    report('cpu', { userMs: c.user / 1000, systemMs: c.system / 1000, loopBusyMs: performance.eventLoopUtilization().active, mainThreadCpuMs: (t.user + t.system) / 1000, loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6 });
    loopDelay.reset();
  } else if (command === 'inbox') {
    // Messages recorded by the webhook: answered, or still waiting on disk for their turn.
    const db = createClient({ url: config.DATABASE_URL });
    const r = await db.execute('SELECT status, count(*) AS n FROM inbound_receipts GROUP BY status');
    db.close();
    report('inbox', Object.fromEntries(r.rows.map((row) => [String(row.status), Number(row.n)])));
  } else if (command === 'profile-start') {
    // A CPU profile of a measured window only (BENCH_PROFILE: the start-up is not in it).
    profiler ??= new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
    report('profile-start', {});
  } else if (command.startsWith('profile-stop ')) {
    const { profile } = await profiler!.post('Profiler.stop');
    await writeFile(command.slice('profile-stop '.length), JSON.stringify(profile));
    profiler!.disconnect();
    report('profile-stop', {});
  } else if (command === 'loop') {
    running.loop.start();
    report('loop', { started: Date.now() });
  }
});
const stop = async () => {
  await running.stop().catch(() => undefined);
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
report('ready', { port: running.port, pid: process.pid });
