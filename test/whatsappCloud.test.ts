import { receiptKey } from '../src/conversation/libsqlInbox.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGraphApi, GRAPH_VERSION, type GraphCall } from './support/fakeGraphApi.js';
import { eventually, ManualClock, MemoryLogger, startTestServer, type TestServer } from './support/testServer.js';
import * as wa from './support/whatsappCloudPayloads.js';

const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const VERIFY_TOKEN = 'tawjih-verify-0123456789';
const TEMPLATE = 'tawjih_reprise';
let graph: FakeGraphApi;
let server: TestServer;
let clock: ManualClock;
let log: MemoryLogger;
const phones = new Set<string>();

beforeAll(async () => {
  graph = await new FakeGraphApi().start();
  clock = new ManualClock();
  log = new MemoryLogger();
  server = await startTestServer(
    {
      WHATSAPP_TOKEN: graph.token,
      WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      WHATSAPP_API_ROOT: graph.apiRoot,
      WHATSAPP_TEMPLATE_NAME: TEMPLATE,
    },
    { clock, background: false, log },
  );
  // The token is checked in the background at start (the server serves meanwhile).
  await eventually(() => server.app.health.report().channels['whatsapp-cloud']?.state === 'up', 'WhatsApp Cloud connected');
  graph.calls.length = 0;
});
afterAll(async () => {
  await server.close();
  await graph.stop();
});
afterEach(() => {
  graph.calls.length = 0;
});

/** A person's WhatsApp number (wa_id), remembered to check that no log carries it. */
function person(n: number): string {
  const phone = `2126000${String(n).padStart(5, '0')}`;
  phones.add(phone);
  return phone;
}

/** Posts as Meta does. The webhook answers once the messages are recorded; their turns run right after: wait for them. */
async function post(payload: unknown, signature?: string): Promise<Response> {
  const raw = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const res = await fetch(`${server.url}/whatsapp/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? wa.sign(raw, APP_SECRET) },
    body: raw,
  });
  await server.app.assistant.idle();
  return res;
}

/** Posts a webhook, lets the outbox send, and returns the Graph API calls for that person. */
async function exchange(phone: string, payload: unknown): Promise<GraphCall[]> {
  const before = graph.sent(phone).length;
  clock.advance(1100); // one message per second per person: let the previous one age out
  const res = await post(payload);
  expect(res.status).toBe(200);
  await server.app.outbox.kick();
  return graph.sent(phone).slice(before);
}

type Interactive = { type: string; body: { text: string }; action: Record<string, unknown> };
const interactive = (call: GraphCall) => call.body.interactive as Interactive;
const rows = (call: GraphCall) => (interactive(call).action.sections as { rows: { id: string; title: string }[] }[])[0]!.rows;
const buttons = (call: GraphCall) => (interactive(call).action.buttons as { type: string; reply: { id: string; title: string } }[]).map((b) => b.reply);

async function outboxOf(phone: string) {
  return (await server.db.execute({ sql: "SELECT status, attempts, last_error, provider_message_id FROM outbox WHERE channel = 'whatsapp-cloud' AND recipient = ? ORDER BY id", args: [phone] })).rows;
}
async function windowClosedAt(phone: string) {
  const r = await server.db.execute({ sql: "SELECT wa_window_closed_at FROM conversations WHERE channel = 'whatsapp-cloud' AND channel_user_id = ?", args: [phone] });
  return r.rows[0]?.wa_window_closed_at ?? null;
}

/** Onboards a person in French up to the main menu, by tapping list rows and buttons. */
async function onboardedInFrench(phone: string): Promise<void> {
  await exchange(phone, wa.textMessage(phone, 'bonjour').payload);
  await exchange(phone, wa.listReply(phone, 'onboarding.language.fr', 'Français').payload);
  await exchange(phone, wa.buttonReply(phone, 'onboarding.privacy.accept', "J'accepte").payload);
  await exchange(phone, wa.buttonReply(phone, 'onboarding.audience.migrant', 'Migrant au Maroc').payload);
  await exchange(phone, wa.listReply(phone, 'onboarding.province.tiznit', 'Tiznit').payload);
  await exchange(phone, wa.listReply(phone, 'onboarding.news.no', 'Non merci').payload);
}

describe('WhatsApp Cloud API webhook verification', () => {
  it('echoes hub.challenge as text when the verify token is right', async () => {
    const res = await fetch(`${server.url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it('refuses a wrong verify token with 403 JSON, and a request that is not a handshake with 400', async () => {
    const wrong = await fetch(`${server.url}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=not-the-token-0000000&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({ error: 'wrong verify token' });
    expect((await fetch(`${server.url}/whatsapp/webhook?hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(400);
  });
});

describe('WhatsApp Cloud API messages', () => {
  it('answers a text message with the exact Graph API call: a list of the six languages', async () => {
    const phone = person(1);
    const sent = await exchange(phone, wa.textMessage(phone, 'bonjour').payload);
    expect(sent).toHaveLength(1);
    const call = sent[0]!;
    expect(call.method).toBe('POST');
    expect(call.path).toBe(`/${GRAPH_VERSION}/${graph.phoneNumberId}/messages`);
    expect(call.authorization).toBe(`Bearer ${graph.token}`);
    expect(call.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: phone,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: expect.stringContaining('Bienvenue sur tawjih') },
        action: {
          button: 'Choisir',
          sections: [
            {
              rows: [
                { id: 'onboarding.language.ar', title: 'العربية' },
                { id: 'onboarding.language.ary', title: 'الدارجة' },
                { id: 'onboarding.language.shi', title: 'Taclḥit' },
                { id: 'onboarding.language.fr', title: 'Français' },
                { id: 'onboarding.language.en', title: 'English' },
                { id: 'onboarding.language.es', title: 'Español' },
              ],
            },
          ],
        },
      },
    });
    const [outbox] = await outboxOf(phone);
    expect(outbox).toMatchObject({ status: 'sent', provider_message_id: expect.stringMatching(/^wamid\./) });
  });

  it('a list_reply and button_reply are the tapped choices: onboarding to the main menu with buttons and lists', async () => {
    const phone = person(2);
    await exchange(phone, wa.textMessage(phone, 'salut').payload);
    const privacy = await exchange(phone, wa.listReply(phone, 'onboarding.language.fr', 'Français').payload);
    expect(privacy[0]!.body.type).toBe('interactive');
    expect(interactive(privacy[0]!).type).toBe('button');
    expect(interactive(privacy[0]!).body.text).toContain('Avant de commencer');
    expect(privacy[0]!.body.interactive).toMatchObject({
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'onboarding.privacy.accept', title: "J'accepte" } },
          { type: 'reply', reply: { id: 'onboarding.privacy.decline', title: 'Non, merci' } },
        ],
      },
    });
    const audience = await exchange(phone, wa.buttonReply(phone, 'onboarding.privacy.accept', "J'accepte").payload);
    expect(buttons(audience[0]!).map((b) => b.id)).toEqual(['onboarding.audience.migrant', 'onboarding.audience.mre']);
    const province = await exchange(phone, wa.buttonReply(phone, 'onboarding.audience.migrant', 'Migrant au Maroc').payload);
    expect(interactive(province[0]!).type).toBe('list');
    expect(rows(province[0]!)).toHaveLength(8);
    const news = await exchange(phone, wa.listReply(phone, 'onboarding.province.tiznit', 'Tiznit').payload);
    expect(rows(news[0]!).map((r) => r.id)).toContain('onboarding.news.no');
    const menu = await exchange(phone, wa.listReply(phone, 'onboarding.news.no', 'Non merci').payload);
    expect(interactive(menu[0]!).body.text).toContain('Comment puis-je vous aider ?');
    expect(rows(menu[0]!).map((r) => r.title)).toEqual(['Droits et papiers', 'Services et aide', 'Investir', 'Le Centre', 'Un conseiller humain', 'Changer de langue']);
    const r = await server.db.execute({ sql: "SELECT c.locale, c.audience, c.province FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel_user_id = ?", args: [phone] });
    expect(r.rows[0]).toMatchObject({ locale: 'fr', audience: 'migrant', province: 'tiznit' });
  });

  it('a long article is split under 4,096 characters, its buttons on a last part under 1,024, **bold** as *bold*', async () => {
    const phone = person(3);
    await onboardedInFrench(phone);
    await exchange(phone, wa.listReply(phone, 'main.menu.rights', 'Droits et papiers').payload);
    await exchange(phone, wa.listReply(phone, 'rights.migrant.residence', 'Titre de séjour').payload);
    await exchange(phone, wa.listReply(phone, 'rights.residence.first', '1re carte de séjour').payload);
    const body = await exchange(phone, wa.listReply(phone, 'kb.more.residence-permit-first-application', 'Lire la suite').payload);
    const last = body.at(-1)!;
    expect(last.body.type).toBe('interactive');
    expect([...interactive(last).body.text].length).toBeLessThanOrEqual(1024);
    for (const c of body.slice(0, -1)) expect([...(c.body.text as { body: string }).body].length).toBeLessThanOrEqual(4096);
    const all = body.map((c) => (c.body.type === 'text' ? (c.body.text as { body: string }).body : interactive(c).body.text)).join('\n');
    expect(all).toContain('*Prochaine étape :*');
    expect(all).not.toContain('**');
  });

  it('an image gets the polite text-only answer with an advisor offered; its caption is still read', async () => {
    const phone = person(4);
    await onboardedInFrench(phone);
    const plain = await exchange(phone, wa.imageMessage(phone).payload);
    expect(plain).toHaveLength(1);
    expect(plain[0]!.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: phone, type: 'interactive' });
    expect(interactive(plain[0]!).body.text).toContain('Je ne sais lire que les messages écrits');
    expect(interactive(plain[0]!).body.text).toContain('demandez un conseiller');
    expect(JSON.stringify(plain[0]!.body)).toContain('"id":"cmd.advisor"');
    // Outside a handoff, nothing of the photo is fetched.
    expect(graph.calls.filter((c) => c.method === 'GET')).toEqual([]);
    const captioned = await exchange(phone, wa.imageMessage(phone, 'numéro de la police').payload);
    clock.advance(1100); // the second reply waits its turn: one message per second per person
    await server.app.outbox.kick();
    const both = graph.sent(phone).slice(-2);
    expect(captioned).toHaveLength(1);
    expect(JSON.stringify(both.map((c) => c.body))).toMatch(/Je ne sais lire[\s\S]*19/);
    const voice = await exchange(phone, wa.voiceMessage(phone).payload);
    expect(JSON.stringify(voice[0]!.body)).toContain('Je ne sais lire que les messages écrits');
  });

  it('a shared location sets the province (with consent)', async () => {
    const phone = person(5);
    await onboardedInFrench(phone);
    const sent = await exchange(phone, wa.locationMessage(phone, 30.42, -9.6).payload);
    expect(JSON.stringify(sent[0]!.body)).toContain('Agadir');
  });

  it('the same message delivered again by Meta is answered once', async () => {
    const phone = person(6);
    const message = wa.textMessage(phone, 'bonjour');
    expect(await exchange(phone, message.payload)).toHaveLength(1);
    expect(await exchange(phone, message.payload)).toEqual([]);
    const receipts = await server.db.execute({ sql: "SELECT channel_message_id FROM inbound_receipts WHERE channel = 'whatsapp-cloud' AND channel_user_id = ?", args: [phone] });
    // One receipt, keyed by a hash of the wamid (which encodes the phone number).
    expect(receipts.rows.map((r) => r.channel_message_id)).toEqual([await receiptKey(message.id)]);
  });

  it('reactions, events for another business number and group messages are not answered', async () => {
    const phone = person(7);
    expect(await exchange(phone, wa.reactionMessage(phone, wa.wamid(phone)).payload)).toEqual([]);
    expect(await exchange(phone, wa.textMessage(phone, 'bonjour', { phoneNumberId: '999999999999999' }).payload)).toEqual([]);
    expect(await exchange(phone, wa.textMessage(phone, 'bonjour', { groupId: '120363041234567890' }).payload)).toEqual([]);
  });
});

describe('WhatsApp Cloud API signatures and bad requests', () => {
  it('a wrong, missing or replayed-on-other-body signature gets 401 JSON and nothing happens', async () => {
    const phone = person(8);
    const { payload } = wa.textMessage(phone, 'bonjour');
    const raw = JSON.stringify(payload);
    for (const signature of [wa.sign(raw, 'another-app-secret-0000000000000'), '', 'sha256=zz', wa.sign(`${raw} `, APP_SECRET), `sha1=${'0'.repeat(40)}`]) {
      const res = await post(raw, signature);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'bad or missing X-Hub-Signature-256' });
    }
    const unsigned = await fetch(`${server.url}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(unsigned.status).toBe(401);
    await server.app.outbox.kick();
    expect(graph.sent(phone)).toEqual([]);
    expect((await server.db.execute({ sql: 'SELECT count(*) AS n FROM inbound_receipts WHERE channel_user_id = ?', args: [phone] })).rows[0]?.n).toBe(0);
  });

  it('bad JSON or a body that is not a WhatsApp webhook gets a 400 (signed correctly), a huge body a 413, never a 5xx', async () => {
    expect((await post('{"object": ')).status).toBe(400);
    expect((await post({ object: 'page', entry: [] })).status).toBe(400);
    expect((await post('[1,2,3]')).status).toBe(400);
    const huge = JSON.stringify({ object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(70 * 1024) });
    expect((await post(huge)).status).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('WhatsApp Cloud API failures on our side', () => {
  it('a message that could not be recorded gets a 503, so that Meta delivers it again; then it is answered', async () => {
    const phone = person(16);
    await server.db.execute('CREATE TABLE IF NOT EXISTS test_wa_fail_flag (x)');
    await server.db.execute(
      "CREATE TRIGGER IF NOT EXISTS test_wa_fail_receipt BEFORE INSERT ON inbound_receipts WHEN (SELECT count(*) FROM test_wa_fail_flag) > 0 BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    );
    const message = wa.textMessage(phone, 'bonjour');
    await server.db.execute('INSERT INTO test_wa_fail_flag VALUES (1)');
    try {
      expect((await post(message.payload)).status).toBe(503);
    } finally {
      await server.db.execute('DELETE FROM test_wa_fail_flag');
      await server.db.execute('DROP TRIGGER test_wa_fail_receipt');
    }
    const sent = await exchange(phone, message.payload); // Meta's redelivery
    expect(sent).toHaveLength(1);
  });

  it('a turn that fails after the message was recorded still gets 200: it is retried by tawjih, not by Meta', async () => {
    const phone = person(17);
    await server.db.execute('CREATE TABLE IF NOT EXISTS test_wa_fail_flag (x)');
    await server.db.execute(
      "CREATE TRIGGER IF NOT EXISTS test_wa_fail_turn BEFORE INSERT ON messages WHEN (SELECT count(*) FROM test_wa_fail_flag) > 0 BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    );
    await server.db.execute('INSERT INTO test_wa_fail_flag VALUES (1)');
    try {
      expect((await post(wa.textMessage(phone, 'bonjour').payload)).status).toBe(200);
      expect(log.events()).toContain('turn.failed');
    } finally {
      await server.db.execute('DELETE FROM test_wa_fail_flag');
      await server.db.execute('DROP TRIGGER test_wa_fail_turn');
    }
    clock.advance(31_000);
    await server.loop.runOnce();
    expect(graph.sent(phone)).toHaveLength(1);
  });
});

describe('WhatsApp Cloud API delivery reports', () => {
  it('statuses update the outbox message: delivered, read, and never back', async () => {
    const phone = person(9);
    await exchange(phone, wa.textMessage(phone, 'bonjour').payload);
    const [sent] = await outboxOf(phone);
    const id = String(sent!.provider_message_id);
    for (const [status, expected] of [
      ['sent', 'sent'],
      ['delivered', 'delivered'],
      ['read', 'read'],
      ['delivered', 'read'], // a late report does not undo "read"
    ] as const) {
      expect((await post(wa.statusReport(id, phone, status))).status).toBe(200);
      expect((await outboxOf(phone))[0]).toMatchObject({ status: expected });
    }
  });

  it('a failed status marks the message failed with its error code', async () => {
    const phone = person(10);
    await exchange(phone, wa.textMessage(phone, 'bonjour').payload);
    const id = String((await outboxOf(phone))[0]!.provider_message_id);
    expect((await post(wa.statusReport(id, phone, 'failed', 131026))).status).toBe(200);
    expect((await outboxOf(phone))[0]).toMatchObject({ status: 'failed', last_error: 'whatsapp code 131026' });
    expect((await post(wa.statusReport('wamid.UNKNOWN0000', phone, 'read'))).status).toBe(200);
  });
});

describe('the 24-hour rule', () => {
  it('when Meta refuses a reply (131047), the template goes out in the person\'s language and the window is recorded closed', async () => {
    const phone = person(11);
    graph.closeWindow(phone); // Meta considers the last message from this person too old
    const sent = await exchange(phone, wa.textMessage(phone, 'السلام عليكم').payload);
    expect(sent.map((c) => c.body.type)).toEqual(['interactive', 'template']);
    expect(sent[1]!.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: phone, type: 'template', template: { name: TEMPLATE, language: { code: 'ar' } } });
    expect(await windowClosedAt(phone)).not.toBeNull();
    expect((await outboxOf(phone))[0]).toMatchObject({ status: 'failed', last_error: 'whatsapp 131047: 24-hour window closed; template sent' });

    // While the window is closed nothing more is tried (the template already went out).
    graph.openWindow(phone);
    await server.db.execute({
      sql: "INSERT INTO outbox (id, message_id, channel, recipient, payload, status, attempts, next_attempt_at, created_at) VALUES ('o_late', 'm_late', 'whatsapp-cloud', ?, ?, 'pending', 0, 0, 0)",
      args: [phone, JSON.stringify({ kind: 'text', text: 'Réponse du conseiller', dir: 'ltr', locale: 'fr' })],
    });
    clock.advance(1100);
    await server.app.outbox.kick();
    expect(graph.sent(phone)).toHaveLength(2);
    expect((await server.db.execute("SELECT status, last_error FROM outbox WHERE id = 'o_late'")).rows[0]).toMatchObject({ status: 'failed' });

    // The person writes back: the window is open, replies go out again.
    const back = await exchange(phone, wa.textMessage(phone, 'نعم').payload);
    expect(back).toHaveLength(1);
    expect(back[0]!.body.type).not.toBe('template');
    expect(await windowClosedAt(phone)).toBeNull();
  });

  it('a failed status with 131047 also sends the template, once', async () => {
    const phone = person(12);
    await exchange(phone, wa.textMessage(phone, 'bonjour').payload);
    const id = String((await outboxOf(phone))[0]!.provider_message_id);
    const report = wa.statusReport(id, phone, 'failed', 131047);
    expect((await post(report)).status).toBe(200);
    expect((await post(report)).status).toBe(200); // Meta delivers reports more than once
    const templates = graph.sent(phone).filter((c) => c.body.type === 'template');
    expect(templates.map((c) => c.body.template)).toEqual([{ name: TEMPLATE, language: { code: 'fr' } }]);
    expect(await windowClosedAt(phone)).not.toBeNull();
    expect((await outboxOf(phone))[0]).toMatchObject({ status: 'failed', last_error: 'whatsapp code 131047' });
  });
});

describe('WhatsApp Cloud API sending errors', () => {
  it('a 429 waits its Retry-After, then the message goes out', async () => {
    const phone = person(13);
    graph.failNext({ kind: 'rate', retryAfterSeconds: 3 });
    await exchange(phone, wa.textMessage(phone, 'bonjour').payload);
    expect(graph.sent(phone)).toHaveLength(1); // the refused attempt
    clock.advance(2000);
    await server.app.outbox.kick();
    expect(graph.sent(phone)).toHaveLength(1); // still waiting: Retry-After is 3 s
    clock.advance(1100);
    await server.app.outbox.kick();
    expect(graph.sent(phone)).toHaveLength(2);
    expect((await outboxOf(phone))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a refused token holds the replies (the admin is told once what to do) until Meta takes it again; another 400 is given up', async () => {
    const phone = person(14);
    graph.failNext({ kind: 'status', status: 401, code: 190 });
    await exchange(phone, wa.textMessage(phone, 'bonjour').payload);
    expect((await outboxOf(phone))[0]).toMatchObject({ status: 'pending', attempts: 0, last_error: 'whatsapp http 401 code 190' });
    expect(log.lines.filter((l) => l.event === 'channel.action_needed')).toEqual([
      { level: 'warn', event: 'channel.action_needed', fields: expect.objectContaining({ channel: 'whatsapp-cloud', reason: 'token_refused', hint: expect.stringContaining('WHATSAPP_TOKEN') }) },
    ]);
    expect(server.app.health.report().channels['whatsapp-cloud']).toMatchObject({ state: 'action_needed', reason: 'token_refused' });
    // Meta takes the token again (checked first, without sending anyone anything): the reply leaves, once.
    clock.advance(5000);
    await server.app.outbox.kick();
    expect(graph.sent(phone).filter((c) => c.accepted)).toHaveLength(1);
    expect((await outboxOf(phone))[0]).toMatchObject({ status: 'sent', attempts: 0 });
    expect(server.app.health.report().channels['whatsapp-cloud']).toMatchObject({ state: 'up' });

    const other = person(15);
    graph.failNext({ kind: 'status', status: 400, code: 131051 });
    await exchange(other, wa.textMessage(other, 'bonjour').payload);
    expect((await outboxOf(other))[0]).toMatchObject({ status: 'failed', last_error: 'whatsapp http 400 code 131051' });
  });
});

describe('privacy', () => {
  it('the profile name is stored nowhere, and no log carries a name, a phone number, a wamid or a message text', async () => {
    const all = JSON.stringify(log.lines);
    expect(all).not.toContain(wa.PROFILE_NAME);
    for (const phone of phones) {
      expect(all).not.toContain(phone);
      expect(all).not.toContain(Buffer.from(phone).toString('base64').slice(0, 12)); // inside a wamid
    }
    expect(all).not.toContain('wamid');
    expect(all).not.toContain('bonjour');
    expect(all).not.toContain('numéro de la police');
    const tables = await server.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    for (const t of tables.rows) {
      const rows = await server.db.execute(`SELECT * FROM "${String(t.name)}"`);
      expect(JSON.stringify(rows.rows), String(t.name)).not.toContain(wa.PROFILE_NAME);
    }
  });
});
