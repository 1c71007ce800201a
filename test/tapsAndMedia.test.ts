import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { FakeTelegramApi, FAKE_BOT } from './support/fakeTelegramApi.js';
import { FakeGraphApi } from './support/fakeGraphApi.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { ManualClock, MemoryLogger } from './support/testServer.js';
import { WebchatPerson } from './support/webchatPerson.js';
import * as tg from './support/telegramUpdates.js';
import * as wa from './support/whatsappCloudPayloads.js';

const SECRET = 'taps-secret-0123456789';
const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let telegram: FakeTelegramApi;
let graph: FakeGraphApi;
let app: TestApp;
let clock: ManualClock;
let log: MemoryLogger;

beforeAll(async () => {
  telegram = await new FakeTelegramApi().start();
  graph = await new FakeGraphApi().start();
  clock = new ManualClock();
  log = new MemoryLogger();
  app = await startTestApp(
    {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_BOT_INFO: JSON.stringify(FAKE_BOT),
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://tawjih.example.org',
      WHATSAPP_TOKEN: graph.token,
      WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify-token-0123456789',
      WHATSAPP_API_ROOT: graph.apiRoot,
    },
    { clock, log },
  );
});
afterAll(async () => {
  await app.close();
  await telegram.stop();
  await graph.stop();
});

async function telegramSays(update: ReturnType<typeof tg.textUpdate> | ReturnType<typeof tg.callbackUpdate> | ReturnType<typeof tg.photoUpdate>) {
  clock.advance(1100);
  const res = await app.request('/telegram/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  await app.settle();
  return body;
}
const telegramTexts = (chat: number) => telegram.sent(chat).map((c) => String(c.payload.text));
const telegramButtons = (chat: number) =>
  ((telegram.sent(chat).at(-1)?.payload.reply_markup as { inline_keyboard: { text: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.text);

async function whatsappSays(m: { payload: unknown }) {
  clock.advance(1100);
  const body = JSON.stringify(m.payload);
  const res = await app.request('/whatsapp/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(body, APP_SECRET) }, body });
  expect(res.status).toBe(200);
  await app.settle();
}
const whatsappSent = (phone: string) => graph.calls.filter((c) => c.body.to === phone).map((c) => c.body);
const whatsappText = (m: Record<string, unknown>) => String((m.text as { body?: string } | undefined)?.body ?? ((m.interactive as { body?: { text?: string } } | undefined)?.body?.text ?? ''));

describe('a tap on an old or unknown button', () => {
  it('Telegram: an unknown button is acknowledged and answered with the current menu, in French', async () => {
    const chat = 8880001;
    await telegramSays(tg.textUpdate(chat, 'bonjour'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.language.fr'));
    const current = telegramButtons(chat);
    const ack = await telegramSays(tg.callbackUpdate(chat, 'rights.gone.away'));
    // The spinner stops in the webhook's own answer.
    expect(ack).toMatchObject({ method: 'answerCallbackQuery' });
    expect(telegramTexts(chat).at(-1)).toContain("Ce menu n'est plus à jour");
    expect(telegramButtons(chat)).toEqual(current);
  });

  it('Telegram: an old "I decline" after accepting changes nothing, and says so', async () => {
    const chat = 8880002;
    await telegramSays(tg.textUpdate(chat, 'bonjour'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.language.fr'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.privacy.accept'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.audience.migrant'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.province.tiznit'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.privacy.decline'));
    expect(telegramTexts(chat).at(-1)).toContain("Ce menu n'est plus à jour");
    const stored = await app.db.execute({ sql: 'SELECT c.consent_at, c.province FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel_user_id = ?', args: [String(chat)] });
    expect(stored.rows[0]!.consent_at).not.toBeNull();
    expect(stored.rows[0]!.province).toBe('tiznit');
  });

  it('Telegram: an old link to a menu or an article still works', async () => {
    const chat = 8880003;
    await telegramSays(tg.textUpdate(chat, 'bonjour'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.language.fr'));
    await telegramSays(tg.callbackUpdate(chat, 'kb.show.emergency-numbers'));
    expect(telegramTexts(chat).at(-1)).toContain('19');
    await telegramSays(tg.callbackUpdate(chat, 'cmd.menu'));
    expect(telegramTexts(chat).at(-1)).toContain('Comment puis-je vous aider');
  });

  it('WhatsApp Cloud: an unknown button or list row is answered with the current menu', async () => {
    const phone = '212612350001';
    await whatsappSays(wa.textMessage(phone, 'bonjour'));
    await whatsappSays(wa.listReply(phone, 'onboarding.language.fr', 'Français'));
    const before = whatsappSent(phone).length;
    await whatsappSays(wa.buttonReply(phone, 'old.menu.button', 'Vieux bouton'));
    await whatsappSays(wa.listReply(phone, 'news.topics.ghost', 'Fantôme'));
    const answers = whatsappSent(phone).slice(before);
    expect(answers).toHaveLength(2);
    for (const a of answers) expect(whatsappText(a)).toContain("Ce menu n'est plus à jour");
  });

  it('web chat: an old "yes, delete" is not an erasure', async () => {
    const person = new WebchatPerson(app, 'taps-web-delete-01');
    await person.says('bonjour');
    await person.taps('Français');
    await person.says('supprimer mes données');
    await person.taps('Non, garder');
    const { status, json } = await person.post({ choice: 'del.yes' });
    expect(status).toBe(200);
    expect(json.replies!.map((r) => r.text).join('\n')).toContain("Ce menu n'est plus à jour");
    expect((await person.history()).length).toBeGreaterThan(5);
  });
});

describe('a photo, a voice note, a location or a contact card as the very first message', () => {
  it('Telegram photo: "I can only read text", then the welcome and the languages', async () => {
    const chat = 8880101;
    await telegramSays(tg.photoUpdate(chat));
    const first = telegramTexts(chat)[0]!;
    expect(first).toContain('Je ne sais lire que les messages écrits');
    expect(first).toContain('Bienvenue sur tawjih');
    expect(telegramButtons(chat)).toContain('Français');
  });

  it('WhatsApp: a voice note, a contact card and a location each get their reply before the welcome', async () => {
    for (const [phone, message, expected] of [
      // No language hint on WhatsApp: the default language (French) until the person chooses.
      ['212612350101', wa.voiceMessage('212612350101'), 'Je ne sais lire que les messages écrits'],
      ['212612350102', wa.contactsMessage('212612350102'), 'Je ne sais lire que les messages écrits'],
      ['212612350103', wa.locationMessage('212612350103', 29.7, -9.73), 'Je ne garde pas votre position'],
    ] as const) {
      await whatsappSays(message);
      const sent = whatsappSent(phone);
      expect(sent.length, phone).toBeGreaterThan(0);
      const text = sent.map(whatsappText).join('\n');
      expect(text).toContain(expected);
      expect(text).toContain('Bienvenue sur tawjih');
    }
    const stored = await app.db.execute("SELECT kind, text FROM messages WHERE direction = 'in' AND kind IN ('audio', 'other', 'location')");
    expect(stored.rows.map((r) => [r.kind, r.text])).toEqual(expect.arrayContaining([['audio', null], ['other', null], ['location', null]]));
    // Neither the contact card's number nor the coordinates are kept anywhere.
    for (const table of ['messages', 'inbound_receipts', 'conversations', 'outbox']) {
      const dump = JSON.stringify((await app.db.execute(`SELECT * FROM ${table}`)).rows);
      expect(dump, table).not.toContain('600 00 00 00');
      expect(dump, table).not.toContain('-9.73');
    }
  });
});

describe('a message that fails every time', () => {
  it('is kept, marked for the advisors, logged as an error, and the person is told instead of silence', async () => {
    const person = new WebchatPerson(app, 'taps-web-fails-01');
    await person.says('bonjour');
    await person.taps('Français');
    // The disk refuses the menu's reply, whatever happens (a real SQLite failure in the commit).
    await app.db.execute(`CREATE TRIGGER refuse_menu BEFORE INSERT ON messages WHEN NEW.direction = 'out' AND NEW.text LIKE '%Comment puis-je vous aider%'
      BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    try {
      const { status } = await person.post({ text: 'menu', messageId: 'fails-1' });
      expect(status).toBe(500);
      for (let i = 0; i < 6; i++) {
        clock.advance(31_000);
        await app.loop.runOnce();
      }
    } finally {
      await app.db.execute('DROP TRIGGER refuse_menu');
    }
    const replies = await person.poll();
    expect(replies.at(-1)!.text).toContain("je n'ai pas pu traiter votre dernier message");
    expect(replies.at(-1)!.choices.map((c) => c.label)).toEqual(['Menu principal', 'Un conseiller humain']);
    const kept = await app.db.execute({
      sql: "SELECT m.text, m.failed_at FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = ? AND m.direction = 'in' AND m.text = 'menu'",
      args: [person.conversationId],
    });
    expect(kept.rows).toHaveLength(1);
    expect(kept.rows[0]!.failed_at).not.toBeNull();
    expect(log.lines.find((l) => l.event === 'turn.gave_up')).toMatchObject({ level: 'error' });
    // And the conversation goes on.
    await person.says('menu');
    person.sees('Comment puis-je vous aider');
    // An advisor who later opens the conversation sees the message, marked.
    await person.says('conseiller');
    const amina = await createAdvisor(app.db, 'Amina');
    const advisor = new AdvisorClient(app);
    await advisor.login(amina.email, amina.password);
    const ticket = await advisor.waitingTicketFor((t) => t.channel === 'webchat');
    const { json } = await advisor.get(`/tickets/${ticket.id}`);
    expect(json.ticket.history.filter((m: { failed: boolean }) => m.failed).map((m: { text: string }) => m.text)).toEqual(['menu']);
    const page = await (await app.request(`/advisor/tickets/${ticket.id}`, { headers: { cookie: advisor.cookie } })).text();
    expect(page.replace(/&#39;/g, "'")).toContain("Ce message n'a pas pu être traité");
  });
});

describe('WhatsApp users who hide their number behind a username', () => {
  it('are answered through their business-scoped user id, and never stored under a phone number', async () => {
    const bsuid = 'MA.1502576394655843';
    await whatsappSays(wa.usernameTextMessage(bsuid, '@aminata.d', 'bonjour'));
    const sent = graph.sent(bsuid);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]!.body).toMatchObject({ recipient: bsuid, recipient_type: 'individual' });
    expect(sent[0]!.body.to).toBeUndefined();
    expect(whatsappText(sent[0]!.body)).toContain('Bienvenue sur tawjih');
    // A tap is answered the same way.
    await whatsappSays({ payload: JSON.parse(JSON.stringify(wa.usernameTextMessage(bsuid, '@aminata.d', 'Français').payload)) });
    expect(graph.sent(bsuid).length).toBeGreaterThan(sent.length);
    const v = await app.db.execute("SELECT channel_user_id FROM conversations WHERE channel = 'whatsapp-cloud' AND channel_user_id LIKE 'MA.%'");
    expect(v.rows.map((r) => r.channel_user_id)).toEqual([bsuid]);
    // The username is never stored.
    for (const table of ['messages', 'inbound_receipts', 'conversations', 'contacts', 'outbox']) {
      expect(JSON.stringify((await app.db.execute(`SELECT * FROM ${table}`)).rows), table).not.toContain('aminata.d');
    }
  });
});

describe('edited messages, one rule on both channels', () => {
  it('WhatsApp: an edit is read as a new message and answered; the advisor sees it marked as a correction', async () => {
    const phone = '212612350201';
    await whatsappSays(wa.textMessage(phone, 'bonjour'));
    await whatsappSays(wa.buttonReply(phone, 'onboarding.language.fr', 'Français'));
    const original = wa.textMessage(phone, 'numero de la polise');
    await whatsappSays(original);
    const before = whatsappSent(phone).length;
    await whatsappSays(wa.editMessage(phone, original.id, 'numéro de la police'));
    const answers = whatsappSent(phone).slice(before);
    // Answered: the emergency numbers, shown or first of the articles offered (a list row to tap).
    expect(JSON.stringify(answers)).toMatch(/kb\.(more|show)\.emergency-numbers/);
    const stored = await app.db.execute({ sql: "SELECT kind, text FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = ? AND m.direction = 'in' ORDER BY m.seq", args: [phone] });
    expect(stored.rows.slice(-2).map((r) => [r.kind, r.text])).toEqual([
      ['text', 'numero de la polise'],
      ['edit', 'numéro de la police'],
    ]);
  });
});
