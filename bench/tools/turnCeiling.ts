/**
 * What section 6's method (open-loop Telegram updates, each reply timed at a fake Bot API in the
 * benchmark's process) can measure on this machine at all: the same load generator and fake Bot
 * API against servers/echo.ts, a server that does the least a turn could (answers the webhook,
 * sends one sendMessage; no database, no decision), the rate stepped up as far as it holds by
 * section 6's rule (p99 <= 100 ms, all answered, no growing backlog).
 *   npx tsx bench/tools/turnCeiling.ts [seconds per step, default 10] [first rate, default 600]
 * Both processes share the machine's cores: the load generator's CPU per turn is printed beside
 * the server's.
 */
import { loadavg } from 'node:os';
import { OpenLoopServer } from '../lib/openLoop.js';
import { round, summarize } from '../lib/stats.js';
import { judge } from '../sections/sustained.js';

const durationS = Number(process.argv[2] ?? 10);
let rate = Number(process.argv[3] ?? 600);
const server = await OpenLoopServer.start(100_000, 'echo');
try {
  console.log(`echo server (no database, no decision), ${durationS} s a step after 2 s of warm-up; load average ${loadavg()[0]!.toFixed(2)}`);
  for (; rate <= 12_800; rate = Math.round(rate * 1.25 / 50) * 50) {
    const r = await server.run({ rate, warmupS: 2, durationS, chats: rate * 4 });
    const j = judge(r);
    const p = summarize(r.turn);
    const per = (ms: number) => round(ms / r.measuredUpdates);
    console.log(
      `${rate}/s: ${j.why}; p50 ${round(p.p50)} ms, p99 ${round(p.p99)} ms; CPU per turn: server ${per(r.serverCpuMs)} ms (main thread ${per(r.mainThreadCpuMs)}), load generator and fake Bot API ${per(r.harnessCpuMs)} ms`,
    );
    await server.settle();
    if (!j.held) break;
  }
} finally {
  await server.stop();
}
