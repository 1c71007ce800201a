import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegramApi, type ApiCall } from './support/fakeTelegramApi.js';
import { ManualClock, MemoryLogger, startTestServer, type TestServer } from './support/testServer.js';
import * as tg from './support/telegramUpdates.js';

const SECRET = 'test-secret-0123456789abcdef';
let fake: FakeTelegramApi;
let server: TestServer;
let clock: ManualClock;
let log: MemoryLogger;

beforeAll(async () => {
  fake = await new FakeTelegramApi().start();
  // As after `npm run telegram:webhook -- set`: Telegram posts to us.
  fake.webhookUrl = 'https://tawjih.example.org/telegram/webhook';
  clock = new ManualClock();
  log = new MemoryLogger();
  server = await startTestServer(
    { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.url, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://tawjih.example.org' },
    { clock, background: false, log },
  );
  // The channel connects in the background (the server serves meanwhile): wait for it here.
  await server.app.telegram!.connected();
  getMeAtStart = fake.calls.filter((c) => c.method === 'getMe').length;
  fake.calls.length = 0;
});
let getMeAtStart = 0;
afterAll(async () => {
  await server.close();
  await fake.stop();
});
afterEach(() => {
  fake.calls.length = 0;
});

/** Posts an update as Telegram does. The webhook answers once the message is recorded; its turn runs right after: wait for it. */
async function post(update: unknown, secret = SECRET): Promise<Response> {
  const res = await fetch(`${server.url}/telegram/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: typeof update === 'string' ? update : JSON.stringify(update),
  });
  await server.app.assistant.idle();
  return res;
}

let lastResponse: unknown;
/** Posts an update, lets the outbox send, and returns the sendMessage calls for that chat. */
async function exchange(chatId: number, update: unknown): Promise<ApiCall[]> {
  const before = fake.sent(chatId).length;
  clock.advance(1100); // one message per second per chat: let the previous one age out
  const res = await post(update);
  expect(res.status).toBe(200);
  lastResponse = await res.json();
  await server.app.outbox.kick();
  return fake.sent(chatId).slice(before);
}

/** Lets the outbox send what a turn left (one message per second per chat). */
async function sendRest(chatId: number): Promise<ApiCall[]> {
  const before = fake.sent(chatId).length;
  for (let i = 0; i < 5; i++) {
    clock.advance(1100);
    await server.app.outbox.kick();
  }
  return fake.sent(chatId).slice(before);
}

const buttons = (call: ApiCall) =>
  ((call.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();

describe('Telegram webhook', () => {
  it('gets the bot identity once at start (getMe), never per update', async () => {
    expect(getMeAtStart).toBe(1);
    await exchange(1001, tg.textUpdate(1001, 'bonjour'));
    await exchange(1001, tg.textUpdate(1001, 'menu'));
    expect(fake.calls.filter((c) => c.method === 'getMe')).toEqual([]);
  });

  it('answers a text message in the language of the Telegram app, with an inline keyboard', async () => {
    const sent = await exchange(2002, tg.textUpdate(2002, 'salut', 'fr'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload).toMatchObject({ chat_id: 2002, parse_mode: 'HTML' });
    expect(sent[0]!.payload.text).toContain('Bienvenue sur tawjih');
    expect(buttons(sent[0]!)).toEqual([
      { text: 'العربية', callback_data: 'onboarding.language.ar' },
      { text: 'الدارجة', callback_data: 'onboarding.language.ary' },
      { text: 'Taclḥit', callback_data: 'onboarding.language.shi' },
      { text: 'Français', callback_data: 'onboarding.language.fr' },
      { text: 'English', callback_data: 'onboarding.language.en' },
      { text: 'Español', callback_data: 'onboarding.language.es' },
    ]);
    for (const b of buttons(sent[0]!)) expect(new TextEncoder().encode(b.callback_data).length).toBeLessThanOrEqual(64);
  });

  it('a person whose Telegram is in Arabic is welcomed in Arabic', async () => {
    const sent = await exchange(2003, tg.textUpdate(2003, 'السلام عليكم', 'ar'));
    expect(sent[0]!.payload.text).toContain('مرحبا بك');
  });

  it('a button tap (callback_query) is acknowledged and answered', async () => {
    await exchange(3003, tg.textUpdate(3003, 'hello', 'en'));
    const tap = tg.callbackUpdate(3003, 'onboarding.language.en', 'en');
    const sent = await exchange(3003, tap);
    // The spinner stops with the webhook's response: a Bot API call Telegram makes for us.
    expect(lastResponse).toEqual({ method: 'answerCallbackQuery', callback_query_id: tap.callback_query.id });
    expect(sent[0]!.payload.text).toContain('Before we start');
    expect(buttons(sent[0]!).map((b) => b.callback_data)).toEqual(['onboarding.privacy.accept', 'onboarding.privacy.decline']);
  });

  it('/start with a payload records where the person came from', async () => {
    await exchange(4004, tg.textUpdate(4004, '/start atelier-tiznit-2026', 'fr'));
    const r = await server.db.execute("SELECT c.source FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel = 'telegram' AND v.channel_user_id = '4004'");
    expect(r.rows[0]?.source).toBe('atelier-tiznit-2026');
  });

  it('an edited message is answered as the corrected question', async () => {
    await exchange(5005, tg.textUpdate(5005, 'bonjour'));
    await exchange(5005, tg.callbackUpdate(5005, 'onboarding.language.fr'));
    const original = tg.textUpdate(5005, 'carte de sejoure renouvelement');
    await exchange(5005, original);
    const sent = await exchange(5005, tg.editedUpdate(5005, original.message.message_id, 'renouveler mon récépissé'));
    expect(sent).toHaveLength(1);
    expect(buttons(sent[0]!)[0]!.callback_data).toBe('kb.more.residence-permit-renewal');
  });

  it('a photo gets a polite text-only answer; its caption is still read', async () => {
    await exchange(6006, tg.textUpdate(6006, 'bonjour'));
    await exchange(6006, tg.callbackUpdate(6006, 'onboarding.language.fr'));
    const plain = await exchange(6006, tg.photoUpdate(6006));
    expect(plain).toHaveLength(1);
    expect(plain[0]!.payload.text).toContain('Je ne sais lire que les messages écrits');
    const withCaption = await exchange(6006, tg.photoUpdate(6006, 'numéro de la police'));
    clock.advance(1100); // the second reply waits its turn: one message per second per chat
    await server.app.outbox.kick();
    withCaption.push(...fake.sent(6006).slice(-1));
    expect(withCaption).toHaveLength(2);
    expect(withCaption.map((c) => String(c.payload.text)).join('\n')).toMatch(/Je ne sais lire[\s\S]*19/);
    const voice = await exchange(6006, tg.voiceUpdate(6006));
    expect(voice[0]!.payload.text).toContain('Je ne sais lire que les messages écrits');
  });

  it('a shared location sets the province (with consent)', async () => {
    await exchange(6106, tg.textUpdate(6106, 'bonjour'));
    await exchange(6106, tg.callbackUpdate(6106, 'onboarding.language.fr'));
    await exchange(6106, tg.callbackUpdate(6106, 'onboarding.privacy.accept'));
    const sent = await exchange(6106, tg.locationUpdate(6106, 29.7, -9.73));
    expect(sent[0]!.payload.text).toContain('Tiznit');
    const r = await server.db.execute("SELECT c.province FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel_user_id = '6106'");
    expect(r.rows[0]?.province).toBe('tiznit');
  });

  it('a shared location without consent: the notice first, then the province is noted and not asked again', async () => {
    await exchange(6107, tg.textUpdate(6107, 'bonjour'));
    await exchange(6107, tg.callbackUpdate(6107, 'onboarding.language.fr'));
    await exchange(6107, tg.callbackUpdate(6107, 'onboarding.privacy.decline'));
    const asked = await exchange(6107, tg.locationUpdate(6107, 29.7, -9.73));
    expect(String(asked.at(-1)!.payload.text)).toContain("j'ai d'abord besoin de votre accord");
    const province = async () => (await server.db.execute("SELECT c.province FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel_user_id = '6107'")).rows[0]?.province;
    expect(await province()).toBeNull();
    const agreed = [...(await exchange(6107, tg.callbackUpdate(6107, 'onboarding.privacy.accept'))), ...(await sendRest(6107))];
    expect(agreed.map((c) => String(c.payload.text)).join('\n')).toContain('Tiznit');
    expect(await province()).toBe('tiznit');
    // The onboarding goes on, without asking for the province again.
    const next = [...(await exchange(6107, tg.callbackUpdate(6107, 'onboarding.audience.migrant'))), ...(await sendRest(6107))];
    expect(buttons(next.at(-1)!).map((b) => b.text)).not.toContain('Tiznit');
    expect(String(next.at(-1)!.payload.text)).toContain('Voulez-vous recevoir les nouvelles du Centre');
  });

  it('group chats are ignored', async () => {
    const sent = await exchange(-100200300, tg.groupTextUpdate(-100200300, 'bonjour'));
    expect(sent).toEqual([]);
  });

  it('a person who blocks the bot (my_chat_member kicked) is not sent anything more', async () => {
    await exchange(7007, tg.textUpdate(7007, 'bonjour'));
    const res = await post(tg.blockedUpdate(7007));
    expect(res.status).toBe(200);
    const r = await server.db.execute("SELECT unreachable_at FROM conversations WHERE channel = 'telegram' AND channel_user_id = '7007'");
    expect(r.rows[0]?.unreachable_at).not.toBeNull();
  });

  it('a 403 when sending marks the person unreachable and stops sending', async () => {
    fake.blockChat(7107);
    await post(tg.textUpdate(7107, 'bonjour'));
    await server.app.outbox.kick();
    expect(fake.sent(7107)).toHaveLength(1); // tried once, refused
    const r = await server.db.execute("SELECT o.status, o.last_error, v.unreachable_at FROM outbox o JOIN conversations v ON v.channel_user_id = o.recipient WHERE o.recipient = '7107'");
    expect(r.rows[0]).toMatchObject({ status: 'failed', last_error: 'unreachable' });
    expect(r.rows[0]?.unreachable_at).not.toBeNull();
    clock.advance(60_000);
    await server.app.outbox.kick();
    expect(fake.sent(7107)).toHaveLength(1);
  });

  it('rejects a wrong or missing secret token with 401 and does nothing', async () => {
    for (const secret of ['wrong-secret-0123456789', '']) {
      const res = await post(tg.textUpdate(8008, 'bonjour'), secret);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'wrong secret token' });
    }
    await server.app.outbox.kick();
    expect(fake.sent(8008)).toEqual([]);
  });

  it('bad JSON or a body that is not an update gets a 400, a body over 64 KB a 413, never a crash', async () => {
    expect((await post('{"update_id": ')).status).toBe(400);
    expect((await post('[1,2,3]')).status).toBe(400);
    expect((await post({ hello: 'world' })).status).toBe(400);
    const huge = tg.textUpdate(8108, 'x'.repeat(70_000));
    expect((await post(huge)).status).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('a repeated update (same update_id) is answered once', async () => {
    const update = tg.textUpdate(9009, 'bonjour');
    await exchange(9009, update);
    const again = await exchange(9009, update);
    expect(again).toEqual([]);
    expect(fake.sent(9009)).toHaveLength(1);
  });

  it('a message whose record vanishes as it is written (an erasure at that moment) is refused with a 5xx, then answered when Telegram delivers it again', async () => {
    // SQLite drops every new receipt without an error: not inserted, and then not found.
    await server.db.execute('CREATE TRIGGER vanishing_receipts BEFORE INSERT ON inbound_receipts BEGIN SELECT RAISE(IGNORE); END');
    const update = tg.textUpdate(9010, 'bonjour');
    let res: Response;
    try {
      res = await post(update);
    } finally {
      await server.db.execute('DROP TRIGGER vanishing_receipts');
    }
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(await exchange(9010, update)).toHaveLength(1);
  });

  it('a 429 is retried after retry_after, then succeeds', async () => {
    fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 3', retryAfter: 3 });
    await post(tg.textUpdate(9109, 'bonjour'));
    await server.app.outbox.kick();
    expect(fake.sent(9109)).toHaveLength(1); // the refused attempt
    clock.advance(2000);
    await server.app.outbox.kick();
    expect(fake.sent(9109)).toHaveLength(1); // still waiting: retry_after is 3 s
    clock.advance(1100);
    await server.app.outbox.kick();
    expect(fake.sent(9109)).toHaveLength(2);
    const r = await server.db.execute("SELECT status, attempts FROM outbox WHERE recipient = '9109'");
    expect(r.rows[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('when handling fails, the webhook still answers 200; the failure is logged and retried, not lost', async () => {
    await server.db.execute('CREATE TABLE IF NOT EXISTS test_fail_flag (x)');
    await server.db.execute("CREATE TRIGGER IF NOT EXISTS test_fail BEFORE INSERT ON messages WHEN (SELECT count(*) FROM test_fail_flag) > 0 BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    await server.db.execute('INSERT INTO test_fail_flag VALUES (1)');
    try {
      const res = await post(tg.textUpdate(9209, 'bonjour'));
      expect(res.status).toBe(200);
      await server.app.outbox.kick();
      expect(fake.sent(9209)).toEqual([]);
      expect(log.events()).toContain('turn.failed');
      const receipt = await server.db.execute("SELECT status, attempts FROM inbound_receipts WHERE channel = 'telegram' AND channel_user_id = '9209'");
      expect(receipt.rows[0]).toMatchObject({ status: 'received', attempts: 1 });
    } finally {
      await server.db.execute('DELETE FROM test_fail_flag');
    }
    clock.advance(31_000);
    await server.loop.runOnce();
    expect(fake.sent(9209)).toHaveLength(1);
    expect(fake.sent(9209)[0]!.payload.text).toContain('Bienvenue');
  });

  it('logs carry ids, never the message text', () => {
    const all = JSON.stringify(log.lines);
    expect(all).not.toContain('bonjour');
    expect(all).not.toContain('carte de sejoure');
  });
});

describe('the webhook answers once the message is safe on disk', () => {
  const raw = (u: unknown) =>
    fetch(`${server.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(u) });
  /** Lets the outbox send everything (one message per second per chat). */
  async function sendAll(): Promise<void> {
    for (let i = 0; i < 15; i++) {
      clock.advance(1100);
      await server.app.outbox.kick();
    }
  }

  it('messages sent in a rush are each answered once, in the order they were written', async () => {
    const chat = 9301;
    const updates = [
      tg.textUpdate(chat, 'bonjour'),
      tg.callbackUpdate(chat, 'onboarding.language.fr'),
      tg.callbackUpdate(chat, 'onboarding.privacy.decline'),
      tg.textUpdate(chat, 'menu'),
    ];
    // Telegram posts the next update as soon as the previous one got its 200: no turn in between.
    for (const u of updates) expect((await raw(u)).status).toBe(200);
    await server.app.assistant.idle();
    await sendAll();
    const texts = fake.sent(chat).map((c) => String(c.payload.text));
    expect(texts).toHaveLength(4);
    expect(texts[0]).toContain('Bienvenue sur tawjih');
    expect(texts[1]).toContain('Avant de commencer');
    expect(texts[3]).toContain('Comment puis-je vous aider');
  });

  it('a message recorded just before the server stopped is answered after it starts again, once', async () => {
    const own = await new FakeTelegramApi().start();
    const dir = `${server.dir}/restart`;
    const env = { TELEGRAM_BOT_TOKEN: own.token, TELEGRAM_API_ROOT: own.url, TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://tawjih.example.org', DATABASE_URL: `file:${dir}/tawjih.db` };
    const first = await startTestServer(env, { background: false });
    // Its turns stop starting (as when SIGTERM arrives): what the webhook records now waits on disk.
    await first.app.assistant.stop();
    const res = await fetch(`${first.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(tg.textUpdate(9401, 'bonjour')),
    });
    expect(res.status).toBe(200);
    await first.close();
    expect(own.sent(9401)).toEqual([]);
    const second = await startTestServer(env, { background: false });
    try {
      await second.app.assistant.idle();
      await second.app.outbox.kick();
      expect(own.sent(9401)).toHaveLength(1);
      expect(String(own.sent(9401)[0]!.payload.text)).toContain('Bienvenue sur tawjih');
    } finally {
      await second.close();
      await own.stop();
    }
  });
});

describe('Telegram long polling (no PUBLIC_URL)', () => {
  it('reads updates with getUpdates and answers them', async () => {
    const poll = await new FakeTelegramApi().start();
    const s = await startTestServer({ TELEGRAM_BOT_TOKEN: poll.token, TELEGRAM_API_ROOT: poll.url });
    try {
      poll.queueUpdate(tg.textUpdate(1201, 'hello', 'en'));
      const calls = await poll.waitFor((c) => c.some((x) => x.method === 'sendMessage'));
      expect(calls.map((c) => c.method)).toContain('deleteWebhook');
      expect(calls.map((c) => c.method)).toContain('getUpdates');
      expect(poll.sent(1201)[0]!.payload.text).toContain('Welcome to tawjih');
    } finally {
      await s.close();
      await poll.stop();
    }
  });
});

describe('npm run telegram:webhook', () => {
  it('sets the webhook with the secret and the update types we read', async () => {
    const { spawn } = await import('node:child_process');
    const api = await new FakeTelegramApi().start();
    try {
      const env = { ...process.env, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.url, PUBLIC_URL: 'https://tawjih.example.org', TELEGRAM_WEBHOOK_SECRET: SECRET };
      const run = (arg: string) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/telegramWebhook.ts', arg], { env });
          let out = '';
          p.stdout.on('data', (d) => (out += d));
          p.stderr.on('data', (d) => (out += d));
          p.on('close', (code) => resolve({ code, out }));
        });
      const set = await run('set');
      expect(set.code, set.out).toBe(0);
      expect(set.out).toContain('webhook set: https://tawjih.example.org/telegram/webhook');
      expect(api.calls.find((c) => c.method === 'setWebhook')?.payload).toMatchObject({
        url: 'https://tawjih.example.org/telegram/webhook',
        secret_token: SECRET,
        allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
      });
      expect((await run('info')).code).toBe(0);
      expect((await run('delete')).code).toBe(0);
      expect(api.calls.map((c) => c.method)).toEqual(['setWebhook', 'getWebhookInfo', 'deleteWebhook']);
      expect((await run('nonsense')).code).toBe(2);
    } finally {
      await api.stop();
    }
  });
});
