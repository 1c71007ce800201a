import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { FakeTelegramApi } from './support/fakeTelegramApi.js';
import {ManualClock } from './support/testServer.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';
import * as tg from './support/telegramUpdates.js';

const SECRET = 'handoff-secret-0123456789';
let fake: FakeTelegramApi;
let server: TestApp;
let clock: ManualClock;
let amina: { email: string; password: string; name: string };
let yassine: { email: string; password: string; name: string };
let admin: { email: string; password: string; name: string };

beforeAll(async () => {
  fake = await new FakeTelegramApi().start();
  clock = new ManualClock();
  server = await startTestApp(
    {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://tawjih.example.org',
      TELEGRAM_ADVISORS_CHAT_ID: '-1001234567890',
      OFFICE_HOURS: 'mon-sun 00:00-24:00',
      HANDOFF_ESCALATE_MINUTES: '10',
    },
    { clock, background: false },
  );
  amina = await createAdvisor(server.db, 'Amina');
  yassine = await createAdvisor(server.db, 'Yassine');
  admin = await createAdvisor(server.db, 'Khadija', 'admin');
});
afterAll(async () => {
  await server.close();
  await fake.stop();
});

let n = 0;
async function personWantingAdvisor(lang: 'Français' | 'العربية' = 'Français'): Promise<WebchatPerson> {
  const person = new WebchatPerson(server, `handoff-person-${++n}`);
  await person.says('bonjour');
  await person.taps(lang);
  await person.taps(/^(J'accepte|أوافق)$/);
  await person.taps(/^(Migrant au Maroc|مهاجر في المغرب)$/);
  await person.taps(/^(Tiznit|تيزنيت)$/);
  await person.taps(/^(Non merci|لا شكرا)$/);
  await person.taps(/^(Un conseiller humain|التحدث مع مستشار)$/);
  return person;
}

async function signedIn(who: { email: string; password: string }): Promise<AdvisorClient> {
  const c = new AdvisorClient(server);
  expect((await c.login(who.email, who.password)).status).toBe(200);
  return c;
}

describe('the full handoff cycle on the web chat', () => {
  it('person asks, advisor claims, they talk, advisor closes, person rates', async () => {
    const person = await personWantingAdvisor();
    person.sees("J'ai transmis votre demande à un conseiller du Centre");
    const advisor = await signedIn(amina);

    const listed = await advisor.get('/tickets?status=waiting');
    expect(listed.status).toBe(200);
    const ticket = listed.json.tickets.find((t: any) => t.channel === 'webchat' && t.status === 'waiting');
    expect(ticket).toMatchObject({ locale: 'fr', channel: 'webchat', topic: 'general' });
    expect(ticket.pseudonym).toMatch(/^P-[A-Z0-9]{4}-[A-Z0-9]{2}$/);
    expect(JSON.stringify(listed.json)).not.toContain(person.conversationId);

    expect((await advisor.post(`/tickets/${ticket.id}/claim`)).status).toBe(200);
    const joined = await person.poll(person.last.at(-1)!.id);
    expect(joined.map((r) => r.text)).toEqual(['Un conseiller du Centre est avec vous. Écrivez votre message ici.']);

    // With an advisor, the bot stays silent: only the advisor answers.
    const silent = await person.says("J'ai perdu mon passeport et ma carte de séjour");
    expect(silent).toEqual([]);
    const detail = await advisor.get(`/tickets/${ticket.id}`);
    expect(detail.json.ticket).toMatchObject({ audience: 'migrant', province: 'tiznit', status: 'with_advisor', assignedName: 'Amina' });
    expect(detail.json.ticket.history.at(-1)).toMatchObject({ from: 'person', text: "J'ai perdu mon passeport et ma carte de séjour" });
    expect(detail.json.ticket.channelUserId).toBeUndefined();

    expect((await advisor.post(`/tickets/${ticket.id}/messages`, { text: 'Bonjour, allez au commissariat pour une déclaration de perte.' })).status).toBe(200);
    const fromAdvisor = await person.poll(joined.at(-1)!.id);
    expect(fromAdvisor).toEqual([expect.objectContaining({ author: 'advisor', text: 'Bonjour, allez au commissariat pour une déclaration de perte.', dir: 'ltr' })]);

    // "menu" still works; the ticket stays with the advisor.
    await person.says('menu');
    person.sees('Comment puis-je vous aider ?');
    expect((await advisor.get(`/tickets/${ticket.id}`)).json.ticket.status).toBe('with_advisor');

    expect((await advisor.post(`/tickets/${ticket.id}/notes`, { text: 'Orientée vers le commissariat de Tiznit' })).status).toBe(200);
    expect((await advisor.post(`/tickets/${ticket.id}/close`, { outcome: 'answered' })).status).toBe(200);
    const closing = await person.poll(person.last.at(-1)!.id);
    expect(closing.at(-1)!.text).toContain('Le conseiller a clôturé cette conversation');
    expect(closing.at(-1)!.choices.map((c) => c.label)).toEqual(['1 - Pas du tout', '2 - Un peu', '3 - Assez', '4 - Satisfait', '5 - Très satisfait']);
    person.last = closing;
    await person.says('5');
    person.sees('Merci pour votre réponse');
    const answers = await server.db.execute("SELECT * FROM survey_answers WHERE survey = 'csat'");
    expect(answers.rows.map((r) => r.value)).toContain('5');
    expect(answers.columns.join(' ')).not.toMatch(/contact|conversation/);

    // Back with the bot.
    await person.says('numéro de la police');
    person.sees('19');
    const audit = await server.db.execute({ sql: 'SELECT action FROM audit_log WHERE target = ? ORDER BY id', args: [ticket.id] });
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['claim', 'view', 'reply', 'note', 'close:answered']));
  });

  it('an Arabic reply from the advisor reads right to left', async () => {
    const person = await personWantingAdvisor('العربية');
    const advisor = await signedIn(yassine);
    const ticket = await advisor.waitingTicketFor((t) => t.locale === 'ar');
    await advisor.post(`/tickets/${ticket.id}/claim`);
    await advisor.post(`/tickets/${ticket.id}/messages`, { text: 'مرحبا، كيف يمكنني مساعدتك؟' });
    const replies = await person.poll();
    expect(replies.at(-1)).toMatchObject({ author: 'advisor', dir: 'rtl', text: 'مرحبا، كيف يمكنني مساعدتك؟' });
    await advisor.post(`/tickets/${ticket.id}/close`, { outcome: 'answered' });
  });

  it('the person can cancel their request', async () => {
    const person = await personWantingAdvisor();
    await person.taps('Annuler ma demande');
    person.sees('Votre demande est annulée');
    const r = await server.db.execute({ sql: "SELECT t.status, t.outcome FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = ?", args: [person.conversationId] });
    expect(r.rows[0]).toMatchObject({ status: 'closed', outcome: 'cancelled' });
  });

  it('asking for an advisor after a sensitive answer flags the ticket for a specialist', async () => {
    const person = new WebchatPerson(server, `handoff-sensitive-${++n}`);
    await person.says('bonjour');
    await person.taps('Français');
    await person.taps("J'accepte");
    await person.taps('Migrant au Maroc');
    await person.taps('Tiznit');
    await person.says('mon mari me frappe');
    await person.taps('Un conseiller humain');
    const r = await server.db.execute({ sql: 'SELECT t.sensitive, t.topic FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = ?', args: [person.conversationId] });
    expect(r.rows[0]).toMatchObject({ sensitive: 1, topic: 'violence-against-women' });
    const advisor = await signedIn(amina);
    const waiting = (await advisor.get('/tickets?status=waiting')).json.tickets;
    expect(waiting[0]).toMatchObject({ sensitive: true }); // sensitive tickets come first
  });
});

describe('the full cycle on Telegram', () => {
  it("the advisor's reply reaches the person through the Bot API", async () => {
    const post = (u: unknown) =>
      server.request(`/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(u) });
    const chat = 5550001;
    for (const u of [tg.textUpdate(chat, 'bonjour'), tg.callbackUpdate(chat, 'onboarding.language.fr'), tg.callbackUpdate(chat, 'onboarding.privacy.decline'), tg.textUpdate(chat, 'conseiller')]) {
      clock.advance(1100);
      expect((await post(u)).status).toBe(200);
      await server.app.assistant.idle();
      await server.app.outbox.kick();
    }
    expect(String(fake.sent(chat).at(-1)!.payload.text)).toContain("J'ai transmis votre demande");
    const advisor = await signedIn(amina);
    const ticket = await advisor.waitingTicketFor((t) => t.channel === 'telegram');
    await advisor.post(`/tickets/${ticket.id}/claim`);
    await advisor.post(`/tickets/${ticket.id}/messages`, { text: 'Bonjour, je suis Amina du Centre.' });
    clock.advance(1100);
    await server.app.outbox.kick();
    clock.advance(1100);
    await server.app.outbox.kick();
    const texts = fake.sent(chat).map((c) => String(c.payload.text));
    expect(texts.slice(-2)).toEqual(['Un conseiller du Centre est avec vous. Écrivez votre message ici.', 'Bonjour, je suis Amina du Centre.']);
    expect(JSON.stringify((await advisor.get(`/tickets/${ticket.id}`)).json)).not.toContain(String(chat));
    await advisor.post(`/tickets/${ticket.id}/close`, { outcome: 'no_response' });
  });
});

describe('claiming', () => {
  it('two advisors racing for one ticket: exactly one wins', async () => {
    await personWantingAdvisor();
    const a = await signedIn(amina);
    const b = await signedIn(yassine);
    const ticket = await a.waitingTicketFor();
    const results = await Promise.all([a.post(`/tickets/${ticket.id}/claim`), b.post(`/tickets/${ticket.id}/claim`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const events = await server.db.execute({ sql: "SELECT count(*) AS n FROM ticket_events WHERE ticket_id = ? AND kind = 'claimed'", args: [ticket.id] });
    expect(Number(events.rows[0]!.n)).toBe(1);
  });
});

describe('the advisor API refuses what it must', () => {
  it('without a session: 401 everywhere', async () => {
    const anon = new AdvisorClient(server);
    for (const path of ['/tickets?status=waiting', '/tickets/t_x', '/advisors', '/audit']) expect((await anon.get(path)).status).toBe(401);
    for (const path of ['/tickets/t_x/claim', '/tickets/t_x/messages', '/tickets/t_x/close']) expect((await anon.post(path, {})).status).toBe(401);
  });

  it('a wrong password: 401; five wrong attempts: 429', async () => {
    const c = new AdvisorClient(server);
    const target = await createAdvisor(server.db, 'Target');
    for (let i = 0; i < 5; i++) expect((await c.login(target.email, 'not the password')).status).toBe(401);
    const blocked = await c.login(target.email, target.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Only that account is slowed down, not the colleagues behind the same office address.
    expect((await new AdvisorClient(server).login(amina.email, amina.password)).status).toBe(200);
  });

  it('behind https, the session cookie is HttpOnly, SameSite=Strict and Secure', async () => {
    const res = await server.request(`/advisor/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: yassine.email, password: yassine.password }) });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^tawjih_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Secure');
  });

  it('the wrong role: 403', async () => {
    const advisor = await signedIn(amina);
    expect((await advisor.get('/audit')).status).toBe(403);
    const boss = await signedIn(admin);
    const audit = await boss.get('/audit');
    expect(audit.status).toBe(200);
    expect(audit.json.entries.length).toBeGreaterThan(0);
  });

  it('no CSRF token on a change: 403', async () => {
    const advisor = await signedIn(amina);
    expect((await advisor.post('/tickets/t_x/claim', {}, { csrf: null })).status).toBe(403);
    expect((await advisor.post('/tickets/t_x/claim', {}, { csrf: 'forged' })).status).toBe(403);
  });

  it("someone else's ticket: 403 (by role); a closed one: 409; unknown: 404; bad input: 400", async () => {
    await personWantingAdvisor();
    const a = await signedIn(amina);
    const b = await signedIn(yassine);
    const ticket = await a.waitingTicketFor();
    expect((await b.post(`/tickets/${ticket.id}/messages`, { text: 'not claimed yet' })).status).toBe(409);
    await a.post(`/tickets/${ticket.id}/claim`);
    expect((await b.post(`/tickets/${ticket.id}/messages`, { text: 'hello' })).status).toBe(403);
    expect((await b.post(`/tickets/${ticket.id}/close`, { outcome: 'answered' })).status).toBe(403);
    expect((await b.post(`/tickets/${ticket.id}/transfer`, { advisorId: 'x' })).status).toBe(400);
    expect((await a.post(`/tickets/${ticket.id}/close`, { outcome: 'solved-by-magic' })).status).toBe(400);
    expect((await a.post(`/tickets/${ticket.id}/messages`, { text: '' })).status).toBe(400);
    expect((await a.get('/tickets?status=everything')).status).toBe(400);
    expect((await a.get('/tickets/t_does_not_exist')).status).toBe(404);
    expect((await a.post('/tickets/t_does_not_exist/claim')).status).toBe(404);
    expect((await a.post(`/tickets/${ticket.id}/close`, { outcome: 'referred' })).status).toBe(200);
    expect((await a.post(`/tickets/${ticket.id}/messages`, { text: 'too late' })).status).toBe(409);
    expect((await a.post(`/tickets/${ticket.id}/claim`)).status).toBe(409);
    expect((await a.post(`/tickets/${ticket.id}/close`, { outcome: 'answered' })).status).toBe(409);
  });

  it('transfer gives the ticket to another advisor', async () => {
    await personWantingAdvisor();
    const a = await signedIn(amina);
    const b = await signedIn(yassine);
    const ticket = await a.waitingTicketFor();
    await a.post(`/tickets/${ticket.id}/claim`);
    const yassineId = (await a.get('/advisors')).json.advisors.find((x: any) => x.name === 'Yassine').id;
    expect((await a.post(`/tickets/${ticket.id}/transfer`, { advisorId: yassineId })).status).toBe(200);
    expect((await a.post(`/tickets/${ticket.id}/messages`, { text: 'still mine?' })).status).toBe(403);
    expect((await b.post(`/tickets/${ticket.id}/messages`, { text: 'Bonjour, je prends le relais.' })).status).toBe(200);
    expect((await b.get('/tickets?status=mine')).json.tickets.map((t: any) => t.id)).toContain(ticket.id);
    await b.post(`/tickets/${ticket.id}/close`, { outcome: 'follow_up' });
  });
});

describe('escalation', () => {
  it('a ticket nobody claims in 10 minutes is highlighted and posted to the advisors group', async () => {
    const person = await personWantingAdvisor();
    const before = fake.sent('-1001234567890').length;
    clock.advance(5 * 60_000);
    await server.loop.runOnce();
    expect(fake.sent('-1001234567890').length).toBe(before);
    clock.advance(6 * 60_000);
    await server.loop.runOnce();
    const posted = fake.sent('-1001234567890').slice(before);
    expect(posted.length).toBeGreaterThanOrEqual(1);
    // Named for advisors, not as ids ("general, fr, webchat").
    expect(String(posted.at(-1)!.payload.text)).toMatch(/Le ticket P-[A-Z0-9]{4}-[A-Z0-9]{2} attend depuis 1\d min \(Demande générale, Français, Chat web\)/);
    expect(String(posted.at(-1)!.payload.text)).not.toContain(person.conversationId);
    const r = await server.db.execute({ sql: 'SELECT t.escalated_at FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = ?', args: [person.conversationId] });
    expect(r.rows[0]!.escalated_at).not.toBeNull();
    // Escalated once, not at every pass.
    await server.loop.runOnce();
    expect(fake.sent('-1001234567890').length).toBe(before + posted.length);
  });
});

describe('office hours', () => {
  it('outside office hours, the person is told when an advisor will answer', async () => {
    const c = new ManualClock();
    c.set(Date.parse('2026-11-22T12:00:00Z')); // a Sunday in Agadir
    const s = await startTestApp({ OFFICE_HOURS: 'mon-fri 09:00-16:30' }, { clock: c, background: false });
    try {
      const person = new WebchatPerson(s, 'after-hours-person');
      await person.says('bonjour');
      await person.taps('Français');
      await person.taps('Non, merci');
      await person.says('conseiller');
      person.sees('Le Centre est fermé en ce moment');
      person.sees(/lundi.*09:00/);
      c.set(Date.parse('2026-11-23T10:00:00Z')); // Monday, open
      const p2 = new WebchatPerson(s, 'open-hours-person');
      await p2.says('bonjour');
      await p2.taps('Français');
      await p2.taps('Non, merci');
      await p2.says('conseiller');
      expect(p2.text()).not.toContain('Le Centre est fermé');
    } finally {
      await s.close();
    }
  });
});

describe('expected wait', () => {
  it('once advisors have claimed tickets, the person is told the usual wait', async () => {
    clock.advance(11_000);
    await server.loop.runOnce(); // refreshes the median wait of the last week
    const person = await personWantingAdvisor();
    person.sees(/Un conseiller répond d'habitude en (1 minute|[2-9]\d* minutes|1\d+ minutes) environ/);
  });
});
