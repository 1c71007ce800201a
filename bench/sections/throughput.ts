/**
 * 1. Webhook throughput: the same autocannon load (duration, connections, Telegram update bodies)
 * on a bare Hono route and on the full Telegram webhook path of the real server.
 */
import autocannon from 'autocannon';
import type { Child } from '../lib/child.js';

type Result = Awaited<ReturnType<typeof autocannon>>;
import { startBare, startFakeApi, startFull } from '../lib/servers.js';
import { UpdateStream, WEBHOOK_SECRET } from '../lib/workload.js';
import { round } from '../lib/stats.js';

export interface ThroughputResult {
  connections: number;
  durationS: number;
  warmupS: number;
  bare: LoadResult;
  full: LoadResult & { chats: number; mix: Record<string, number>; outboxSent: number; apiCalls: Record<string, number>; answered: number; waiting: number };
  ratio: number;
}

interface LoadResult {
  rps: number;
  /** CPU time of the server process per answered request (user + system), in ms. */
  serverCpuMsPerRequest: number;
  ok: number;
  non2xx: number;
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

async function load(url: string, stream: UpdateStream, connections: number, duration: number, mix?: Record<string, number>): Promise<Result> {
  return autocannon({
    url,
    connections,
    duration,
    timeout: 20,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
    requests: [
      {
        setupRequest: (req) => {
          const u = stream.next();
          if (mix) mix[u.kind] = (mix[u.kind] ?? 0) + 1;
          return { ...req, body: JSON.stringify(u.update) };
        },
      },
    ],
  });
}

async function cpuMs(child: Child): Promise<number> {
  child.send('cpu');
  const c = await child.next<{ userMs: number; systemMs: number }>('cpu');
  return c.userMs + c.systemMs;
}

function summary(r: Result, cpu: number): LoadResult {
  const ok = r['2xx'];
  return { rps: round(ok / r.duration), serverCpuMsPerRequest: round(cpu / Math.max(1, ok)), ok, non2xx: r.non2xx, errors: r.errors, latencyP50Ms: r.latency.p50, latencyP99Ms: r.latency.p99 };
}

export async function runThroughput(opts: { quick: boolean; log: (s: string) => void }): Promise<ThroughputResult> {
  const connections = 32;
  const durationS = opts.quick ? 3 : 15;
  const warmupS = opts.quick ? 1 : 3;
  // Enough chats that nobody reaches the per-person limit (20 a minute) at the rates seen here.
  const chats = opts.quick ? 800 : 1500;

  opts.log(`  bare Hono /ok: ${connections} connections, ${warmupS} s warm-up + ${durationS} s`);
  const bare = await startBare();
  let bareResult: Result;
  let bareCpu = 0;
  try {
    const stream = new UpdateStream(chats, 300_000_000);
    await load(`${bare.url}/ok`, stream, connections, warmupS);
    const before = await cpuMs(bare.child);
    bareResult = await load(`${bare.url}/ok`, stream, connections, durationS);
    bareCpu = (await cpuMs(bare.child)) - before;
  } finally {
    await bare.stop();
  }

  opts.log(`  full Telegram webhook: real server, file database (WAL), fake Bot API in a third process`);
  const api = await startFakeApi();
  const full = await startFull(api.url);
  const mix: Record<string, number> = {};
  let fullResult: Result;
  let fullCpu = 0;
  let apiCalls: Record<string, number>;
  let inbox: Record<string, number> = {};
  try {
    const stream = new UpdateStream(chats, 100_000_000);
    await load(`${full.url}/telegram/webhook`, stream, connections, warmupS);
    const before = await cpuMs(full.child);
    fullResult = await load(`${full.url}/telegram/webhook`, stream, connections, durationS, mix);
    fullCpu = (await cpuMs(full.child)) - before;
    full.child.send('inbox');
    inbox = await full.child.next<Record<string, number>>('inbox');
    api.child.send('calls');
    apiCalls = await api.child.next<Record<string, number>>('calls');
  } finally {
    await full.stop();
    await api.stop();
  }
  const b = summary(bareResult, bareCpu);
  const f = summary(fullResult, fullCpu);
  return {
    connections,
    durationS,
    warmupS,
    bare: b,
    // The webhook answers once a message is recorded; its turn runs after (paced during a flood).
    full: { ...f, chats, mix, outboxSent: apiCalls.sendMessage ?? 0, apiCalls, answered: inbox.handled ?? 0, waiting: (inbox.queued ?? 0) + (inbox.received ?? 0) },
    ratio: round(f.rps / b.rps),
  };
}
