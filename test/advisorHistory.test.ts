import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { FakeTelegramApi, FAKE_BOT } from './support/fakeTelegramApi.js';
import { FakeGraphApi } from './support/fakeGraphApi.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { ManualClock } from './support/testServer.js';
import { WebchatPerson } from './support/webchatPerson.js';
import * as tg from './support/telegramUpdates.js';
import * as wa from './support/whatsappCloudPayloads.js';

const SECRET = 'history-secret-0123456789';
const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const VERIFY = 'verify-token-0123456789';
let telegram: FakeTelegramApi;
let graph: FakeGraphApi;
let app: TestApp;
let clock: ManualClock;
let advisor: AdvisorClient;

beforeAll(async () => {
  telegram = await new FakeTelegramApi().start();
  graph = await new FakeGraphApi().start();
  clock = new ManualClock();
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
      WHATSAPP_VERIFY_TOKEN: VERIFY,
      WHATSAPP_API_ROOT: graph.apiRoot,
      OFFICE_HOURS: 'mon-sun 00:00-24:00',
    },
    { clock },
  );
  const amina = await createAdvisor(app.db, 'Amina');
  advisor = new AdvisorClient(app);
  expect((await advisor.login(amina.email, amina.password)).status).toBe(200);
});
afterAll(async () => {
  await app.close();
  await telegram.stop();
  await graph.stop();
});

/** The advisor's view of the conversation: who said what, in order (a tap shows as "tapped: <label>"). */
async function advisorSees(ticketId: string): Promise<string[]> {
  const { status, json } = await advisor.get(`/tickets/${ticketId}`);
  expect(status).toBe(200);
  return json.ticket.history.map((m: { from: string; kind: string; text: string }) => `${m.from}${m.kind === 'text' ? '' : `[${m.kind}]`}: ${m.text}`);
}

async function claimTicket(channel: string): Promise<string> {
  const ticket = await advisor.waitingTicketFor((t) => t.channel === channel);
  expect(ticket, `a waiting ${channel} ticket`).toBeDefined();
  expect((await advisor.post(`/tickets/${ticket.id}/claim`)).status).toBe(200);
  return ticket.id;
}

describe('with an advisor on the web chat, five messages each way', () => {
  it('every message is kept once, and the advisor reads the whole conversation in the order it happened, taps included', async () => {
    const person = new WebchatPerson(app, 'history-web-0001');
    await person.says('bonjour');
    await person.taps('Français');
    await person.taps("J'accepte");
    await person.taps('Migrant au Maroc');
    await person.taps('Tiznit');
    await person.taps('Non merci');
    await person.says('comment renouveler ma carte de séjour');
    person.sees('carte de séjour');
    await person.taps('Pas ma question');
    await person.taps('Un conseiller humain');
    person.sees("J'ai transmis votre demande");
    const ticketId = await claimTicket('webchat');

    for (let i = 1; i <= 5; i++) {
      // The bot says nothing while the advisor has the conversation: the advisor answers.
      expect(await person.says(`message ${i} pour le conseiller`)).toEqual([]);
      expect((await advisor.post(`/tickets/${ticketId}/messages`, { text: `réponse ${i} du conseiller` })).status).toBe(200);
    }
    const fromAdvisor = (await person.poll()).filter((r) => r.author === 'advisor').map((r) => r.text);
    expect(fromAdvisor).toEqual([1, 2, 3, 4, 5].map((i) => `réponse ${i} du conseiller`));

    const seen = await advisorSees(ticketId);
    const persons = seen.filter((l) => l.startsWith('person'));
    expect(persons).toEqual([
      'person: bonjour',
      'person[tap]: Français',
      "person[tap]: J'accepte",
      'person[tap]: Migrant au Maroc',
      'person[tap]: Tiznit',
      'person[tap]: Non merci',
      'person: comment renouveler ma carte de séjour',
      'person[tap]: Pas ma question',
      'person[tap]: Un conseiller humain',
      ...[1, 2, 3, 4, 5].map((i) => `person: message ${i} pour le conseiller`),
    ]);
    // Each message comes before the answer to it: the question, then the article; then each exchange in turn.
    const at = (line: string) => seen.findIndex((l) => l.startsWith(line));
    expect(at('person: comment renouveler')).toBeLessThan(at('bot: **'));
    for (let i = 1; i <= 5; i++) {
      expect(at(`person: message ${i} `)).toBeLessThan(at(`advisor: réponse ${i} `));
      if (i < 5) expect(at(`advisor: réponse ${i} `)).toBeLessThan(at(`person: message ${i + 1} `));
    }
    // The console page shows the taps as such.
    const page = await (await app.request(`/advisor/tickets/${ticketId}`, { headers: { cookie: advisor.cookie, 'accept-language': 'fr' } })).text();
    expect(page).toContain('A touché : Pas ma question');
    await advisor.post(`/tickets/${ticketId}/close`, { outcome: 'answered' });
  });
});

describe('with an advisor on Telegram and WhatsApp, the second message and every later one', () => {
  const postTelegram = (u: unknown) =>
    app.request('/telegram/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(u) });
  const postWhatsApp = (payload: unknown) => {
    const body = JSON.stringify(payload);
    return app.request('/whatsapp/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(body, APP_SECRET) }, body });
  };

  it('Telegram: reaches the advisor, in order, and no message ends as a dead receipt', async () => {
    const chat = 7770001;
    for (const u of [tg.textUpdate(chat, 'bonjour'), tg.callbackUpdate(chat, 'onboarding.language.fr'), tg.callbackUpdate(chat, 'onboarding.privacy.decline'), tg.textUpdate(chat, 'conseiller')]) {
      clock.advance(1100);
      expect((await postTelegram(u)).status).toBe(200);
      await app.settle();
    }
    const ticketId = await claimTicket('telegram');
    for (let i = 1; i <= 4; i++) {
      clock.advance(1100);
      expect((await postTelegram(tg.textUpdate(chat, `telegram ${i}`))).status).toBe(200);
      await app.settle();
    }
    const seen = await advisorSees(ticketId);
    expect(seen.filter((l) => l.startsWith('person: telegram'))).toEqual(['person: telegram 1', 'person: telegram 2', 'person: telegram 3', 'person: telegram 4']);
    const receipts = await app.db.execute("SELECT status, count(*) AS n FROM inbound_receipts WHERE channel = 'telegram' GROUP BY status");
    expect(receipts.rows.map((r) => [r.status, Number(r.n)])).toEqual([['handled', 8]]);
    await advisor.post(`/tickets/${ticketId}/close`, { outcome: 'answered' });
  });

  it('WhatsApp Cloud: reaches the advisor, in order, button taps included', async () => {
    const phone = '212612340001';
    const steps = [wa.textMessage(phone, 'bonjour'), wa.buttonReply(phone, 'onboarding.language.fr', 'Français'), wa.buttonReply(phone, 'onboarding.privacy.decline', 'Non merci'), wa.textMessage(phone, 'conseiller')];
    for (const m of steps) {
      clock.advance(1100);
      expect((await postWhatsApp(m.payload)).status).toBe(200);
      await app.settle();
    }
    const ticketId = await claimTicket('whatsapp-cloud');
    for (let i = 1; i <= 4; i++) {
      clock.advance(1100);
      expect((await postWhatsApp(wa.textMessage(phone, `whatsapp ${i}`).payload)).status).toBe(200);
      await app.settle();
    }
    const seen = await advisorSees(ticketId);
    expect(seen.filter((l) => l.startsWith('person'))).toEqual([
      'person: bonjour',
      'person[tap]: Français',
      expect.stringMatching(/^person\[tap\]: /),
      'person: conseiller',
      'person: whatsapp 1',
      'person: whatsapp 2',
      'person: whatsapp 3',
      'person: whatsapp 4',
    ]);
    await advisor.post(`/tickets/${ticketId}/close`, { outcome: 'answered' });
  });

  it('a person who sends faster than the rate limit: every message is kept, none fails', async () => {
    const person = new WebchatPerson(app, 'history-rush-0001');
    await person.says('conseiller');
    for (let i = 1; i <= 25; i++) {
      const { status } = await person.post({ text: `vite ${i}` });
      expect(status).toBe(200);
    }
    const stored = await app.db.execute({
      sql: "SELECT m.text FROM messages m JOIN conversations v ON v.id = m.conversation_id WHERE v.channel_user_id = ? AND m.direction = 'in' ORDER BY m.seq",
      args: [person.conversationId],
    });
    expect(stored.rows.map((r) => r.text)).toEqual(['conseiller', ...Array.from({ length: 25 }, (_, i) => `vite ${i + 1}`)]);
  });
});
