import { applyD1Migrations, createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from 'cloudflare:test';
// The Worker as deployed (npm run build:worker), for its scheduled handler.
import worker from '../../build/worker.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientKey, hashPassword } from '../../src/advisors/passwords.js';

/** Runs inside workerd: the deployed Worker, a D1 database, fakes of Telegram and Meta on 127.0.0.1. */
const e = env as unknown as Record<string, any>;

beforeAll(async () => {
  await applyD1Migrations(e.DB, e.TEST_MIGRATIONS);
});

async function calls(): Promise<{ telegram: { method: string; payload: any }[]; graph: { path: string; body: any }[] }> {
  return (await fetch(e.INSPECTOR_URL)).json();
}
async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`not seen in time: ${what}`);
}
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`https://tawjih.example.workers.dev${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('tawjih on Cloudflare Workers (workerd + D1)', () => {
  it("the isolate's start-up turn (first messages answered to have V8 compile the turn) leaves no trace in D1: a person with the same conversation id is greeted as anyone new", async () => {
    expect((await SELF.fetch('https://tawjih.example.workers.dev/healthz')).status).toBe(200);
    for (const table of ['conversations', 'inbound_receipts']) {
      const found = await e.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE channel_user_id LIKE 'start-up-turn%'`).first();
      expect(found.n, table).toBe(0);
    }
    expect((await e.DB.prepare('SELECT count(*) AS n FROM messages').first()).n).toBe(0);
    const res = await post('/webchat/api/messages', { conversationId: 'start-up-turn-0', text: 'bonjour' });
    expect(res.status).toBe(200);
    const replies = ((await res.json()) as { replies: { text: string }[] }).replies;
    expect(replies.at(-1)!.text).toContain('Choisissez votre langue');
    expect((await calls()).telegram.filter((c) => c.method === 'sendMessage')).toEqual([]);
  });

  it('serves the web chat transcript: onboarding to the main menu', async () => {
    const say = async (body: Record<string, unknown>) => {
      const res = await post('/webchat/api/messages', { conversationId: 'worker-person-1', ...body });
      expect(res.status).toBe(200);
      return ((await res.json()) as { replies: { text: string; choices: { id: string; label: string }[] }[] }).replies;
    };
    const first = await say({ text: 'bonjour' });
    expect(first.at(-1)!.text).toContain('Choisissez votre langue');
    const privacy = await say({ choice: 'onboarding.language.fr' });
    expect(privacy.at(-1)!.text).toContain('Avant de commencer');
    await say({ choice: 'onboarding.privacy.accept' });
    await say({ choice: 'onboarding.audience.migrant' });
    await say({ choice: 'onboarding.province.tiznit' });
    // News from the Center, opt-in: stored in D1 by the program's store.
    const menu = await say({ choice: 'onboarding.news.all' });
    expect(menu.at(-1)!.text).toContain('Comment puis-je vous aider ?');
    const subscribed = await e.DB.prepare('SELECT topic FROM subscriptions ORDER BY topic').all();
    expect(subscribed.results.map((r: { topic: string }) => r.topic)).toEqual(['investment', 'rights', 'workshops']);
    const answer = await say({ text: 'carte de sejoure renouvelement' });
    expect(answer.at(-1)!.choices[0]!.id).toBe('kb.more.residence-permit-renewal');
    expect((await SELF.fetch('https://tawjih.example.workers.dev/healthz')).status).toBe(200);
  });

  it('a message sent again after its answer was lost is answered once, with the same replies; a typed "2" is the second button the person was shown', async () => {
    type Replies = { replies: { text: string; choices?: { id: string; label: string }[] }[]; duplicate?: boolean };
    const send = async (conversationId: string, body: Record<string, unknown>) => {
      const res = await post('/webchat/api/messages', { conversationId, ...body });
      expect(res.status).toBe(200);
      return (await res.json()) as Replies;
    };
    const first = await send('worker-person-retry', { text: 'bonjour', messageId: 'retry-1' });
    const again = await send('worker-person-retry', { text: 'bonjour', messageId: 'retry-1' });
    expect(again.duplicate).toBe(true);
    expect(again.replies.map((r) => r.text)).toEqual(first.replies.map((r) => r.text));
    // Typing "2" answers as tapping the second language button does in another conversation.
    const second = first.replies.at(-1)!.choices![1]!;
    await send('worker-person-tap', { text: 'bonjour' });
    const tapped = await send('worker-person-tap', { choice: second.id });
    const typed = await send('worker-person-retry', { text: '2' });
    expect(typed.replies.map((r) => r.text)).toEqual(tapped.replies.map((r) => r.text));
    const kept = await e.DB.prepare(
      "SELECT m.kind, m.text FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = 'worker-person-retry' AND m.direction = 'in' ORDER BY m.seq",
    ).all();
    expect(kept.results).toEqual([
      { kind: 'text', text: 'bonjour' },
      { kind: 'text', text: '2' },
    ]);
  });

  it('serves the web chat page as on Node: hashed assets cached for a year, the page revalidated by its ETag, a favicon, compression left to Cloudflare', async () => {
    const get = (path: string, headers: Record<string, string> = {}) => SELF.fetch(`https://tawjih.example.workers.dev${path}`, { headers });
    const page = await get('/', { 'accept-language': 'shi', 'accept-encoding': 'gzip, br' });
    expect(page.status).toBe(200);
    // Cloudflare's edge compresses text/html, CSS, JavaScript and JSON (gzip or Brotli): a Worker
    // that sets Content-Encoding itself gets its body compressed twice, so the app does not.
    expect(page.headers.get('content-encoding')).toBeNull();
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<html lang="shi-Latn" dir="ltr"');
    expect((await get('/', { 'accept-language': 'shi', 'if-none-match': page.headers.get('etag')! })).status).toBe(304);
    const js = /src="(\/webchat\/app\.\w+\.js)"/.exec(html)![1]!;
    const script = await get(js);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('"shi":{"title":"tawjih');
    const ico = await get('/favicon.ico');
    expect([ico.status, ico.headers.get('content-type')]).toEqual([200, 'image/x-icon']);
    expect((await get('/webchat-sw.js')).status).toBe(200);
  });

  it('speaks Arabic and Tachelhit as on Node: month names from Intl (a table of the CLDR names where workerd has no Tachelhit), isolated numbers', async () => {
    const say = async (conversationId: string, body: Record<string, unknown>) => {
      const res = await post('/webchat/api/messages', { conversationId, ...body });
      expect(res.status).toBe(200);
      return ((await res.json()) as { replies: { text: string; dir: string }[] }).replies;
    };
    await say('worker-person-ar', { text: 'مرحبا' });
    await say('worker-person-ar', { choice: 'onboarding.language.ar' });
    const ar = (await say('worker-person-ar', { text: 'أرقام الطوارئ' })).at(-1)!;
    expect(ar.dir).toBe('rtl');
    expect(ar.text).toMatch(/آخر مراجعة: \d{1,2} دجنبر \(ديسمبر\) \d{4}/);
    expect(ar.text).toContain('\u2066+212 5 37 54 54 00\u2069');
    await say('worker-person-shi', { text: 'azul' });
    await say('worker-person-shi', { choice: 'onboarding.language.shi' });
    const shi = (await say('worker-person-shi', { text: 'bolis 19 ambulance' })).at(-1)!;
    expect(shi.text).toMatch(/Ittuẓra ɣ \d{1,2} dujanbir \d{4}/);
  });

  it('answers a Telegram webhook update through the fake Bot API, from the Worker', async () => {
    const update = {
      update_id: 900000001,
      message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: 4242, type: 'private', first_name: 'A' }, from: { id: 4242, is_bot: false, first_name: 'A', language_code: 'fr' }, text: 'bonjour' },
    };
    expect((await post('/telegram/webhook', update, { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' })).status).toBe(401);
    expect((await post('/telegram/webhook', update, { 'x-telegram-bot-api-secret-token': 'worker-secret-0123456789' })).status).toBe(200);
    const sent = await eventually(async () => (await calls()).telegram.find((c) => c.method === 'sendMessage' && c.payload.chat_id === 4242), 'sendMessage to 4242');
    expect(sent.payload.text).toContain('Bienvenue sur tawjih');
    expect(sent.payload.reply_markup.inline_keyboard.flat().map((b: { callback_data: string }) => b.callback_data)).toContain('onboarding.language.fr');
  });

  it('a photo sent to an advisor is fetched from the Bot API after the webhook and kept in D1 (in parts, as a blob)', async () => {
    const chat = 4343;
    let n = 0;
    const say = (fields: Record<string, unknown>) =>
      post('/telegram/webhook', { update_id: 900000100 + ++n, message: { message_id: 100 + n, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: 'A' }, from: { id: chat, is_bot: false, first_name: 'A', language_code: 'fr' }, ...fields } }, { 'x-telegram-bot-api-secret-token': 'worker-secret-0123456789' });
    expect((await say({ text: 'bonjour' })).status).toBe(200);
    expect((await say({ text: 'conseiller' })).status).toBe(200);
    const photo = [{ file_id: 'AgACAgQAAxkBAAIBQ2Vlarge', file_unique_id: 'AQADlarge', file_size: 5805, width: 240, height: 160 }];
    expect((await say({ photo, caption: 'mon récépissé' })).status).toBe(200);
    const row = await eventually(async () => {
      const r = await e.DB.prepare("SELECT id, status, content_type, size FROM media WHERE channel = 'telegram'").first();
      return r?.status === 'stored' ? r : undefined;
    }, 'the photo stored');
    expect(row.content_type).toBe('image/jpeg');
    const parts = await e.DB.prepare('SELECT sum(length(bytes)) AS n, hex(substr(min(bytes), 1, 3)) AS magic FROM media_parts WHERE media_id = ?').bind(row.id).first();
    expect(parts).toEqual({ n: row.size, magic: 'FFD8FF' });
  });

  it('accepts a signed WhatsApp Cloud API webhook and answers through the fake Graph API', async () => {
    const phone = '212600777888';
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: e.WHATSAPP_PHONE_NUMBER_ID }, contacts: [{ profile: { name: 'A' }, wa_id: phone }], messages: [{ from: phone, id: 'wamid.worker0001', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'bonjour' } }] } }] }],
    });
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(e.WHATSAPP_APP_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
    const signature = `sha256=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    expect((await post('/whatsapp/webhook', body, { 'x-hub-signature-256': 'sha256=00' })).status).toBe(401);
    expect((await post('/whatsapp/webhook', body, { 'x-hub-signature-256': signature })).status).toBe(200);
    const sent = await eventually(async () => (await calls()).graph.find((c) => c.body?.to === phone), 'Graph API message');
    expect(sent.path).toContain(`/${e.WHATSAPP_PHONE_NUMBER_ID}/messages`);
    expect(sent.body.messaging_product).toBe('whatsapp');
  });

  it("an advisor's queue on D1: search, unread, reading a ticket, the audit log", async () => {
    const say = (body: Record<string, unknown>) => post('/webchat/api/messages', { conversationId: 'worker-person-queue', ...body });
    for (const body of [{ text: 'bonjour' }, { choice: 'onboarding.language.fr' }, { choice: 'onboarding.privacy.accept' }, { choice: 'onboarding.audience.migrant' }, { choice: 'onboarding.province.tata' }, { choice: 'onboarding.news.no' }, { text: 'conseiller' }, { text: 'Mon passeport a expiré' }]) {
      expect((await say(body)).status).toBe(200);
    }
    // A cheap hash: the cost is in the stored string, and this test is about the queue.
    await e.DB.prepare("INSERT INTO advisors (id, email, name, role, password_hash, created_at) VALUES ('a_worker', 'amina@center.test', 'Amina', 'admin', ?, ?)").bind(await hashPassword('amina@center.test', 'worker password 1', 1000), Date.now()).run();
    // Cloudflare refuses 600,000 PBKDF2 iterations: the Worker checks the sign-in page's key, never a password.
    expect((await post('/advisor/api/login', { email: 'amina@center.test', password: 'worker password 1' })).status).toBe(400);
    const login = await post('/advisor/api/login', { email: 'amina@center.test', key: await clientKey('amina@center.test', 'worker password 1', 1000) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const get = async (path: string) => (await SELF.fetch(`https://tawjih.example.workers.dev/advisor/api${path}`, { headers: { cookie } })).json() as Promise<any>;
    const found = (await get('/tickets?status=all&q=passeport%20tata&lang=en')).tickets;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ unread: 1, last: { from: 'person', text: 'Mon passeport a expiré' }, labels: { province: 'Tata', topic: 'General request' } });
    expect((await get(`/tickets/${found[0].id}`)).ticket.history.at(-2).text).toBe('Mon passeport a expiré');
    expect((await get('/tickets?status=all&q=passeport')).tickets[0].unread).toBe(0);
    const audit = (await get('/audit?action=view')).entries;
    expect(audit[0]).toMatchObject({ action: 'view', target: found[0].id, count: 1 });
    // The pages too, as the advisor's browser asks for them (on D1: what happened, with its time).
    const page = async (path: string) => SELF.fetch(`https://tawjih.example.workers.dev${path}`, { headers: { cookie } });
    expect((await page('/advisor?lang=fr')).status).toBe(200);
    const ticketPage = await page(`/advisor/tickets/${found[0].id}?lang=fr`);
    expect(ticketPage.status).toBe(200);
    expect(await ticketPage.text()).toMatch(/<time>\d\d:\d\d<\/time> La personne a demandé un conseiller/);
  });

  it('a scheduled run sends a pending outbox message', async () => {
    const now = Date.now();
    const reply = { kind: 'text', text: 'Message en attente depuis la dernière panne', dir: 'ltr', locale: 'fr' };
    await e.DB.prepare(
      "INSERT INTO outbox (id, message_id, channel, recipient, payload, status, attempts, next_attempt_at, created_at) VALUES ('o_worker_cron_1', 'm_worker_cron_1', 'telegram', '5151', ?, 'pending', 0, ?, ?)",
    )
      .bind(JSON.stringify(reply), now, now)
      .run();
    expect((await calls()).telegram.some((c) => c.payload.chat_id === 5151)).toBe(false);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: new Date() }), env, ctx);
    await waitOnExecutionContext(ctx);
    const sent = await eventually(async () => (await calls()).telegram.find((c) => c.method === 'sendMessage' && c.payload.chat_id === 5151), 'the pending message');
    expect(sent.payload.text).toBe('Message en attente depuis la dernière panne');
    const row = await eventually(async () => {
      const r = await e.DB.prepare("SELECT status FROM outbox WHERE id = 'o_worker_cron_1'").first();
      return r?.status === 'sent' ? r : undefined;
    }, 'outbox row marked sent');
    expect(row.status).toBe('sent');
  });

  it('a channel whose API fails holds its own replies; the other channel answers at once (no background start on Workers)', async () => {
    await fetch(`${e.INSPECTOR_URL}/fault?api=telegram&fault=error`, { method: 'POST' });
    try {
      const update = {
        update_id: 900000101,
        message: { message_id: 101, date: Math.floor(Date.now() / 1000), chat: { id: 6161, type: 'private', first_name: 'A' }, from: { id: 6161, is_bot: false, first_name: 'A', language_code: 'fr' }, text: 'bonjour' },
      };
      expect((await post('/telegram/webhook', update, { 'x-telegram-bot-api-secret-token': 'worker-secret-0123456789' })).status).toBe(200);
      const phone = '212600777999';
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: e.WHATSAPP_PHONE_NUMBER_ID }, contacts: [{ profile: { name: 'A' }, wa_id: phone }], messages: [{ from: phone, id: 'wamid.worker0101', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'bonjour' } }] } }] }],
      });
      const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(e.WHATSAPP_APP_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
      expect((await post('/whatsapp/webhook', body, { 'x-hub-signature-256': `sha256=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}` })).status).toBe(200);
      await eventually(async () => (await calls()).graph.find((c) => c.body?.to === phone), 'the WhatsApp reply');
      // Telegram's reply waits in D1, its attempts untouched.
      const held = await eventually(async () => {
        const r = await e.DB.prepare("SELECT status, attempts FROM outbox WHERE channel = 'telegram' AND recipient = '6161'").first();
        return r?.status === 'pending' ? r : undefined;
      }, 'the Telegram reply held');
      expect(held.attempts).toBe(0);
      expect((await calls()).telegram.some((c) => c.method === 'sendMessage' && c.payload.chat_id === 6161)).toBe(false);
    } finally {
      await fetch(`${e.INSPECTOR_URL}/fault?api=telegram&fault=none`, { method: 'POST' });
    }
    // Telegram is back: the cron (every minute) sends what was held, once.
    const sent = await eventually(async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: new Date() }), env, ctx);
      await waitOnExecutionContext(ctx);
      const mine = (await calls()).telegram.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === 6161);
      return mine.length ? mine : undefined;
    }, 'the held Telegram reply');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.payload.text).toContain('Bienvenue sur tawjih');
  });
});
