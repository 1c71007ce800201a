/**
 * The program pages' actions, through the forms and the admin JSON API, and what people see on
 * the bot: a workshop edited (the people registered told of a new date or place, in their
 * language, through the outbox), a campaign sent only after the admin confirmed its audience, no
 * "Register" for a full workshop, the workshop's languages named in the reader's language, and
 * every province's workshops for someone who gave no province of the region.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from './support/advisorClient.js';
import { FakeTelegramApi, FAKE_BOT } from './support/fakeTelegramApi.js';
import { ConsoleSession, seedPeople } from './support/programFixtures.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { ManualClock } from './support/testServer.js';
import * as tg from './support/telegramUpdates.js';
import { WebchatPerson } from './support/webchatPerson.js';
import { zonedToEpoch } from '../src/program/centerTime.js';

const TZ = 'Africa/Casablanca';
const SECRET = 'edits-secret-0123456789';
let server: TestApp;
let telegram: FakeTelegramApi;
let clock: ManualClock;
let admin: ConsoleSession;

beforeAll(async () => {
  telegram = await new FakeTelegramApi().start();
  clock = new ManualClock();
  clock.set(zonedToEpoch('2026-12-01', '09:00', TZ));
  server = await startTestApp(
    { RATE_LIMIT_PER_MINUTE: '1000', TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url, TELEGRAM_BOT_INFO: JSON.stringify(FAKE_BOT), TELEGRAM_WEBHOOK_SECRET: SECRET, PUBLIC_URL: 'https://tawjih.example.org' },
    { clock },
  );
  const who = await createAdvisor(server.db, 'Khadija', 'admin');
  admin = await new ConsoleSession(server).login(who.email, who.password);
});
afterAll(async () => {
  await server.close();
  await telegram.stop();
});

async function telegramSays(update: unknown): Promise<void> {
  clock.advance(1100);
  const res = await server.request('/telegram/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
  expect(res.status).toBe(200);
  await server.settle();
}
const telegramTexts = (chat: number) => telegram.sent(chat).map((c) => String(c.payload.text));
const telegramButtons = (chat: number, i = -1) =>
  ((telegram.sent(chat).at(i)?.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();

let n = 0;
async function webPerson(lang: 'Français' | 'العربية' | 'Español', province: RegExp): Promise<WebchatPerson> {
  const person = new WebchatPerson(server, `edits-web-${++n}-person`);
  await person.says('bonjour');
  await person.taps(lang);
  await person.taps(/^(J'accepte|أوافق|Acepto)$/);
  await person.taps(/^(Migrant au Maroc|مهاجر في المغرب|Migrante \(Marruecos\))$/);
  await person.taps(province);
  await person.taps(/^(Non merci|لا شكرا|No, gracias)$/);
  return person;
}

const api = (path: string, method: string, body?: unknown, csrf = true) =>
  server.request(`/admin/api${path}`, {
    method,
    headers: { cookie: admin.cookie, 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': admin.csrf } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('a workshop edited', () => {
  it('the people registered are told of the new date and place, each in their language; the reminder follows the new date', async () => {
    const id = await admin.createEvent({ title_fr: 'Atelier : le bail', title_ar: 'ورشة: عقد الكراء', place: 'Maison des jeunes', province: 'tiznit', date: '2026-12-05', time: '10:00', capacity: '20', languages: ['fr', 'ar'] });
    const amina = await webPerson('Français', /^Tiznit$/);
    const youssef = await webPerson('العربية', /^تيزنيت$/);
    const chat = 8_810_001;
    await telegramSays(tg.textUpdate(chat, 'bonjour'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.language.es'));
    await telegramSays(tg.callbackUpdate(chat, 'onboarding.privacy.accept'));
    for (const p of [amina, youssef]) await p.post({ choice: `ev.reg.${id}` });
    await telegramSays(tg.callbackUpdate(chat, `ev.reg.${id}`));
    expect(telegramTexts(chat).join('\n')).toContain('estás inscrito/a en «Atelier : le bail»');

    // The form shows the workshop as it is; the admin moves it to the Wednesday, in another place.
    const form = await (await admin.get(`/advisor/admin/workshops/${id}/edit`)).text();
    expect(form).toContain('value="2026-12-05"');
    expect(form).toContain('value="Maison des jeunes"');
    expect(form.replace(/&#39;/g, "'")).toContain('les 3 personnes inscrites sont prévenues');
    const before = telegram.sent(chat).length;
    const res = await admin.post(`/advisor/admin/workshops/${id}`, { title_fr: 'Atelier : le bail', title_ar: 'ورشة: عقد الكراء', place: 'Espace associatif Al Massira', province: 'tiznit', date: '2026-12-09', time: '15:30', capacity: '20', languages: ['fr', 'ar'] });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/advisor/admin/workshops/${id}?notified=3`);

    const fr = (await amina.poll()).at(-1)!;
    expect(fr.text).toContain('Changement pour « Atelier : le bail » : l\'atelier a désormais lieu mercredi 9 décembre à 15:30, Espace associatif Al Massira (Tiznit)');
    expect(fr.choices.map((c) => c.id)).toEqual([`ev.cancel.${id}`, 'cmd.menu']);
    const ar = (await youssef.poll()).at(-1)!;
    expect(ar).toMatchObject({ dir: 'rtl', locale: 'ar' });
    expect(ar.text).toContain('تغيير في «ورشة: عقد الكراء»');
    expect(ar.text).toContain('Espace associatif Al Massira');
    // Telegram: through the outbox, in Spanish (the French title: there is no Spanish one).
    clock.advance(1100);
    await server.settle();
    const es = telegramTexts(chat).slice(before);
    expect(es).toHaveLength(1);
    expect(es[0]).toContain('Cambio en «Atelier : le bail»: ahora tiene lugar miércoles, 9 de diciembre');
    expect(telegramButtons(chat).map((b) => b.callback_data)).toEqual([`ev.cancel.${id}`, 'cmd.menu']);

    // The reminder goes the day before the new date, not the old one.
    clock.set(zonedToEpoch('2026-12-04', '10:05', TZ));
    await server.loop.runOnce();
    expect((await amina.poll()).map((r) => r.text).join(' ')).not.toContain('Rappel');
    clock.set(zonedToEpoch('2026-12-08', '10:05', TZ));
    await server.loop.runOnce();
    expect((await amina.poll()).at(-1)!.text).toContain('Rappel : « Atelier : le bail » a lieu demain, mercredi 9 décembre à 15:30');
    const audit = await server.db.execute({ sql: "SELECT count(*) AS n FROM audit_log WHERE action = 'event:update' AND target = ?", args: [id] });
    expect(audit.rows[0]!.n).toBe(1);
    clock.set(zonedToEpoch('2026-12-01', '09:00', TZ));
  });

  it('a new title or more seats tell nobody; fewer seats than people registered is refused, saying why', async () => {
    const id = await admin.createEvent({ title_fr: 'Café des parents', place: 'École Al Amal', province: 'tiznit', date: '2026-12-06', time: '15:30', capacity: '2', languages: ['fr'] });
    const a = await webPerson('Français', /^Tiznit$/);
    const b = await webPerson('Français', /^Tiznit$/);
    for (const p of [a, b]) await p.post({ choice: `ev.reg.${id}` });
    const heard = (await a.poll()).length;
    const fields = { title_fr: 'Café des parents : la rentrée', place: 'École Al Amal', province: 'tiznit', date: '2026-12-06', time: '15:30', languages: ['fr'] };
    const refused = await admin.post(`/advisor/admin/workshops/${id}`, { ...fields, capacity: '1' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('2 personnes sont inscrites : le nombre de places ne peut pas descendre en dessous');
    const ok = await admin.post(`/advisor/admin/workshops/${id}`, { ...fields, capacity: '30' });
    expect(ok.headers.get('location')).toBe(`/advisor/admin/workshops/${id}?notified=0`);
    expect((await a.poll()).length).toBe(heard);
    const page = await (await admin.get(`/advisor/admin/workshops/${id}?notified=0`)).text();
    expect(page).toContain('Café des parents : la rentrée');
    expect(page).toContain('2 / 30');
  });

  it('the JSON API edits the same way (PATCH), and refuses without the CSRF token', async () => {
    // Spanish readers get the French title (es falls back to fr, then en).
    const created = await api('/workshops', 'POST', { titles: { fr: 'Permanence juridique', en: 'Legal advice desk' }, place: 'Centre', province: 'agadir-ida-outanane', date: '2026-12-12', time: '09:30', capacity: 10, languages: ['fr', 'en'] });
    expect(created.status).toBe(201);
    const { workshop } = (await created.json()) as { workshop: { id: string; date: string; time: string; status: string } };
    expect(workshop).toMatchObject({ date: '2026-12-12', time: '09:30', status: 'open' });
    const person = await webPerson('Español', /^Agadir Ida-Outanane$/);
    await person.post({ choice: `ev.reg.${workshop.id}` });
    expect((await api(`/workshops/${workshop.id}`, 'PATCH', { time: '11:00' }, false)).status).toBe(403);
    const patched = await api(`/workshops/${workshop.id}`, 'PATCH', { time: '11:00' });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ workshop: { time: '11:00', place: 'Centre', registered: 1 }, notified: 1 });
    expect((await person.poll()).at(-1)!.text).toContain('Cambio en «Permanence juridique»: ahora tiene lugar sábado, 12 de diciembre, 11:00, Centre (Agadir Ida-Outanane)');
    const bad = await api(`/workshops/${workshop.id}`, 'PATCH', { capacity: 0 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ key: 'program.errors.capacity', message: 'Seats are a whole number from 1 to 10,000.' }] });
    const detail = (await (await api(`/workshops/${workshop.id}`, 'GET')).json()) as { registrations: { pseudonym: string; locale: string }[] };
    expect(detail.registrations).toEqual([expect.objectContaining({ pseudonym: expect.stringMatching(/^P-[A-Z0-9]{4}-[A-Z0-9]{2}$/), locale: 'es' })]);
    expect(JSON.stringify(detail)).not.toContain(person.conversationId);
    expect((await api(`/workshops/${workshop.id}/cancel`, 'POST')).status).toBe(200);
    expect((await api(`/workshops/${workshop.id}`, 'PATCH', { time: '12:00' })).status).toBe(409);
  });
});

describe('what the bot shows of workshops', () => {
  it('names the languages in the reader\'s language', async () => {
    await admin.createEvent({ title_fr: 'Forum des droits', title_ar: 'منتدى الحقوق', place: 'Salle municipale', province: 'taroudant', date: '2026-12-15', time: '10:00', capacity: '50', languages: ['ar', 'fr', 'shi'] });
    const fr = await webPerson('Français', /^Taroudant$/);
    await fr.post({ choice: 'ev.list' }).then(({ json }) => (fr.last = json.replies!));
    fr.sees('arabe, français, tachelhit');
    const es = await webPerson('Español', /^Taroudant$/);
    await es.post({ choice: 'ev.list' }).then(({ json }) => (es.last = json.replies!));
    es.sees('árabe, francés, tashelhit');
    expect(es.text()).not.toContain('Français');
    const ar = await webPerson('العربية', /^تارودانت$/);
    await ar.post({ choice: 'ev.list' }).then(({ json }) => (ar.last = json.replies!));
    ar.sees('العربية، الفرنسية، تشلحيت');
  });

  it('someone who gave no province of the region (none, or abroad) is offered every province\'s workshops', async () => {
    const noConsent = new WebchatPerson(server, 'edits-no-province');
    await noConsent.says('salut');
    await noConsent.taps('Français');
    await noConsent.taps('Non, merci');
    await noConsent.post({ choice: 'ev.list' }).then(({ json }) => (noConsent.last = json.replies!));
    noConsent.sees('Prochains ateliers et événements dans le Souss-Massa');
    expect(noConsent.text()).not.toContain('votre province');
    expect(noConsent.choices().filter((c) => c.id.startsWith('ev.reg.'))).toHaveLength(3);
    const abroad = await webPerson('Français', /^À l'étranger$/);
    await abroad.post({ choice: 'ev.list' }).then(({ json }) => (abroad.last = json.replies!));
    abroad.sees('Prochains ateliers et événements dans le Souss-Massa');
    // Someone in a province where nothing is planned is still told so.
    const tata = await webPerson('Français', /^Tata$/);
    await tata.post({ choice: 'ev.list' }).then(({ json }) => (tata.last = json.replies!));
    tata.sees("Rien n'est prévu dans votre province pour l'instant");
  });

  it('a full workshop has no "Register": in the bot\'s list, and in a campaign announcing it', async () => {
    const id = await admin.createEvent({ title_fr: 'Atelier complet', place: 'Centre', province: 'chtouka-ait-baha', date: '2026-12-03', time: '10:00', capacity: '1', languages: ['fr'] });
    const first = await webPerson('Français', /^Chtouka-Aït Baha$/);
    await first.post({ choice: `ev.reg.${id}` });
    const second = await webPerson('Français', /^Chtouka-Aït Baha$/);
    await second.post({ choice: 'ev.list' }).then(({ json }) => (second.last = json.replies!));
    second.sees('Atelier complet');
    second.sees('Complet');
    expect(second.choices().map((c) => c.id)).not.toContain(`ev.reg.${id}`);

    // A campaign announcing it: the message goes without the button, and the admin is told.
    const readers = await seedPeople(server.db, 3, { channel: 'telegram', topics: ['workshops'], firstId: 8_820_000 });
    const campaign = await admin.createCampaign({ name: 'Annonce atelier complet', kind: 'news', text_fr: 'Atelier samedi au Centre.', topic: 'workshops', channels: ['telegram'], eventId: id });
    const page = await (await admin.get(`/advisor/admin/campaigns/${campaign}`)).text();
    expect(page).toContain('id="event-full"');
    expect((await admin.sendCampaign(campaign)).status).toBe(303);
    for (let i = 0; i < 10; i++) {
      clock.advance(1100);
      await server.loop.runOnce();
    }
    for (const r of readers) {
      const chat = Number(r.channelUserId);
      expect(telegramTexts(chat)).toEqual(['Atelier samedi au Centre.']);
      expect(telegramButtons(chat).map((b) => b.callback_data)).toEqual(['cmd.menu', 'cmd.stop']);
    }
  });
});

describe('"Send now" asks first', () => {
  it('shows the audience, sends nothing without the confirmation, and asks again when the audience changed', async () => {
    await seedPeople(server.db, 4, { channel: 'telegram', topics: ['rights'], firstId: 8_830_000 });
    await seedPeople(server.db, 2, { channel: 'webchat', topics: ['rights'] });
    const id = await admin.createCampaign({ name: 'Nouveauté droits', kind: 'news', text_fr: 'Nouvelle loi sur le séjour.', topic: 'rights' });
    const confirm = await admin.get(`/advisor/admin/campaigns/${id}/send`);
    const html = await confirm.text();
    expect(html).toContain('Le message part maintenant vers 6 personnes');
    expect(html).toContain('Telegram: 4');
    expect(html).toContain('Chat web: 2');
    expect(html).toContain('Oui, envoyer à 6 personnes');
    // The old one-click form (no confirmation): nothing is sent, the question is asked.
    const old = await admin.post(`/advisor/admin/campaigns/${id}/send`, {});
    expect(old.status).toBe(303);
    expect(old.headers.get('location')).toBe(`/advisor/admin/campaigns/${id}/send`);
    // Someone subscribed meanwhile: 6 is no longer the audience; nothing is sent, the page asks again.
    await seedPeople(server.db, 1, { channel: 'telegram', topics: ['rights'], firstId: 8_830_100 });
    const stale = await admin.post(`/advisor/admin/campaigns/${id}/send`, { confirm: 'yes', audience: '6' });
    expect(stale.status).toBe(409);
    expect((await stale.text()).replace(/&#39;/g, "'")).toContain("Le public a changé depuis : 6 personnes quand vous avez confirmé, 7 maintenant. Rien n'est parti");
    const api6 = await api(`/campaigns/${id}/send`, 'POST', { confirmAudience: 6 });
    expect(api6.status).toBe(409);
    expect(await api6.json()).toMatchObject({ audience: { total: 7, byChannel: { telegram: 5, webchat: 2 } } });
    const before = await server.db.execute({ sql: "SELECT status FROM campaigns WHERE id = ?", args: [id] });
    expect(before.rows[0]!.status).toBe('draft');
    expect((await api(`/campaigns/${id}/send`, 'POST', {})).status).toBe(400);
    const sent = await api(`/campaigns/${id}/send`, 'POST', { confirmAudience: 7 });
    expect(sent.status).toBe(200);
    const after = (await (await api(`/campaigns/${id}`, 'GET')).json()) as { campaign: { status: string; audienceCount: number } };
    expect(after.campaign).toMatchObject({ audienceCount: 7 });
    expect(['sending', 'sent']).toContain(after.campaign.status);
    const audit = await server.db.execute({ sql: "SELECT count(*) AS n FROM audit_log WHERE action = 'campaign:send' AND target = ?", args: [id] });
    expect(audit.rows[0]!.n).toBe(1);
  });
});
