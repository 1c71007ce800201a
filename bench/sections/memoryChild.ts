/**
 * 4. Memory: the real server, started as `npm start` starts it (the "start" script of
 * package.json: same Node flags, same entry point, "prestart" run first; bench/lib/startCommand.ts),
 * with a file database, gets N conversations of a few messages each through the web chat API:
 * "Bonjour" (onboarding starts), the language button, a question (knowledge search). 16
 * conversations at a time, over HTTP from this process. Reports the server process's resident
 * memory (Linux /proc/<pid>/status: VmRSS, and VmHWM for the peak) once started and at the end,
 * and its CPU time per turn (/proc/<pid>/stat: what the Node flags cost, whatever the load).
 *
 * The server runs with the defaults of `npm start` (LOG_LEVEL info: a log line per turn, read and
 * dropped here), on a free port and a database in the given directory.
 *
 * Arguments: conversations, messages per conversation (2 or 3), a directory for the database.
 * BENCH_MEMORY_NODE_ARGS (an experiment, reported as such): Node flags instead of the start script's,
 * all of them (`--import tsx` alone: the server without memory flags).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { report, ROOT } from '../lib/child.js';
import { readStartCommand } from '../lib/startCommand.js';
import { allQuestions } from '../lib/workload.js';

const conversations = Number(process.argv[2] ?? 10_000);
const perConversation = Number(process.argv[3] ?? 3);
const dir = process.argv[4]!;
const start = readStartCommand();
const nodeArgs = process.env.BENCH_MEMORY_NODE_ARGS ? process.env.BENCH_MEMORY_NODE_ARGS.split(' ').filter(Boolean) : start.nodeArgs;

if (start.prestart) {
  // What `npm start` runs first (npm runs "prestart" before "start").
  const built = spawnSync('npm', ['run', '--silent', 'prestart'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error(`npm run prestart failed (status ${built.status})`);
}

const server = spawn(process.execPath, [...nodeArgs, start.entry], {
  cwd: ROOT,
  env: {
    ...Object.fromEntries(['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'BENCH_HEAP_SNAPSHOT'].filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!])),
    // The start script's own variables (`NAME=value node …`), as sh sets them for `npm start`.
    ...start.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${join(dir, 'tawjih.db')}`,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
// Its log (JSON lines on stderr, one per turn: 30,000 here) is read as `npm start`'s would be, and
// dropped; the last lines are printed if it exits early.
const lastLog: string[] = [];
createInterface({ input: server.stderr! }).on('line', (line) => {
  lastLog.push(line);
  if (lastLog.length > 20) lastLog.shift();
});
server.once('exit', (code) => {
  if (code) process.stderr.write(`the server exited (code ${code}); its last log lines:\n${lastLog.join('\n')}\n`);
});
const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
// Never leave the server behind (the parent stops this process with SIGTERM on a timeout).
process.once('exit', () => server.exitCode === null && server.signalCode === null && server.kill('SIGKILL'));
process.once('SIGTERM', () => process.exit(1));
const port = await new Promise<number>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('the server did not start within 120 s')), 120_000);
  server.once('exit', (code) => reject(new Error(`the server exited (code ${code})`)));
  createInterface({ input: server.stdout! }).on('line', (line) => {
    const m = /running: open http:\/\/[^:]+:(\d+)/.exec(line);
    if (m) {
      clearTimeout(timer);
      resolve(Number(m[1]));
    }
  });
});
const url = `http://127.0.0.1:${port}/webchat/api/messages`;

/** The server's resident memory now and its peak since it started (MB), and its CPU time (ms). */
function serverUsage(): { rssMb: number; peakRssMb: number; cpuMs: number } {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  // /proc/<pid>/stat: utime and stime are fields 14 and 15, in clock ticks (100 per second on Linux).
  const stat = readFileSync(`/proc/${server.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
  return { rssMb: (kb('VmRSS') * 1024) / 1e6, peakRssMb: (kb('VmHWM') * 1024) / 1e6, cpuMs };
}

await new Promise((r) => setTimeout(r, 1000));
const atStart = serverUsage();
const questions = allQuestions();

let next = 0;
let turns = 0;
const t0 = performance.now();
async function worker(): Promise<void> {
  for (;;) {
    const i = next++;
    if (i >= conversations) return;
    const id = `bench-${String(i).padStart(6, '0')}`;
    const steps = [{ text: 'Bonjour' }, { choice: 'onboarding.language.fr' }, { text: questions[i % questions.length]!.text }].slice(0, perConversation);
    for (const [k, step] of steps.entries()) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ conversationId: id, locale: 'fr', messageId: `m${k}`, ...step }),
      });
      const body = (await res.json()) as { replies?: unknown[] };
      if (res.status !== 200 || !body.replies?.length) throw new Error(`turn not answered: ${res.status} ${JSON.stringify(body)}`);
      turns++;
    }
  }
}
let result: Record<string, unknown>;
try {
  await Promise.all(Array.from({ length: 16 }, worker));
  const elapsedMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 500));
  const atEnd = serverUsage();
  result = {
    conversations,
    messagesPerConversation: perConversation,
    turns,
    turnsPerSecond: Math.round((turns / elapsedMs) * 1000),
    serverCpuMsPerTurn: (atEnd.cpuMs - atStart.cpuMs) / turns,
    startCommand: [...Object.entries(start.env).map(([k, v]) => `${k}=${v}`), 'node', ...nodeArgs, start.entry].join(' '),
    rssStartMb: atStart.rssMb,
    rssMb: atEnd.rssMb,
    peakRssMb: atEnd.peakRssMb,
  };
} finally {
  server.kill('SIGTERM');
  const kill = setTimeout(() => server.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(kill);
}
// Reported once the server is gone: the parent stops this process as soon as it has the result.
report('result', result);
process.exit(0);
