/**
 * 4. Memory: a fresh process runs the real server (startNode: file database in WAL, the web chat
 * channel) and talks to the assistant directly, as the web chat API does, for N conversations of a
 * few messages each: "Bonjour" (onboarding starts), the language button, a question (knowledge
 * search). 16 conversations at a time. Reports RSS and heap before and after.
 *
 * Arguments: conversations, messages per conversation (2 or 3).
 */
import { join } from 'node:path';
import { parseConfig } from '../../src/config/configSchema.js';
import { startNode } from '../../src/runtime/startNode.js';
import { report } from '../lib/child.js';
import { tunePooledConnections } from '../lib/tunePool.js';
import { allQuestions } from '../lib/workload.js';

tunePooledConnections(process.env.BENCH_TUNE_POOL); // experiments only (see bench/lib/tunePool.ts)
const conversations = Number(process.argv[2] ?? 10_000);
const perConversation = Number(process.argv[3] ?? 3);
const dir = process.argv[4]!;
const parsed = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'tawjih.db')}`, LOG_LEVEL: 'error' });
if (!parsed.ok) throw new Error(parsed.message);
const running = await startNode(parsed.config);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const startRss = process.memoryUsage().rss;
const questions = allQuestions();

let next = 0;
let turns = 0;
const t0 = performance.now();
async function worker(): Promise<void> {
  for (;;) {
    const i = next++;
    if (i >= conversations) return;
    const id = `bench-${String(i).padStart(6, '0')}`;
    const base = { channel: 'webchat' as const, channelUserId: id, localeHint: 'fr' };
    const steps = [{ text: 'Bonjour' }, { choice: 'onboarding.language.fr' }, { text: questions[i % questions.length]!.text }].slice(0, perConversation);
    for (const [k, step] of steps.entries()) {
      const outcome = await running.app.assistant.handle({ ...base, ...step, channelMessageId: `${id}-${k}`, receivedAt: Date.now() });
      if (outcome.status !== 'handled') throw new Error(`turn not handled: ${outcome.status}`);
      turns++;
    }
  }
}
await Promise.all(Array.from({ length: 16 }, worker));
const elapsedMs = performance.now() - t0;
await new Promise((r) => setTimeout(r, 500));
const m = process.memoryUsage();
gc();
const afterGc = process.memoryUsage();
report('result', {
  conversations,
  messagesPerConversation: perConversation,
  turns,
  turnsPerSecond: Math.round((turns / elapsedMs) * 1000),
  rssStartMb: startRss / 1e6,
  rssMb: m.rss / 1e6,
  heapUsedMb: m.heapUsed / 1e6,
  rssAfterGcMb: afterGc.rss / 1e6,
  heapUsedAfterGcMb: afterGc.heapUsed / 1e6,
});
await running.stop();
process.exit(0);
