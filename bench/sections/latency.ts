/**
 * 2. Turn latency at a fixed 200 updates per second (open loop: updates leave on schedule, whatever
 * the answers). Measured: the time the reply's sendMessage reaches the fake Bot API minus the time
 * its update was posted to the webhook, i.e. HTTP in, grammY, the turn and its commit, the outbox
 * pass and the Bot API call. Only a turn's first reply is timed (a second one to the same person
 * waits a second by design: 1 message per second per chat).
 */
import { Agent, request } from 'node:http';
import { RecordingBotApi } from '../lib/recordingBotApi.js';
import { startFull } from '../lib/servers.js';
import { round, sleep, summarize, type Summary } from '../lib/stats.js';
import { UpdateStream, WEBHOOK_SECRET } from '../lib/workload.js';

export interface LatencyResult {
  rate: number;
  chats: number;
  warmupS: number;
  durationS: number;
  posted: number;
  measured: number;
  /** Updates whose reply did not come before the chat's next update (no reply, or too late). */
  unanswered: number;
  webhookErrors: number;
  turnMs: Summary;
  webhookMs: Summary;
  /** Achieved posting rate during the measured window. */
  postedPerSecond: number;
  outboxGlobalLimit: number;
  /** Server CPU time per update during the measured window (the turn and its reply's send). */
  serverCpuMsPerUpdate: number;
  /** The server's event loop: how late its timers ran (blocked by synchronous work), p99 and max. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

export async function runLatency(opts: { quick: boolean; log: (s: string) => void }): Promise<LatencyResult> {
  const rate = Number(process.env.BENCH_RATE ?? 200);
  const warmupS = opts.quick ? 2 : 4;
  const durationS = opts.quick ? 4 : 20;
  // Each chat writes every 4 s: well under 1 reply per second per chat and 20 messages a minute.
  const chats = rate * 4;
  const outboxGlobalLimit = 100_000;
  opts.log(`  ${rate} updates/s for ${warmupS} s (warm-up) + ${durationS} s, ${chats} chats; outbox overall limit lifted to ${outboxGlobalLimit}/s`);

  const pending = new Map<number, { at: number; measured: boolean }>();
  const turn: number[] = [];
  let unanswered = 0;
  const api = await new RecordingBotApi((chatId, at) => {
    const p = pending.get(chatId);
    if (!p) return;
    pending.delete(chatId);
    if (p.measured) turn.push(at - p.at);
  }).start();
  const full = await startFull(api.url, { BENCH_TELEGRAM_RATE: String(outboxGlobalLimit) });
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(full.url);
  const webhook: number[] = [];
  let webhookErrors = 0;
  const inflight = new Set<Promise<void>>();
  const post = (body: string, measured: boolean): Promise<void> =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        { agent, host: hostname, port, method: 'POST', path: '/telegram/webhook', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) webhookErrors++;
            if (measured) webhook.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on('error', () => {
        webhookErrors++;
        resolve();
      });
      req.end(body);
    });

  const stream = new UpdateStream(chats, 200_000_000);
  const total = rate * (warmupS + durationS);
  const warmup = rate * warmupS;
  const interval = 1000 / rate;
  let posted = 0;
  let measureStart = 0;
  let measureEnd = 0;
  type Cpu = { userMs: number; systemMs: number; loopDelayP99Ms: number; loopDelayMaxMs: number };
  const cpu = async () => {
    full.child.send('cpu');
    return full.child.next<Cpu>('cpu');
  };
  let cpuStart: Promise<Cpu> | null = null;
  let cpuEnd: Cpu | null = null;
  try {
    const start = performance.now();
    while (posted < total) {
      const due = start + posted * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait - 0.5);
      else if (wait > 0) await new Promise((r) => setImmediate(r));
      // Catch up with every update that is due (never more than the schedule).
      while (posted < total && start + posted * interval <= performance.now()) {
        const u = stream.next();
        const measured = posted >= warmup;
        if (posted === warmup) {
          measureStart = performance.now();
          cpuStart = cpu();
        }
        const body = JSON.stringify(u.update);
        if (pending.has(u.chatId)) unanswered += pending.get(u.chatId)!.measured ? 1 : 0;
        pending.set(u.chatId, { at: performance.now(), measured });
        const p = post(body, measured);
        inflight.add(p);
        void p.then(() => inflight.delete(p));
        posted++;
      }
    }
    measureEnd = performance.now();
    await Promise.all(inflight);
    cpuEnd = await cpu();
    // Replies still on their way: wait for them (a reply that never comes counts as unanswered).
    for (let i = 0; i < 40 && [...pending.values()].some((p) => p.measured); i++) await sleep(100);
    unanswered += [...pending.values()].filter((p) => p.measured).length;
  } finally {
    agent.destroy();
    await full.stop();
    await api.stop();
  }
  const before = cpuStart ? await cpuStart : null;
  const measuredUpdates = total - warmup;
  return {
    rate,
    chats,
    warmupS,
    durationS,
    posted,
    measured: turn.length,
    unanswered,
    webhookErrors,
    turnMs: roundSummary(summarize(turn)),
    webhookMs: roundSummary(summarize(webhook)),
    postedPerSecond: round((total - warmup) / ((measureEnd - measureStart) / 1000)),
    outboxGlobalLimit,
    serverCpuMsPerUpdate: before && cpuEnd ? round((cpuEnd.userMs + cpuEnd.systemMs - before.userMs - before.systemMs) / measuredUpdates) : NaN,
    eventLoopDelayP99Ms: cpuEnd ? round(cpuEnd.loopDelayP99Ms) : NaN,
    eventLoopDelayMaxMs: cpuEnd ? round(cpuEnd.loopDelayMaxMs) : NaN,
  };
}

function roundSummary(s: Summary): Summary {
  return { n: s.n, mean: round(s.mean), p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) };
}
