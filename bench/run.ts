/**
 * npm run bench [-- --quick] [-- --only=throughput,latency,turns,knowledge,memory,sending]
 *
 * Measures tawjih on this machine (see docs/performance.md for how to read the numbers), writes
 * bench/results/latest.json, prints a table, and ends with one line:
 *   bench ratio=… turns_per_s=… turns_ratio=… flood_turn_share=… turn_p99_ms=… loop_p99_ms=… kb_p99_ms=… kb10k_p99_ms=… kb10k_speedup=… kb10k_build_s=… rss_mb=… send_rate=… send_429=…
 * Progress goes to stderr; the table and that line to stdout.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, ROOT, startChild } from './lib/child.js';
import { tempDir } from './lib/servers.js';
import { round } from './lib/stats.js';
import { runThroughput, type ThroughputResult } from './sections/throughput.js';
import { runLatency, type LatencyResult } from './sections/latency.js';
import { runSustained, type SustainedResult } from './sections/sustained.js';
import { runSending, type SendingResult } from './sections/sending.js';

const quick = process.argv.includes('--quick');
/** Settings that make a run an experiment rather than a measurement of tawjih as it ships. */
const experiment = Object.fromEntries(
  ['BENCH_TUNE_POOL', 'BENCH_MEMORY_NODE_ARGS', 'BENCH_RATE'].filter((k) => process.env[k]).map((k) => [k, process.env[k]!]),
);
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const want = (name: string) => !only || only.has(name);
const log = (s: string) => process.stderr.write(`${s}\n`);
const started = Date.now();

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGb: round(totalmem() / 2 ** 30),
  node: process.version,
  os: `${platform()} ${release()}`,
  loadAverageAtStart: loadavg().map((l) => round(l)),
  loadAverageAtEnd: [] as number[],
};
log(`tawjih benchmark${quick ? ' (--quick)' : ''}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);
log('The load generator runs on the same cores as the servers it measures.');

interface KnowledgeResult {
  shipped: {
    articles: number;
    questions: number;
    rounds: number;
    buildMs: number;
    ours: { p50: number; p99: number; max: number; n: number };
    fuse: { p50: number; p99: number; questions: number };
    speedupP50: number;
    devTop1: { ours: number; oursLine: string; fuse: number | null; fuseLine: string | null; fuseCached: boolean };
  };
  corpus10k: {
    articles: number;
    synthetic: number;
    buildMs: number;
    buildCpuMs: number;
    indexHeapMb: number;
    rounds: number;
    ours: { p50: number; p99: number; max: number; n: number };
    oursFirstRound: { p50: number; p99: number; max: number };
    fuse: { p50: number; questions: number; measuredOnArticles: number; scaledBy: number };
    oursOnFuseQuestionsP50: number;
    speedup: number;
  };
}
interface MemoryResult {
  conversations: number;
  messagesPerConversation: number;
  turns: number;
  turnsPerSecond: number;
  /** The server process's CPU time (user + system) per turn, in ms. */
  serverCpuMsPerTurn: number;
  /** How the server was started: the "start" script of package.json (or BENCH_MEMORY_NODE_ARGS). */
  startCommand: string;
  rssStartMb: number;
  rssMb: number;
  peakRssMb: number;
}

let throughput: ThroughputResult | null = null;
let latency: LatencyResult | null = null;
let sustained: SustainedResult | null = null;
let knowledge: KnowledgeResult | null = null;
let memory: MemoryResult | null = null;
let sending: SendingResult | null = null;

const timings: Record<string, number> = {};
async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await f();
  } finally {
    timings[name] = round((Date.now() - t0) / 1000);
  }
}

/** One part of section 3 in its own fresh process. */
async function knowledgePart<K extends keyof KnowledgeResult>(part: K): Promise<KnowledgeResult[K]> {
  const child = startChild('sections/knowledgeChild.ts', {}, ['--expose-gc'], [quick ? 'quick' : 'full', part === 'corpus10k' ? '10k' : 'shipped']);
  try {
    return (await child.next<Pick<KnowledgeResult, K>>('result', 1_800_000))[part];
  } finally {
    await child.stop();
  }
}

async function runMemory(): Promise<MemoryResult> {
  const conversations = quick ? 1000 : 10_000;
  log(`\n4. Memory: ${conversations} conversations of 3 messages (the server as npm start runs it, fresh)`);
  const tmp = await tempDir('memory');
  try {
    // The child starts the server with the "start" script's flags (BENCH_MEMORY_NODE_ARGS: an
    // experiment; BENCH_HEAP_SNAPSHOT: for bench/tools/memoryBreakdown.ts).
    const env = Object.fromEntries(['BENCH_MEMORY_NODE_ARGS', 'BENCH_HEAP_SNAPSHOT'].filter((k) => process.env[k]).map((k) => [k, process.env[k]!]));
    const child = startChild('sections/memoryChild.ts', env, [], [String(conversations), '3', tmp.dir]);
    try {
      return await child.next<MemoryResult>('result', 1_800_000);
    } finally {
      await child.stop();
    }
  } finally {
    await tmp.remove();
  }
}

if (want('throughput')) {
  log('\n1. Webhook throughput (autocannon)');
  throughput = await timed('throughput', () => runThroughput({ quick, log }));
}
if (want('latency')) {
  log('\n2. Turn latency at a fixed rate');
  latency = await timed('latency', () => runLatency({ quick, log }));
}
if (want('turns')) {
  log('\n6. Sustained end-to-end turns (the rate stepped up)');
  sustained = await timed('turns', () => runSustained({ quick, log, loadAverage: () => loadavg()[0]! }));
}
if (want('knowledge')) {
  log('\n3. Knowledge search (fresh processes)');
  const shippedPart = await timed('knowledge shipped', () => knowledgePart('shipped'));
  let corpus10k: KnowledgeResult['corpus10k'];
  if (quick && want('sending')) {
    // --quick only: sending is paced by the 30/s limit and uses little CPU, so it runs while the
    // 10,000-article index is built and searched (one core each), to keep the run under a minute.
    log('\n5. Sending under the Bot API limit (--quick: during the 10,000-article part)');
    [corpus10k, sending] = await Promise.all([timed('knowledge 10k', () => knowledgePart('corpus10k')), timed('sending', () => runSending({ quick, log }))]);
  } else {
    corpus10k = await timed('knowledge 10k', () => knowledgePart('corpus10k'));
  }
  knowledge = { shipped: shippedPart, corpus10k };
}
if (want('memory')) memory = await timed('memory', runMemory);
if (want('sending') && !sending) {
  log('\n5. Sending under the Bot API limit');
  sending = await timed('sending', () => runSending({ quick, log }));
}
machine.loadAverageAtEnd = loadavg().map((l) => round(l));

// ---- targets and the summary line -------------------------------------------------------------
const kbShippedP99 = knowledge?.shipped.ours.p99 ?? NaN;
const kb10kP99 = knowledge?.corpus10k.ours.p99 ?? NaN;
const turnsPerS = sustained ? sustained.turnsPerS : NaN;
// Turns answered during the flood of section 1 (warm-up included), per second, against the sustained rate.
const floodTurnsPerS = throughput ? throughput.full.answered / (throughput.warmupS + throughput.durationS) : NaN;
const values = {
  ratio: throughput?.ratio ?? NaN,
  turns_per_s: turnsPerS,
  turns_ratio: round(turnsPerS / (throughput?.bare.rps ?? NaN)),
  flood_turn_share: turnsPerS > 0 ? round(floodTurnsPerS / turnsPerS) : NaN,
  loop_p99_ms: latency?.eventLoopDelayP99Ms ?? NaN,
  turn_p99_ms: latency?.turnMs.p99 ?? NaN,
  kb_p99_ms: kbShippedP99,
  kb10k_p99_ms: kb10kP99,
  kb10k_speedup: knowledge ? Math.round(knowledge.corpus10k.speedup) : NaN,
  kb10k_build_s: knowledge ? round(knowledge.corpus10k.buildMs / 1000) : NaN,
  rss_mb: memory ? Math.round(memory.rssMb) : NaN,
  send_rate: sending?.rate ?? NaN,
  send_429: sending?.tooMany ?? NaN,
};
const devTop1 = knowledge?.shipped.devTop1;
const targets = [
  { name: 'ratio', value: values.ratio, target: '>= 0.25', met: values.ratio >= 0.25 as boolean | null },
  { name: 'turns_ratio', value: values.turns_ratio, target: '>= 0.05', met: values.turns_ratio >= 0.05 },
  { name: 'flood_turn_share', value: values.flood_turn_share, target: '>= 0.5', met: values.flood_turn_share >= 0.5 },
  { name: 'turn_p99_ms', value: values.turn_p99_ms, target: '<= 20', met: values.turn_p99_ms <= 20 },
  { name: 'loop_p99_ms', value: values.loop_p99_ms, target: '<= 5', met: values.loop_p99_ms <= 5 },
  { name: 'kb_p99_ms', value: values.kb_p99_ms, target: '<= 2', met: values.kb_p99_ms <= 2 },
  { name: 'kb10k_p99_ms', value: values.kb10k_p99_ms, target: '<= 10', met: values.kb10k_p99_ms <= 10 },
  { name: 'kb10k_speedup', value: values.kb10k_speedup, target: '>= 10', met: values.kb10k_speedup >= 10 },
  { name: 'kb10k_build_s', value: values.kb10k_build_s, target: '<= 5', met: values.kb10k_build_s <= 5 },
  {
    name: 'dev top-1 vs Fuse.js',
    value: devTop1 ? `${devTop1.ours} vs ${devTop1.fuse ?? 'n/a'}` : 'n/a',
    target: 'no worse',
    met: devTop1 ? (devTop1.fuse === null ? null : devTop1.ours >= devTop1.fuse) : null,
  },
  { name: 'rss_mb', value: values.rss_mb, target: '<= 200', met: values.rss_mb <= 200 },
  { name: 'send_rate', value: values.send_rate, target: '>= 27', met: values.send_rate >= 27 },
  { name: 'send_429', value: values.send_429, target: '= 0', met: values.send_429 === 0 },
];
// A section that did not run (--only) has no value and no verdict.
for (const t of targets) if (typeof t.value === 'number' && !Number.isFinite(t.value)) t.met = null;
const fmt = (v: number) => (Number.isFinite(v) ? String(v) : 'n/a');
const line = `bench ratio=${fmt(values.ratio)} turns_per_s=${fmt(values.turns_per_s)} turns_ratio=${fmt(values.turns_ratio)} flood_turn_share=${fmt(values.flood_turn_share)} turn_p99_ms=${fmt(values.turn_p99_ms)} loop_p99_ms=${fmt(values.loop_p99_ms)} kb_p99_ms=${fmt(values.kb_p99_ms)} kb10k_p99_ms=${fmt(values.kb10k_p99_ms)} kb10k_speedup=${fmt(values.kb10k_speedup)} kb10k_build_s=${fmt(values.kb10k_build_s)} rss_mb=${fmt(values.rss_mb)} send_rate=${fmt(values.send_rate)} send_429=${fmt(values.send_429)}`;

const results = {
  version: 1,
  quick,
  startedAt: new Date(started).toISOString(),
  durationS: round((Date.now() - started) / 1000),
  machine,
  git: { commit: git(['rev-parse', '--short', 'HEAD']), dirty: git(['status', '--porcelain']).length > 0 },
  experiment,
  throughput,
  latency,
  sustained,
  knowledge,
  memory,
  sending,
  targets,
  sectionSeconds: timings,
  line,
};
await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
await writeFile(join(BENCH_DIR, 'results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);

// ---- the readable table -------------------------------------------------------------------------
const rows: [string, string, string][] = [];
const add = (what: string, value: string, note = '') => rows.push([what, value, note]);
if (throughput) {
  const t = throughput;
  add('1. webhook throughput', '', `${t.connections} connections, ${t.durationS} s each after ${t.warmupS} s warm-up; autocannon shares the cores`);
  add('   bare Hono /ok', `${t.bare.rps} req/s`, `p99 ${t.bare.latencyP99Ms} ms; server CPU ${t.bare.serverCpuMsPerRequest} ms/req`);
  add('   full Telegram webhook', `${t.full.rps} req/s`, `p99 ${t.full.latencyP99Ms} ms; server CPU ${t.full.serverCpuMsPerRequest} ms/update; ${t.full.non2xx} non-2xx, ${t.full.errors} errors`);
  add('   turns during the run', `${t.full.answered} answered`, `${round(floodTurnsPerS)}/s (flood_turn_share ${values.flood_turn_share} of the sustained rate); ${t.full.waiting} recorded and waiting on disk at the end (warm-up included): answered after the flood`);
  add('   ratio full/bare', String(t.ratio), `mix ${Object.entries(t.full.mix).map(([k, n]) => `${k} ${n}`).join(', ')}; ${t.full.chats} chats`);
}
if (latency) {
  const l = latency;
  add('2. turn latency', `p50 ${l.turnMs.p50} ms, p99 ${l.turnMs.p99} ms`, `${l.rate} updates/s (${l.postedPerSecond} achieved) for ${l.durationS} s, ${l.measured} replies timed, ${l.unanswered} unanswered`);
  add('   webhook response', `p50 ${l.webhookMs.p50} ms, p99 ${l.webhookMs.p99} ms`, `update posted -> first reply at the fake Bot API; outbox limit lifted to ${l.outboxGlobalLimit}/s`);
  add('   server', `${l.serverCpuMsPerUpdate} ms CPU/update`, `main thread busy ${l.mainThreadMsPerUpdate} ms/update (its CPU ${l.mainThreadCpuMsPerUpdate}); the load generator and fake Bot API ${l.harnessCpuMsPerUpdate} ms CPU/update on the same cores; event loop blocked up to ${l.eventLoopDelayMaxMs} ms (p99 ${l.eventLoopDelayP99Ms} ms)`);
}
if (sustained) {
  const u = sustained;
  add('6. sustained turns', `${u.turnsPerS} turns/s`, `highest rate that held (p99 <= 100 ms, all answered, no growing backlog) over ${u.durationS} s; turn p99 ${u.turnP99Ms} ms; server CPU ${u.serverCpuMsPerTurn} ms/turn; ratio to bare Hono ${values.turns_ratio}`);
  for (const s of u.steps) add(`   ${s.rate}/s`, s.held ? 'held' : 'failed', `${s.held ? '' : `${s.why}; `}p50 ${s.turnMs.p50} ms, p99 ${s.turnMs.p99} ms, ${s.serverCpuMsPerTurn} ms CPU/turn (main thread busy ${s.mainThreadMsPerTurn}, its CPU ${s.mainThreadCpuMsPerTurn}; load generator ${s.harnessCpuMsPerTurn}), loop p99 ${s.eventLoopDelayP99Ms} ms, load ${s.loadAverage}`);
}
if (knowledge) {
  const s = knowledge.shipped;
  const b = knowledge.corpus10k;
  add('3. search, shipped articles', `p50 ${s.ours.p50} ms, p99 ${s.ours.p99} ms`, `${s.articles} articles, ${s.questions} questions x ${s.rounds} rounds; index built in ${s.buildMs} ms`);
  add('   plain Fuse.js, same', `p50 ${s.fuse.p50} ms, p99 ${s.fuse.p99} ms`, `${s.fuse.questions} questions; ${s.speedupP50}x slower at p50`);
  add('   top-1 on dev.jsonl', `${s.devTop1.ours} (Fuse.js ${s.devTop1.fuse ?? 'n/a'})`, s.devTop1.fuse === null ? 'Fuse.js top-1 not cached yet: run the full bench once' : s.devTop1.fuseCached ? 'Fuse.js result cached' : '');
  add('   search, 10,000 articles', `p50 ${b.ours.p50} ms, p99 ${b.ours.p99} ms`, `first round p99 ${b.oursFirstRound.p99} ms; ${b.synthetic} synthetic; built in ${Math.round(b.buildMs)} ms (${Math.round(b.buildCpuMs)} ms CPU), ${Math.round(b.indexHeapMb)} MB (heap and typed arrays)`);
  add('   plain Fuse.js, same', `p50 ${Math.round(b.fuse.p50)} ms`, `${b.fuse.questions} questions${b.fuse.scaledBy > 1 ? `, measured on ${b.fuse.measuredOnArticles} articles x ${b.fuse.scaledBy}` : ''}; speedup ${Math.round(b.speedup)}x`);
}
if (memory) {
  const m = memory;
  add('4. memory (RSS)', `${Math.round(m.rssMb)} MB`, `${m.conversations} conversations x ${m.messagesPerConversation} messages over HTTP; ${Math.round(m.rssStartMb)} MB at start, peak ${Math.round(m.peakRssMb)} MB; server CPU ${round(m.serverCpuMsPerTurn)} ms/turn; ${m.startCommand}`);
}
if (sending) {
  const s = sending;
  add('5. sending (429 above 30/s)', `${s.rate} msg/s, ${s.tooMany} x 429`, `${s.sent}/${s.queued} messages to ${s.chats} chats in ${s.seconds} s; at most ${s.maxInOneSecond} in one second`);
}
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`\ntawjih benchmark${quick ? ' (--quick)' : ''} — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')} -> ${machine.loadAverageAtEnd.join(' ')}`);
if (Object.keys(experiment).length) console.log(`EXPERIMENT (not tawjih as it ships): ${Object.entries(experiment).map(([k, v]) => `${k}=${v}`).join(' ')}`);
for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
console.log('\ntargets');
for (const t of targets) console.log(`  ${t.met === null ? '?' : t.met ? 'ok' : 'MISSED'}  ${t.name} = ${t.value}  (target ${t.target})`);
console.log(`\nresults: bench/results/latest.json (${results.durationS} s: ${Object.entries(timings).map(([k, v]) => `${k} ${v} s`).join(', ')})`);
console.log(line);
