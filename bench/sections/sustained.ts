/**
 * 6. Sustained end-to-end turns: the highest open-loop rate of Telegram updates the real server
 * keeps up with, every reply at the fake Bot API (outbox overall limit lifted, as in section 2).
 * A rate holds when, over its measured window (20 s; `--quick`: 4 s), every update got its first
 * reply, the webhook answered every one with 200, the turn p99 is at most 100 ms and the backlog
 * (updates posted and not answered yet, sampled each second) did not grow. The rate doubles from
 * the start until one fails, then bisects between the last that held and the first that failed.
 * One server for every step (new chats each step; its backlog is answered before the next).
 */
import { OpenLoopServer, type OpenLoopRun } from '../lib/openLoop.js';
import { round, summarize } from '../lib/stats.js';
import { roundSummary } from './latency.js';
import type { Summary } from '../lib/stats.js';

export const SUSTAINED_P99_MS = 100;

export interface SustainedStep {
  rate: number;
  held: boolean;
  why: string;
  postedPerSecond: number;
  turnMs: Summary;
  unanswered: number;
  webhookErrors: number;
  backlogFirst: number;
  backlogLast: number;
  serverCpuMsPerTurn: number;
  /** Of which the main thread (the event loop busy). */
  mainThreadMsPerTurn: number;
  /** The main thread's own CPU per turn (busy time less the waits for a core), ms. */
  mainThreadCpuMsPerTurn: number;
  /** The load generator's and the fake Bot API's CPU per turn (the benchmark's process, on the same cores), ms. */
  harnessCpuMsPerTurn: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  loadAverage: number;
}

export interface SustainedResult {
  warmupS: number;
  durationS: number;
  steps: SustainedStep[];
  /** The highest rate that held (0: none did). */
  turnsPerS: number;
  /** Server CPU per turn at that rate, ms. */
  serverCpuMsPerTurn: number;
  turnP99Ms: number;
}

export function judge(r: OpenLoopRun): { held: boolean; why: string; first: number; last: number } {
  const p99 = summarize(r.turn).p99;
  const first = r.backlog[0] ?? 0;
  const last = r.backlog.at(-1) ?? 0;
  // Growing: more than a tenth of a second of arrivals piled up between the first sample and the last.
  const growing = last > first + r.rate * 0.1;
  const why: string[] = [];
  if (r.postedPerSecond < r.rate * 0.95) why.push(`the generator posted only ${round(r.postedPerSecond)}/s`);
  if (r.unanswered) why.push(`${r.unanswered} unanswered`);
  if (r.webhookErrors) why.push(`${r.webhookErrors} webhook errors`);
  if (!(p99 <= SUSTAINED_P99_MS)) why.push(`p99 ${round(p99)} ms`);
  if (growing) why.push(`backlog ${first} -> ${last}`);
  return { held: why.length === 0, why: why.join(', ') || 'held', first, last };
}

export async function runSustained(opts: { quick: boolean; log: (s: string) => void; loadAverage: () => number }): Promise<SustainedResult> {
  const warmupS = opts.quick ? 1 : 3;
  const durationS = Number(process.env.BENCH_SUSTAINED_SECONDS ?? (opts.quick ? 4 : 20));
  const startRate = Number(process.env.BENCH_SUSTAINED_START ?? (opts.quick ? 100 : 200));
  const bisections = opts.quick ? 1 : 2;
  const outboxGlobalLimit = 100_000;
  opts.log(`  from ${startRate} updates/s, doubling then ${bisections} bisections; each ${warmupS} s warm-up + ${durationS} s; p99 <= ${SUSTAINED_P99_MS} ms, nothing unanswered, no growing backlog`);
  const server = await OpenLoopServer.start(outboxGlobalLimit);
  const steps: SustainedStep[] = [];
  const step = async (rate: number): Promise<SustainedStep> => {
    const loadAverage = opts.loadAverage();
    // Each chat writes every 4 s, as in section 2 (under the per-person limits).
    const r = await server.run({ rate, warmupS, durationS, chats: rate * 4 });
    const j = judge(r);
    const s: SustainedStep = {
      rate,
      held: j.held,
      why: j.why,
      postedPerSecond: round(r.postedPerSecond),
      turnMs: roundSummary(summarize(r.turn)),
      unanswered: r.unanswered,
      webhookErrors: r.webhookErrors,
      backlogFirst: j.first,
      backlogLast: j.last,
      serverCpuMsPerTurn: round(r.serverCpuMs / r.measuredUpdates),
      mainThreadMsPerTurn: round(r.loopBusyMs / r.measuredUpdates),
      mainThreadCpuMsPerTurn: round(r.mainThreadCpuMs / r.measuredUpdates),
      harnessCpuMsPerTurn: round(r.harnessCpuMs / r.measuredUpdates),
      eventLoopDelayP99Ms: round(r.loopDelayP99Ms),
      eventLoopDelayMaxMs: round(r.loopDelayMaxMs),
      loadAverage: round(loadAverage),
    };
    steps.push(s);
    opts.log(`  ${rate}/s: ${s.why}; p50 ${s.turnMs.p50} ms, p99 ${s.turnMs.p99} ms, ${s.serverCpuMsPerTurn} ms CPU/turn (main thread busy ${s.mainThreadMsPerTurn}, its CPU ${s.mainThreadCpuMsPerTurn}; load generator ${s.harnessCpuMsPerTurn}), loop p99 ${s.eventLoopDelayP99Ms} ms (load ${s.loadAverage})`);
    // The next step starts with nothing waiting.
    await server.settle();
    return s;
  };
  try {
    let good = 0;
    let bad = 0;
    for (let rate = startRate; rate <= 6400; rate *= 2) {
      if ((await step(rate)).held) good = rate;
      else {
        bad = rate;
        break;
      }
    }
    // Even the start failed: halve until a rate holds.
    for (let rate = startRate / 2; !good && rate >= 25; rate /= 2) {
      if ((await step(rate)).held) good = rate;
      else bad = rate;
    }
    for (let i = 0; i < bisections && bad && good && bad - good > 25; i++) {
      const rate = Math.round((good + bad) / 2 / 25) * 25;
      if ((await step(rate)).held) good = rate;
      else bad = rate;
    }
    const best = steps.filter((s) => s.held).sort((a, b) => b.rate - a.rate)[0];
    return { warmupS, durationS, steps, turnsPerS: best?.rate ?? 0, serverCpuMsPerTurn: best?.serverCpuMsPerTurn ?? NaN, turnP99Ms: best?.turnMs.p99 ?? NaN };
  } finally {
    await server.stop();
  }
}
