/**
 * 5. Sending, step one: fills the outbox of a database file the way real turns do, before any
 * Telegram sender exists (this process has no Telegram token, so nothing is sent): `chats` people
 * each send /start and a question on Telegram, and each turn queues one reply. Reports @result with
 * the number of pending messages.
 *
 * Arguments: database file, chats.
 */
import { createClient } from '@libsql/client';
import { parseConfig } from '../../src/config/configSchema.js';
import { startNode } from '../../src/runtime/startNode.js';
import { report } from '../lib/child.js';
import { allQuestions } from '../lib/workload.js';

const dbFile = process.argv[2]!;
const chats = Number(process.argv[3] ?? 1500);
const parsed = parseConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: 'error' });
if (!parsed.ok) throw new Error(parsed.message);
const running = await startNode(parsed.config, { background: false });
const questions = allQuestions();
let next = 0;
async function worker(): Promise<void> {
  for (;;) {
    const i = next++;
    if (i >= chats) return;
    const chat = String(600_000_000 + i);
    const base = { channel: 'telegram' as const, channelUserId: chat, localeHint: 'fr' };
    for (const [k, step] of [{ text: '/start' }, { text: questions[i % questions.length]!.text }].entries()) {
      await running.app.assistant.handle({ ...base, ...step, channelMessageId: `${chat}:${k + 1}`, receivedAt: Date.now() });
    }
  }
}
await Promise.all(Array.from({ length: 8 }, worker));
await running.stop();
const db = createClient({ url: `file:${dbFile}` });
const r = await db.execute("SELECT count(*) AS n FROM outbox WHERE status = 'pending'");
db.close();
report('result', { pending: Number(r.rows[0]!.n) });
