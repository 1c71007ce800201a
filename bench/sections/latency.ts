/**
 * 2. Turn latency at a fixed 200 updates per second (open loop: updates leave on schedule, whatever
 * the answers). Measured: the time the reply's sendMessage reaches the fake Bot API minus the time
 * its update was posted to the webhook, i.e. HTTP in, grammY, the turn and its commit, the outbox
 * pass and the Bot API call. Only a turn's first reply is timed (a second one to the same person
 * waits a second by design: 1 message per second per chat). BENCH_PROFILE=<file>: a CPU profile
 * of the server during the measured window.
 */
import { OpenLoopServer } from '../lib/openLoop.js';
import { round, summarize, type Summary } from '../lib/stats.js';

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
  /** Of which the main thread (the event loop busy), ms per update. */
  mainThreadMsPerUpdate: number;
  /** The main thread's own CPU, ms per update (busy time less the waits for a core). */
  mainThreadCpuMsPerUpdate: number;
  /** The load generator's and the fake Bot API's CPU (the benchmark's process), ms per update. */
  harnessCpuMsPerUpdate: number;
  /** The server's event loop: how late its timers ran (blocked by synchronous work), p99 and max. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

export async function runLatency(opts: { quick: boolean; log: (s: string) => void }): Promise<LatencyResult> {
  const rate = Number(process.env.BENCH_RATE ?? 200);
  const warmupS = opts.quick ? 2 : 4;
  const durationS = Number(process.env.BENCH_SECONDS ?? (opts.quick ? 4 : 20));
  // Each chat writes every 4 s: well under 1 reply per second per chat and 20 messages a minute.
  const chats = rate * 4;
  const outboxGlobalLimit = 100_000;
  opts.log(`  ${rate} updates/s for ${warmupS} s (warm-up) + ${durationS} s, ${chats} chats; outbox overall limit lifted to ${outboxGlobalLimit}/s`);
  const server = await OpenLoopServer.start(outboxGlobalLimit);
  try {
    const r = await server.run({ rate, warmupS, durationS, chats });
    return {
      rate,
      chats,
      warmupS,
      durationS,
      posted: r.posted,
      measured: r.turn.length,
      unanswered: r.unanswered,
      webhookErrors: r.webhookErrors,
      turnMs: roundSummary(summarize(r.turn)),
      webhookMs: roundSummary(summarize(r.webhook)),
      postedPerSecond: round(r.postedPerSecond),
      outboxGlobalLimit,
      serverCpuMsPerUpdate: round(r.serverCpuMs / r.measuredUpdates),
      mainThreadMsPerUpdate: round(r.loopBusyMs / r.measuredUpdates),
      mainThreadCpuMsPerUpdate: round(r.mainThreadCpuMs / r.measuredUpdates),
      harnessCpuMsPerUpdate: round(r.harnessCpuMs / r.measuredUpdates),
      eventLoopDelayP99Ms: round(r.loopDelayP99Ms),
      eventLoopDelayMaxMs: round(r.loopDelayMaxMs),
    };
  } finally {
    await server.stop();
  }
}

export function roundSummary(s: Summary): Summary {
  return { n: s.n, mean: round(s.mean), p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max) };
}
