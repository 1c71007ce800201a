/**
 * npm run test:chaos — kills the real server in the middle of a rush and checks that nothing was
 * lost or answered twice.
 *
 * 200 web-chat conversations and 200 Telegram chats (fake Bot API on 127.0.0.1) send 1,000
 * messages at once (each conversation in order). When about 40% are answered, the server gets
 * SIGKILL and is started again on the same database file. Clients retry what was not acknowledged
 * (same message id, same update), as a browser and Telegram do. At the end, every message must
 * have been handled exactly once, in order, and every reply delivered exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { FakeTelegramApi } from '../support/fakeTelegramApi.js';
import * as tg from '../support/telegramUpdates.js';

const WEB = Number(process.env.CHAOS_WEB ?? 200);
const TELEGRAM = Number(process.env.CHAOS_TELEGRAM ?? 200);
const TOTAL = Number(process.env.CHAOS_MESSAGES ?? 1000);
const SECRET = 'chaos-secret-0123456789abcdef';
const SCRIPT = ['bonjour', 'Français', 'menu', 'numéro de la police', 'carte de sejour renouvelement', 'aide', 'comment créer une SARL', 'langue', '2', 'emergency number'];

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = await mkdtemp(join(tmpdir(), 'tawjih-chaos-'));
const dbUrl = `file:${join(dir, 'tawjih.db')}`;
const fake = await new FakeTelegramApi().start();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | null = null;

function startServer(): ChildProcess {
  const p = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      LOG_LEVEL: 'error',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://tawjih.example.org',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return p;
}

async function waitHealthy(): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error('server did not start');
}

// The plan: who sends what, in which order.
interface Sender {
  kind: 'webchat' | 'telegram';
  id: string;
  texts: string[];
}
const senders: Sender[] = [];
for (let i = 0; i < WEB; i++) senders.push({ kind: 'webchat', id: `chaos-web-${String(i).padStart(4, '0')}`, texts: [] });
for (let i = 0; i < TELEGRAM; i++) senders.push({ kind: 'telegram', id: String(880000000 + i), texts: [] });
for (let m = 0; m < TOTAL; m++) {
  const s = senders[m % senders.length]!;
  s.texts.push(SCRIPT[s.texts.length % SCRIPT.length]!);
}

let acknowledged = 0;
let retries = 0;
/** Sends until the server acknowledges: a browser retries with the same id, Telegram redelivers. */
async function deliver(send: () => Promise<Response>): Promise<Response> {
  for (;;) {
    try {
      const res = await send();
      if (res.status < 500 && res.status !== 202) return res;
    } catch {
      /* connection refused or reset: the server is down */
    }
    retries++;
    await sleep(200);
  }
}

async function runSender(s: Sender): Promise<void> {
  for (let i = 0; i < s.texts.length; i++) {
    const text = s.texts[i]!;
    if (s.kind === 'webchat') {
      const res = await deliver(() =>
        fetch(`${base}/webchat/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId: s.id, text, messageId: `m${i}` }),
        }),
      );
      if (res.status !== 200) throw new Error(`webchat ${s.id} message ${i}: ${res.status} ${await res.text()}`);
    } else {
      const update = tg.textUpdate(Number(s.id), text, 'fr');
      const res = await deliver(() =>
        fetch(`${base}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
          body: JSON.stringify(update),
        }),
      );
      if (res.status !== 200) throw new Error(`telegram ${s.id} message ${i}: ${res.status}`);
    }
    acknowledged++;
  }
}

const started = Date.now();
child = startServer();
await waitHealthy();
const all = Promise.all(senders.map(runSender));
const killAt = Math.floor(TOTAL * 0.4);
while (acknowledged < killAt) await sleep(5);
child.kill('SIGKILL');
await new Promise((r) => child!.once('exit', r));
const killedAt = acknowledged;
child = startServer();
await all;

// Wait until every reply has left the outbox.
const db = createClient({ url: dbUrl });
for (let i = 0; i < 1200; i++) {
  const r = await db.execute("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')");
  if (Number(r.rows[0]!.n) === 0) break;
  await sleep(250);
}

// Check: every message handled once, in order; every reply delivered once, in order.
let lost = 0;
let duplicates = 0;
const detail = { inboundMissing: 0, inboundExtra: 0, repliesUnsent: 0, repliesResent: 0, receiptsPending: 0 };
let disorder = 0;
let answered = 0;
for (const s of senders) {
  const conv = await db.execute({ sql: 'SELECT id FROM conversations WHERE channel = ? AND channel_user_id = ?', args: [s.kind, s.id] });
  const convId = conv.rows[0]?.id;
  const inbound = convId ? await db.execute({ sql: "SELECT text FROM messages WHERE conversation_id = ? AND direction = 'in' ORDER BY id", args: [convId] }) : { rows: [] };
  const texts = inbound.rows.map((r) => String(r.text));
  lost += Math.max(0, s.texts.length - texts.length);
  duplicates += Math.max(0, texts.length - s.texts.length);
  detail.inboundMissing += Math.max(0, s.texts.length - texts.length);
  detail.inboundExtra += Math.max(0, texts.length - s.texts.length);
  answered += Math.min(texts.length, s.texts.length);
  if (texts.slice(0, s.texts.length).join('\u0001') !== s.texts.slice(0, texts.length).join('\u0001')) disorder++;
  if (s.kind === 'telegram' && convId) {
    const replies = await db.execute({ sql: "SELECT text FROM messages WHERE conversation_id = ? AND direction = 'out' ORDER BY id", args: [convId] });
    const stored = replies.rows.map((r) => String(r.text));
    const sent = fake.sent(s.id).map((c) => String(c.payload.text));
    if (sent.length < stored.length) lost += stored.length - sent.length;
    if (sent.length > stored.length) duplicates += sent.length - stored.length;
    detail.repliesUnsent += Math.max(0, stored.length - sent.length);
    detail.repliesResent += Math.max(0, sent.length - stored.length);
  }
}
const pendingReceipts = await db.execute("SELECT count(*) AS n FROM inbound_receipts WHERE status <> 'handled'");
// A reply whose send was cut by the SIGKILL (the Bot API may or may not have got it) is sent again:
// at least once, never lost. Those resends are the only duplicates allowed, and they are counted.
const interrupted = Number((await db.execute("SELECT count(*) AS n FROM outbox WHERE last_error = 'interrupted by a restart'")).rows[0]!.n);
lost += Number(pendingReceipts.rows[0]!.n);
detail.receiptsPending = Number(pendingReceipts.rows[0]!.n);
db.close();
child.kill('SIGTERM');
await new Promise((r) => child!.once('exit', r));
await fake.stop();
await rm(dir, { recursive: true, force: true });

console.log(
  `chaos: killed with SIGKILL after ${killedAt} of ${TOTAL} messages; ${retries} client retries; ${disorder} conversations out of order; ` +
    `${interrupted} replies were claimed for sending at the kill and went again; ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
console.log(`chaos detail: ${JSON.stringify(detail)}`);
console.log(`chaos sent=${TOTAL} answered=${answered} duplicates=${duplicates} lost=${lost}`);
process.exit(lost === 0 && duplicates <= interrupted && disorder === 0 && answered === TOTAL ? 0 : 1);
