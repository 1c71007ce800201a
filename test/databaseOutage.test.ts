import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from './support/faultyServer.js';
import { FakeHranaServer } from './support/fakeHranaServer.js';
import { FakeTelegramApi } from './support/fakeTelegramApi.js';
import { startNodeProcess } from './support/nodeProcess.js';
import { eventually, MemoryLogger, startTestServer, type TestServer } from './support/testServer.js';
import * as tg from './support/telegramUpdates.js';
import { FakeWhatsAppWeb } from './support/whatsappWebFake.js';

/**
 * tawjih on a remote libSQL database (Turso, DATABASE_URL=libsql://…), here a libSQL server on
 * 127.0.0.1 speaking Hrana over HTTP, that drops, stalls, answers 500 or resets: requests get a
 * clear 503 (the web chat's page and Telegram try again), the process goes on, and when the
 * database is back the work resumes; nothing recorded is lost, nothing is answered twice.
 */
const SECRET = 'db-outage-secret-0123456789';
const RESILIENCE = { backoff: { baseMs: 100, capMs: 800 }, databaseTimeoutMs: 1500, callTimeoutMs: 1500 };
const REASON: Record<Exclude<Fault, 'slow'>, string> = { refuse: 'unreachable', stall: 'timeout', error: 'server_error', reset: 'unreachable' };

let dir: string;
let remote: Client;
let hrana: FakeHranaServer;
let telegram: FakeTelegramApi;
let server: TestServer;
const log = new MemoryLogger();
const phone = new FakeWhatsAppWeb();
let serial = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tawjih-db-outage-'));
  remote = createClient({ url: `file:${join(dir, 'remote.db')}` });
  hrana = await new FakeHranaServer(remote).start();
  telegram = await new FakeTelegramApi().start();
  telegram.webhookUrl = 'https://tawjih.example.org/telegram/webhook';
  server = await startTestServer(
    { DATABASE_URL: hrana.url, DATABASE_AUTH_TOKEN: hrana.token, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://tawjih.example.org', WHATSAPP_WEB: '1', LOG_LEVEL: 'info' },
    { background: true, log, resilience: RESILIENCE, whatsappWebClient: phone.factory },
  );
  await server.ready; // the migrations ran on the remote database
  await server.app.telegram!.connected();
  (await phone.waitForClients(1)).emit('ready');
});
afterAll(async () => {
  await server?.close();
  await hrana?.stop();
  await telegram?.stop();
  remote?.close();
  await rm(dir, { recursive: true, force: true });
});

/** What the web chat's page sends: the same message id on every retry. */
async function webPost(conversationId: string, text: string, messageId: string): Promise<{ status: number; body: { replies?: { text: string }[]; error?: string } }> {
  const res = await fetch(`${server.url}/webchat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId, text, messageId }) });
  return { status: res.status, body: (await res.json()) as { replies?: { text: string }[]; error?: string } };
}

async function telegramPost(update: unknown): Promise<number> {
  const res = await fetch(`${server.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
  return res.status;
}

/** What the remote database holds of a conversation, in order. */
async function stored(channel: string, user: string): Promise<string[]> {
  const r = await remote.execute({ sql: 'SELECT m.direction, m.text FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel = ? AND v.channel_user_id = ? ORDER BY m.seq', args: [channel, user] });
  return r.rows.map((x) => `${String(x.direction)}: ${String(x.text).slice(0, 30)}`);
}

describe('the remote database fails mid-run', () => {
  it.each(Object.keys(REASON) as Exclude<Fault, 'slow'>[])('%s: a clear 503 meanwhile, then everything resumes; nothing lost, nothing twice', async (fault) => {
    const from = log.lines.length;
    const web = `db-outage-web-${++serial}-${fault}`;
    const chat = 8_500_000 + serial;
    // Before: both answered.
    expect((await webPost(web, 'bonjour', `${web}-1`)).status).toBe(200);
    expect(await telegramPost(tg.textUpdate(chat, 'bonjour'))).toBe(200);
    await eventually(() => telegram.sent(chat).length === 1, 'Telegram answered');

    await hrana.setFault(fault);
    // The web chat: a clear 503 that says why (try again), never a 500 nor a hang.
    const during = await webPost(web, 'menu', `${web}-2`);
    expect(during.status).toBe(503);
    expect(during.body.error).toMatch(/database is unavailable|could not be saved/);
    // Telegram's update is refused (Telegram delivers it again), not lost.
    const update = tg.textUpdate(chat, 'menu');
    expect(await telegramPost(update)).toBe(503);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    const channels = await fetch(`${server.url}/healthz/channels`);
    expect(channels.status).toBe(503);
    expect(await channels.json()).toMatchObject({ database: { state: 'down', reason: REASON[fault] }, channels: { telegram: { state: 'up' } } });
    // Someone writes to the linked phone meanwhile: WhatsApp will not deliver it again, so it is kept.
    const linked = `2126${String(90_000_000 + serial)}@c.us`;
    phone.current.receive({ from: linked, body: 'bonjour' });
    // The background work meets the outage too, several times: still one line.
    await new Promise((r) => setTimeout(r, 1500));

    await hrana.setFault(null);
    // The page tries the same message again; Telegram delivers the same update again.
    const after = await eventually(async () => {
      const r = await webPost(web, 'menu', `${web}-2`);
      return r.status === 200 && r;
    }, 'the web chat works again');
    expect(after.body.replies!.at(-1)!.text).toContain('Comment puis-je vous aider');
    expect(await telegramPost(update)).toBe(200);
    await eventually(() => telegram.sent(chat).length === 2, 'Telegram answered the redelivered update');
    await eventually(() => phone.sentTo(linked).length === 1, 'the linked phone\'s message answered');
    expect((await stored('whatsapp-web', linked)).filter((m) => m.startsWith('in'))).toEqual(['in: bonjour']);
    // Nothing lost, nothing twice, in order.
    expect((await stored('webchat', web)).filter((m) => m.startsWith('in'))).toEqual(['in: bonjour', 'in: menu']);
    expect((await stored('telegram', String(chat))).filter((m) => m.startsWith('in'))).toEqual(['in: bonjour', 'in: menu']);
    await new Promise((r) => setTimeout(r, 300));
    expect(telegram.sent(chat)).toHaveLength(2);
    expect(log.lines.slice(from).filter((l) => l.event === 'database.down')).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ reason: REASON[fault] }) })]);
    expect(log.lines.slice(from).filter((l) => l.event === 'database.up')).toHaveLength(1);
    expect(log.lines.slice(from).filter((l) => l.level === 'error' && l.event !== 'http.not_recorded').map((l) => l.event)).toEqual([]);
    expect(phone.sentTo(linked)).toHaveLength(1);
  });
});

describe('the remote database is down at start', () => {
  it('the server starts and answers 503 (and /healthz/channels) until the database is back, then migrates and serves', async () => {
    const d = await mkdtemp(join(tmpdir(), 'tawjih-db-start-'));
    const fresh = createClient({ url: `file:${join(d, 'remote.db')}` });
    const down = await new FakeHranaServer(fresh).start();
    await down.setFault('refuse');
    const startLog = new MemoryLogger();
    const s = await startTestServer({ DATABASE_URL: down.url, DATABASE_AUTH_TOKEN: down.token, LOG_LEVEL: 'info' }, { background: true, log: startLog, resilience: RESILIENCE });
    try {
      expect((await webPostTo(s.url, 'db-start-web-1')).status).toBe(503);
      expect((await fetch(`${s.url}/healthz`)).status).toBe(503);
      const channels = await eventually(async () => {
        const r = await fetch(`${s.url}/healthz/channels`);
        const body = (await r.json()) as { database?: { state: string } };
        return body.database?.state === 'down' && { status: r.status, body };
      }, 'database reported down');
      expect(channels).toMatchObject({ status: 503, body: { database: { state: 'down', reason: 'unreachable' } } });

      await down.setFault(null);
      const res = await eventually(async () => {
        const r = await webPostTo(s.url, 'db-start-web-1');
        return r.status === 200 && r;
      }, 'served once the database is back');
      expect(((await res.json()) as { replies: { text: string }[] }).replies.at(-1)!.text).toContain('Choisissez votre langue');
      expect(startLog.events()).toContain('started');
      expect(startLog.lines.filter((l) => l.event === 'database.down')).toHaveLength(1);
    } finally {
      await s.close();
      await down.stop();
      fresh.close();
      await rm(d, { recursive: true, force: true });
    }
  });
});

function webPostTo(base: string, conversationId: string): Promise<Response> {
  return fetch(`${base}/webchat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId, text: 'bonjour', messageId: `${conversationId}-m1` }) });
}

describe('npm start on a remote database that drops, fails and resets', () => {
  it('the process does not exit; it answers 503 meanwhile and serves again when the database is back', async () => {
    const d = await mkdtemp(join(tmpdir(), 'tawjih-db-proc-'));
    const file = createClient({ url: `file:${join(d, 'remote.db')}` });
    const db = await new FakeHranaServer(file).start();
    const proc = await startNodeProcess({ DATABASE_URL: db.url, DATABASE_AUTH_TOKEN: db.token });
    try {
      await eventually(async () => (await webPostTo(proc.url, 'db-proc-web-1')).status === 200, 'served', 30_000);
      // (A stall, with the production deadline of 10 s, is tested in this process above.)
      for (const fault of ['refuse', 'error', 'reset'] as const) {
        await db.setFault(fault);
        // Requests meanwhile: a 503 each.
        expect((await webPostTo(proc.url, `db-proc-${fault}`)).status).toBe(503);
        // The background loop meets it too, for a while.
        await new Promise((r) => setTimeout(r, 1500));
        expect(proc.exited()).toBe(false);
        await db.setFault(null);
        await eventually(async () => (await webPostTo(proc.url, `db-proc-${fault}`)).status === 200, `served again after ${fault}`, 60_000);
      }
      expect(proc.exited()).toBe(false);
      const downs = proc.logs().filter((l) => l.event === 'database.down');
      expect(downs.map((l) => l.reason)).toEqual(['unreachable', 'server_error', 'unreachable']);
    } finally {
      await proc.stop();
      await db.stop();
      file.close();
      await rm(d, { recursive: true, force: true });
    }
  }, 120_000);
});
