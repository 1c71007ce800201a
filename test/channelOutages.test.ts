import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from './support/faultyServer.js';
import { OutageWorld, SECRET } from './support/outageWorld.js';
import { eventually, MemoryLogger, startTestServer } from './support/testServer.js';
import { FakeTelegramApi } from './support/fakeTelegramApi.js';

/**
 * One channel's API on a bad day, mid-run: the Bot API or the Graph API refuses connections,
 * stalls, answers 500 or resets the connection. Meanwhile the other channels' people are answered
 * as usual; the channel that is down holds its replies (their attempts untouched), says so once in
 * the log and at /healthz/channels, and sends them when it is back by itself: in order, once.
 * Timeouts and backoff are shortened here (the defaults are 20 s and 1 s doubling up to a minute).
 */
const REASON: Record<Exclude<Fault, 'slow'>, string> = { refuse: 'unreachable', stall: 'timeout', error: 'server_error', reset: 'unreachable' };
const FAULTS = Object.keys(REASON) as Exclude<Fault, 'slow'>[];

let w: OutageWorld;
beforeAll(async () => {
  w = await OutageWorld.start({ resilience: { backoff: { baseMs: 50, capMs: 400 }, callTimeoutMs: 1000 } });
  await w.waitUp('telegram', 'whatsapp-cloud', 'whatsapp-web');
});
afterAll(async () => {
  await w?.stop();
});

/** The people on the channels that work, mid-outage, all at once: each gets their answer. */
async function othersAreAnswered(except: 'telegram' | 'whatsapp-cloud' | 'whatsapp-web'): Promise<void> {
  const people: Promise<unknown>[] = [(async () => expect((await w.webSays(OutageWorld.web(), 'bonjour')).at(-1)).toContain('Choisissez votre langue'))()];
  if (except !== 'whatsapp-web') {
    const linked = OutageWorld.linked();
    w.phoneSays(linked, 'bonjour');
    people.push(eventually(() => w.phone.sentTo(linked).some((t) => t.includes('Choisissez votre langue')), 'the linked phone answers'));
  }
  if (except !== 'whatsapp-cloud') {
    const phone = OutageWorld.wa();
    people.push(w.whatsappSays(phone, 'bonjour').then(() => eventually(() => w.whatsappAccepted(phone).length === 1, 'WhatsApp Cloud answers')));
  }
  if (except !== 'telegram') {
    const chat = OutageWorld.chat();
    people.push(w.telegramSays(chat, 'bonjour').then(() => eventually(() => w.telegramTexts(chat).length === 1, 'Telegram answers')));
  }
  await Promise.all(people);
}

describe('the Telegram Bot API fails mid-run', () => {
  it.each(FAULTS)('%s: Telegram holds its replies and sends them once when back; the others go on', async (fault) => {
    const from = w.log.lines.length;
    const chat = OutageWorld.chat();
    await w.telegram.setFault(fault);

    await w.telegramSays(chat, 'bonjour');
    await w.telegramSays(chat, 'comment renouveler ma carte de séjour');
    await othersAreAnswered('telegram');

    // Held: nothing reached the person, both replies wait with their attempts untouched.
    const held = await eventually(async () => {
      const rows = await w.outbox('telegram', chat);
      return rows.length >= 2 && rows.every((r) => r.status === 'pending') && rows;
    }, 'Telegram replies held in the outbox');
    expect(held.map((r) => r.attempts)).toEqual(held.map(() => 0));
    expect(w.telegramTexts(chat)).toEqual([]);
    expect(w.channel('telegram')).toMatchObject({ state: 'down', reason: REASON[fault] });

    await w.telegram.setFault(null);
    await eventually(async () => (await w.outbox('telegram', chat)).every((r) => r.status === 'sent'), 'Telegram replies sent after recovery');
    // In order, once: what the person received is the replies as queued, message by message.
    expect(w.telegramTexts(chat)).toEqual(OutageWorld.telegramMessages(await w.outbox('telegram', chat)));
    expect(w.telegramTexts(chat)[0]).toContain('Choisissez votre langue');
    expect(w.channel('telegram')).toMatchObject({ state: 'up' });
    // Said once when it went down, once when it came back.
    expect(w.events('channel.down', 'telegram', from)).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ reason: REASON[fault] }) })]);
    expect(w.events('channel.up', 'telegram', from)).toHaveLength(1);
  });
});

describe('the WhatsApp Cloud (Graph) API fails mid-run', () => {
  it.each(FAULTS)('%s: WhatsApp Cloud holds its replies and sends them once when back; the others go on', async (fault) => {
    const from = w.log.lines.length;
    const phone = OutageWorld.wa();
    await w.graph.setFault(fault);

    await w.whatsappSays(phone, 'bonjour');
    await w.whatsappSays(phone, 'aide');
    await othersAreAnswered('whatsapp-cloud');

    const held = await eventually(async () => {
      const rows = await w.outbox('whatsapp-cloud', phone);
      return rows.length >= 2 && rows.every((r) => r.status === 'pending') && rows;
    }, 'WhatsApp Cloud replies held in the outbox');
    expect(held.map((r) => r.attempts)).toEqual(held.map(() => 0));
    expect(w.whatsappAccepted(phone)).toEqual([]);
    expect(w.channel('whatsapp-cloud')).toMatchObject({ state: 'down', reason: REASON[fault] });

    await w.graph.setFault(null);
    const rows = await eventually(async () => {
      const r = await w.outbox('whatsapp-cloud', phone);
      return r.every((x) => x.status === 'sent') && r;
    }, 'WhatsApp Cloud replies sent after recovery');
    // Once each (a reply is one Graph message here), in the order queued.
    const accepted = w.whatsappAccepted(phone) as { body: { text?: { body: string }; interactive?: { body: { text: string } } } }[];
    expect(accepted).toHaveLength(rows.length);
    expect(accepted.map((c) => (c.body.text?.body ?? c.body.interactive?.body.text ?? '').slice(0, 30))).toEqual(rows.map((r) => r.text.slice(0, 30)));
    expect(w.channel('whatsapp-cloud')).toMatchObject({ state: 'up' });
    expect(w.events('channel.down', 'whatsapp-cloud', from)).toHaveLength(1);
    expect(w.events('channel.up', 'whatsapp-cloud', from)).toHaveLength(1);
  });
});

describe('the linked phone crashes in a loop', () => {
  it('its replies wait while its browser keeps crashing, the others are answered, and the reply leaves once it is linked again', async () => {
    const from = w.log.lines.length;
    const linked = OutageWorld.linked();
    const before = w.phone.clients.length;
    // The browser dies at the next send, then five new ones die while starting.
    w.phone.current.crashOnSend = true;
    w.phone.crashes = 5;
    w.phoneSays(linked, 'bonjour');
    const crashed = await w.phone.waitForClients(before + 6, 30_000); // 5 crashed, the 6th starts
    await othersAreAnswered('whatsapp-web');

    const held = await w.outbox('whatsapp-web', linked);
    expect(held.map((r) => [r.status, r.attempts])).toEqual([['pending', 0]]);
    expect(w.phone.sentTo(linked)).toEqual([]);
    expect(w.channel('whatsapp-web')?.state).toBe('down');

    crashed.emit('ready');
    await eventually(() => w.phone.sentTo(linked).length === 1, 'the held reply leaves');
    expect(w.phone.sentTo(linked)[0]).toContain('Choisissez votre langue');
    await eventually(async () => (await w.outbox('whatsapp-web', linked))[0]?.status === 'sent', 'marked sent');
    expect(await w.outbox('whatsapp-web', linked)).toEqual([expect.objectContaining({ status: 'sent', attempts: 0 })]);
    // Six crashes, one warning.
    expect(w.events('channel.down', 'whatsapp-web', from)).toEqual([expect.objectContaining({ fields: expect.objectContaining({ reason: 'crashed' }) })]);
    expect(w.events('channel.up', 'whatsapp-web', from)).toHaveLength(1);
  });
});

describe('monitoring', () => {
  it('/healthz/channels says each channel\'s state without a secret; /healthz still means "this process takes messages"', async () => {
    await w.graph.setFault('error');
    const phone = OutageWorld.wa();
    await w.whatsappSays(phone, 'bonjour');
    await eventually(() => w.channel('whatsapp-cloud')?.state === 'down', 'WhatsApp Cloud down');
    const res = await fetch(`${w.server.url}/healthz/channels`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; channels: Record<string, { state: string; reason?: string }> };
    expect(body.status).toBe('degraded');
    expect(body.channels).toMatchObject({ telegram: { state: 'up' }, 'whatsapp-web': { state: 'up' }, 'whatsapp-cloud': { state: 'down', reason: 'server_error' } });
    const raw = JSON.stringify(body);
    for (const secret of [w.telegram.token, w.graph.token, w.graph.phoneNumberId, phone]) expect(raw).not.toContain(secret);
    expect((await fetch(`${w.server.url}/healthz`)).status).toBe(200);
    await w.graph.setFault(null);
    await eventually(async () => (await fetch(`${w.server.url}/healthz/channels`)).status === 200, 'all channels up');
    // No log line of the whole file carries a token.
    const logs = JSON.stringify(w.log.lines);
    expect(logs).not.toContain(w.telegram.token.split(':')[1]!);
    expect(logs).not.toContain(w.graph.token);
  });
});

describe('at start', () => {
  it('Telegram stalls, Meta answers 500 and the phone\'s browser crashes in a loop: the web chat serves, each channel comes up by itself', async () => {
    const bad = await OutageWorld.start({
      resilience: { backoff: { baseMs: 50, capMs: 400 }, callTimeoutMs: 1000 },
      before: async (x) => {
        await x.telegram.setFault('stall');
        await x.graph.setFault('error');
        x.phone.crashes = 4;
      },
    });
    try {
      expect((await bad.webSays(OutageWorld.web(), 'bonjour')).at(-1)).toContain('Choisissez votre langue');
      await eventually(() => bad.channel('telegram')?.state === 'down' && bad.channel('whatsapp-cloud')?.state === 'down', 'both APIs reported down');
      expect(bad.channel('telegram')).toMatchObject({ reason: 'timeout' });
      expect(bad.channel('whatsapp-cloud')).toMatchObject({ reason: 'server_error' });
      const chat = OutageWorld.chat();
      const phone = OutageWorld.wa();
      await bad.telegramSays(chat, 'bonjour');
      await bad.whatsappSays(phone, 'bonjour');

      await bad.telegram.setFault(null);
      await bad.graph.setFault(null);
      const linked = await bad.phone.waitForClients(5, 30_000); // the first four crashed
      linked.emit('ready');
      await bad.waitUp('telegram', 'whatsapp-cloud', 'whatsapp-web');
      await eventually(() => bad.telegramTexts(chat).length === 1 && bad.whatsappAccepted(phone).length === 1, 'the held replies leave');
      expect(bad.telegramTexts(chat)[0]).toContain('Choisissez votre langue');
      // The start went on without them: "started" came before any channel was up.
      const events = bad.log.events();
      expect(events.indexOf('started')).toBeLessThan(events.indexOf('channel.up'));
    } finally {
      await bad.stop();
    }
  });
});

describe('a slow API (10 s per call)', () => {
  it('Telegram answers in 10 s: its reply comes late, the others are answered at their usual pace meanwhile', async () => {
    const slow = await OutageWorld.start(); // the production timeouts (20 s) and backoff
    try {
      await slow.waitUp('telegram', 'whatsapp-cloud', 'whatsapp-web');
      await slow.telegram.setFault('slow', 10_000);
      const chat = OutageWorld.chat();
      await slow.telegramSays(chat, 'bonjour');
      await eventually(async () => (await slow.outbox('telegram', chat))[0]?.status === 'sending', 'the Telegram send under way');
      // While that one call hangs on: the web chat, WhatsApp Cloud and the linked phone answer.
      expect((await slow.webSays(OutageWorld.web(), 'bonjour')).at(-1)).toContain('Choisissez votre langue');
      const phone = OutageWorld.wa();
      await slow.whatsappSays(phone, 'bonjour');
      const linked = OutageWorld.linked();
      slow.phoneSays(linked, 'bonjour');
      await eventually(() => slow.whatsappAccepted(phone).length === 1 && slow.phone.sentTo(linked).length === 1, 'WhatsApp answers');
      expect(slow.telegramTexts(chat)).toEqual([]); // still on its way
      await eventually(() => slow.telegramTexts(chat).length === 1, 'the slow Telegram reply arrives', 30_000);
      expect(await slow.outbox('telegram', chat)).toEqual([expect.objectContaining({ attempts: 0 })]);
      expect(slow.channel('telegram')?.state).toBe('up'); // slow is not down
    } finally {
      await slow.telegram.setFault(null);
      await slow.stop();
    }
  }, 60_000);
});

describe('what only a person can fix, said once with what to do', () => {
  it('a refused Telegram token, then a webhook not registered: action needed, the web chat serves meanwhile', async () => {
    const api = await new FakeTelegramApi().start();
    const log = new MemoryLogger();
    const start = (token: string) =>
      startTestServer(
        { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.url, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://tawjih.example.org', LOG_LEVEL: 'info' },
        { log, resilience: { backoff: { baseMs: 100, capMs: 400 } } },
      );
    const revoked = await start('123456789:AARevokedTokenForTests_abcdefghijk');
    try {
      await eventually(() => revoked.app.health.report().channels.telegram?.state === 'action_needed', 'token refused');
      expect(revoked.app.health.report().channels.telegram).toMatchObject({ reason: 'token_refused' });
      const res = await fetch(`${revoked.url}/webchat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: OutageWorld.web(), text: 'bonjour' }) });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1000)); // several tries meanwhile
      expect(log.lines.filter((l) => l.event === 'channel.action_needed')).toEqual([
        { level: 'warn', event: 'channel.action_needed', fields: expect.objectContaining({ channel: 'telegram', reason: 'token_refused', hint: expect.stringContaining('TELEGRAM_BOT_TOKEN') }) },
      ]);
      expect(JSON.stringify(log.lines)).not.toContain('AARevokedTokenForTests');
    } finally {
      await revoked.close();
    }

    // The right token, but Telegram was never told where to post (no `telegram:webhook set`).
    const from = log.lines.length;
    const unset = await start(api.token);
    try {
      await eventually(() => unset.app.health.report().channels.telegram?.reason === 'webhook_not_set', 'webhook not registered');
      expect(log.lines.slice(from).find((l) => l.event === 'channel.action_needed')?.fields).toMatchObject({ reason: 'webhook_not_set', hint: 'register the webhook: npm run telegram:webhook -- set' });
      api.webhookUrl = 'https://tawjih.example.org/telegram/webhook'; // the operator ran it
      await eventually(() => unset.app.health.report().channels.telegram?.state === 'up', 'checked again: up');
    } finally {
      await unset.close();
      await api.stop();
    }
  });
});
