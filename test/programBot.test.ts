/**
 * The program on the bot side, through the real web chat API: news opt-in (onboarding, "news" in
 * every language, stop), events near the person (register, full, cancel, reminder the day before
 * with a fake clock), and the impact survey (answers stored with no contact id).
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createAdvisor } from './support/advisorClient.js';
import { ConsoleSession } from './support/programFixtures.js';
import {ManualClock } from './support/testServer.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';
import { zonedToEpoch } from '../src/program/centerTime.js';

let server: TestApp;
let clock: ManualClock;
let admin: ConsoleSession;
const TZ = 'Africa/Casablanca';
// Tuesday 1 December 2026, 09:00 in Agadir (instants come from the tz database, as in the app).
const START = zonedToEpoch('2026-12-01', '09:00', TZ);

beforeAll(async () => {
  clock = new ManualClock();
  clock.set(START);
  server = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000' }, { clock, background: false });
  const who = await createAdvisor(server.db, 'Khadija', 'admin');
  admin = await new ConsoleSession(server).login(who.email, who.password);
});
afterAll(async () => server.close());

let n = 0;
async function onboarded(o: { lang?: 'Français' | 'العربية' | 'English' | 'Español'; province?: RegExp; news?: RegExp } = {}): Promise<WebchatPerson> {
  const person = new WebchatPerson(server, `program-bot-${++n}-person`);
  await person.says('bonjour');
  await person.taps(o.lang ?? 'Français');
  await person.taps(/^(J'accepte|أوافق|I agree|Acepto)$/);
  await person.taps(/^(Migrant au Maroc|مهاجر في المغرب|Migrant in Morocco|Migrante \(Marruecos\))$/);
  await person.taps(o.province ?? /^(Tiznit|تيزنيت)$/);
  await person.taps(o.news ?? /^(Non merci|لا شكرا|No thanks|No, gracias)$/);
  return person;
}

async function topicsOf(person: WebchatPerson): Promise<string[]> {
  const r = await server.db.execute({
    sql: 'SELECT s.topic FROM subscriptions s JOIN conversations v ON v.contact_id = s.contact_id WHERE v.channel_user_id = ? ORDER BY s.topic',
    args: [person.conversationId],
  });
  return r.rows.map((row) => String(row.topic));
}

describe('news: opt-in only, topic by topic', () => {
  it('onboarding asks after the province; "everything" subscribes to the three topics', async () => {
    const person = new WebchatPerson(server, 'program-onboarding-all');
    await person.says('bonjour');
    await person.taps('Français');
    await person.taps("J'accepte");
    await person.taps('Marocain du monde');
    await person.taps('Agadir Ida-Outanane');
    person.sees('Voulez-vous recevoir les nouvelles du Centre');
    expect(person.buttonLabels()).toEqual(['Ateliers', 'Droits (nouveautés)', 'Investissement', 'Tout recevoir', 'Non merci']);
    await person.taps('Tout recevoir');
    person.sees("C'est noté : vous recevrez ces nouvelles");
    person.sees('Comment puis-je vous aider ?');
    expect(await topicsOf(person)).toEqual(['investment', 'rights', 'workshops']);
    const r = await server.db.execute({ sql: 'SELECT c.subscribed FROM contacts c JOIN conversations v ON v.contact_id = c.id WHERE v.channel_user_id = ?', args: [person.conversationId] });
    expect(r.rows[0]?.subscribed).toBe(1);
  });

  it('"no thanks" subscribes to nothing; without consent the question is never asked', async () => {
    const no = await onboarded();
    expect(await topicsOf(no)).toEqual([]);
    const declined = new WebchatPerson(server, 'program-onboarding-declined');
    await declined.says('salut');
    await declined.taps('Français');
    await declined.taps('Non, merci');
    declined.sees('je ne garde pas de profil');
    expect(declined.text()).not.toContain('nouvelles du Centre');
    // Asking for news later: the privacy notice comes first.
    await declined.says('actualités');
    declined.sees('Avant de commencer');
    expect(declined.buttonLabels()).toEqual(["J'accepte", 'Non, merci']);
    await declined.taps('Non, merci');
    expect(await topicsOf(declined)).toEqual([]);
    await declined.says('actualités');
    await declined.taps("J'accepte");
    declined.sees('Quelles nouvelles du Centre voulez-vous recevoir');
    await declined.taps('Ateliers');
    expect(await topicsOf(declined)).toEqual(['workshops']);
  });

  it.each([
    ['Français', 'actualités', 'Quelles nouvelles du Centre', 'Ateliers', 'stop'],
    ['العربية', 'أخبار', 'ما هي أخبار المركز', 'الورشات', 'توقف'],
    ['English', 'news', 'Which news from the Center', 'Workshops', 'unsubscribe'],
    ['Español', 'noticias', '¿Qué noticias del Centro', 'Talleres', 'stop'],
  ] as const)('%s: "%s" opens the topics; "%s" later stops everything', async (lang, word, prompt, workshops, stop) => {
    const person = await onboarded({ lang });
    await person.says(word);
    person.sees(prompt);
    await person.taps(workshops);
    await person.says(word);
    await person.taps(/^(Droits \(nouveautés\)|مستجدات الحقوق|Rights updates|Novedades derechos)$/);
    expect(await topicsOf(person)).toEqual(['rights', 'workshops']);
    if (lang === 'العربية') expect(person.last.at(-1)!.dir).toBe('rtl');
    await person.says(stop);
    expect(await topicsOf(person)).toEqual([]);
    // "start" opens the topics again (Telegram's /start, or the word).
    await person.says('start');
    person.sees(prompt);
  });

  it('"delete my data" also erases subscriptions and registrations', async () => {
    const person = await onboarded({ news: /^Tout recevoir$/ });
    const event = await admin.createEvent({ title_fr: 'Permanence juridique', place: 'Centre', province: 'chtouka-ait-baha', date: '2026-12-20', time: '10:00', capacity: '5', languages: ['fr'] });
    await person.post({ choice: `ev.reg.${event}` });
    expect((await server.db.execute({ sql: 'SELECT count(*) AS n FROM registrations WHERE event_id = ?', args: [event] })).rows[0]?.n).toBe(1);
    const contact = String((await server.db.execute({ sql: 'SELECT contact_id FROM conversations WHERE channel_user_id = ?', args: [person.conversationId] })).rows[0]!.contact_id);
    expect((await server.db.execute({ sql: 'SELECT count(*) AS n FROM subscriptions WHERE contact_id = ?', args: [contact] })).rows[0]?.n).toBe(3);
    await person.says('supprimer mes données');
    await person.taps('Oui, effacer');
    for (const table of ['subscriptions', 'registrations']) {
      const r = await server.db.execute({ sql: `SELECT count(*) AS n FROM ${table} WHERE contact_id = ?`, args: [contact] });
      expect(r.rows[0]?.n, table).toBe(0);
    }
  });

  it('The Center menu has the news and the events, and every button there leads somewhere', async () => {
    const person = await onboarded();
    await person.taps('Le Centre');
    expect(person.buttonLabels()).toEqual(['À propos du Centre', 'Vos données', 'Ateliers, événements', 'Recevoir les infos', 'Un conseiller humain', 'Retour']);
    await person.taps('Recevoir les infos');
    person.sees('Quelles nouvelles');
    await person.taps('Tout arrêter');
    person.sees("vous ne recevrez plus d'actualités");
  });
});

describe('workshops and events near the person', () => {
  let tiznit: string;
  let tiny: string;
  let agadir: string;
  beforeAll(async () => {
    tiznit = await admin.createEvent({
      title_fr: 'Atelier : vos droits au travail',
      title_ar: 'ورشة: حقوقك في العمل',
      title_en: 'Workshop: your rights at work',
      place: 'Maison des jeunes',
      province: 'tiznit',
      date: '2026-12-05',
      time: '10:00',
      capacity: '20',
      languages: ['fr', 'ar'],
    });
    tiny = await admin.createEvent({ title_fr: 'Café des parents', place: 'École Al Amal', province: 'tiznit', date: '2026-12-06', time: '15:30', capacity: '1', languages: ['fr'] });
    agadir = await admin.createEvent({ title_fr: 'Forum régional des migrations', place: 'Palais des congrès', province: 'agadir-ida-outanane', date: '2026-12-10', time: '09:00', capacity: '300', languages: ['fr', 'ar', 'en'] });
  });

  it('lists the events of the person\'s province, registers with one tap, and says when', async () => {
    const person = await onboarded();
    await person.taps('Le Centre');
    await person.taps('Ateliers, événements');
    person.sees('Ateliers et événements près de chez vous');
    person.sees('Atelier : vos droits au travail');
    person.sees('Maison des jeunes (Tiznit)');
    person.sees('Places restantes : 20');
    expect(person.text()).not.toContain('Forum régional');
    expect(person.choices().map((c) => c.id)).toEqual([`ev.reg.${tiznit}`, `ev.reg.${tiny}`, 'cmd.menu']);
    expect(person.buttonLabels()).toEqual(["S'inscrire (1)", "S'inscrire (2)", 'Menu principal']);
    await person.taps("S'inscrire (1)");
    person.sees('vous êtes inscrit(e) à « Atelier : vos droits au travail »');
    person.sees('samedi 5 décembre');
    person.sees('10:00');
    person.sees('Je vous enverrai un rappel la veille');
    expect(person.buttonLabels()).toEqual(['Me désinscrire', 'Menu principal']);
    const r = await server.db.execute({ sql: 'SELECT status FROM registrations WHERE event_id = ?', args: [tiznit] });
    expect(r.rows.map((x) => x.status)).toEqual(['registered']);
    // Tapping again (an old button) does not register twice.
    await person.post({ choice: `ev.reg.${tiznit}` });
    expect((await server.db.execute({ sql: 'SELECT count(*) AS n FROM registrations WHERE event_id = ?', args: [tiznit] })).rows[0]?.n).toBe(1);
    // The list now says so, with a cancel button.
    await person.says('menu');
    await person.taps('Le Centre');
    await person.taps('Ateliers, événements');
    person.sees('✓ Vous êtes inscrit(e)');
    expect(person.buttonLabels()[0]).toBe('Annuler (1)');
  });

  it('in Arabic, right to left, with the Arabic title', async () => {
    const person = await onboarded({ lang: 'العربية' });
    await person.taps('عن المركز');
    await person.taps('الورشات والفعاليات');
    person.sees('ورشة: حقوقك في العمل');
    expect(person.last.at(-1)).toMatchObject({ dir: 'rtl', locale: 'ar' });
    expect(person.buttonLabels()[0]).toBe('التسجيل (1)');
  });

  it('a full event says so; the last seat goes to one person only', async () => {
    const first = await onboarded();
    const second = await onboarded();
    const [a, b] = await Promise.all([first.post({ choice: `ev.reg.${tiny}` }), second.post({ choice: `ev.reg.${tiny}` })]);
    const texts = [a.json.replies!.map((r) => r.text).join(' '), b.json.replies!.map((r) => r.text).join(' ')];
    expect(texts.filter((t) => t.includes('vous êtes inscrit(e)'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('est complet'))).toHaveLength(1);
    expect((await server.db.execute({ sql: "SELECT count(*) AS n FROM registrations WHERE event_id = ? AND status = 'registered'", args: [tiny] })).rows[0]?.n).toBe(1);
  });

  it('elsewhere in the region when nothing is planned in the province', async () => {
    const person = await onboarded({ province: /^Tata$/ });
    await person.taps('Le Centre');
    await person.taps('Ateliers, événements');
    person.sees('Rien n\'est prévu dans votre province pour l\'instant');
    person.sees('Forum régional des migrations');
  });

  it('without consent: the list is shown, registering asks for consent first', async () => {
    const person = new WebchatPerson(server, 'program-events-noconsent');
    await person.says('salut');
    await person.taps('Français');
    await person.taps('Non, merci');
    await person.post({ choice: 'ev.list' }).then(({ json }) => (person.last = json.replies!));
    person.sees('Forum régional des migrations');
    await person.taps("S'inscrire (1)");
    person.sees('Pour vous inscrire, je dois garder votre inscription');
    person.sees('Avant de commencer');
    const registered = async () =>
      (await server.db.execute({ sql: "SELECT count(*) AS n FROM registrations r JOIN conversations v ON v.contact_id = r.contact_id WHERE v.channel_user_id = 'program-events-noconsent' AND r.status = 'registered'" })).rows[0]?.n;
    expect(await registered()).toBe(0);
    // She agrees: the registration is made at once, then the rest of onboarding.
    await person.taps("J'accepte");
    person.sees('vous êtes inscrit');
    expect(await registered()).toBe(1);
    expect(person.buttonLabels()).toContain('Migrant au Maroc');
  });

  it('without consent, declining the notice after "register" registers nothing, and says so', async () => {
    const person = new WebchatPerson(server, 'program-events-declines');
    await person.says('salut');
    await person.taps('Français');
    await person.taps('Non, merci');
    await person.post({ choice: 'ev.list' }).then(({ json }) => (person.last = json.replies!));
    await person.taps("S'inscrire (1)");
    await person.taps('Non, merci');
    person.sees('Je ne vous ai donc pas inscrit');
    expect((await server.db.execute({ sql: "SELECT count(*) AS n FROM registrations r JOIN conversations v ON v.contact_id = r.contact_id WHERE v.channel_user_id = 'program-events-declines'" })).rows[0]?.n).toBe(0);
  });

  it('the reminder goes the day before at 10:00 (Agadir), once; cancel from the reminder frees the seat', async () => {
    onTestFinished(() => clock.set(START));
    const person = await onboarded();
    await person.post({ choice: `ev.reg.${agadir}` });
    // Forum on Thursday 10 December at 09:00: reminder on Wednesday 9 December at 10:00, Agadir time.
    clock.set(zonedToEpoch('2026-12-09', '09:58', TZ));
    await server.loop.runOnce();
    const before = await person.poll();
    expect(before.map((r) => r.text).join(' ')).not.toContain('Rappel');
    clock.set(zonedToEpoch('2026-12-09', '10:01', TZ));
    await server.loop.runOnce();
    await server.loop.runOnce();
    const after = await person.poll();
    const reminders = after.filter((r) => r.text.startsWith('Rappel'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain('« Forum régional des migrations » a lieu demain');
    expect(reminders[0]!.text).toContain('jeudi 10 décembre à 09:00');
    expect(reminders[0]!.choices.map((c) => c.id)).toEqual([`ev.cancel.${agadir}`, 'cmd.menu']);
    const row = await server.db.execute({ sql: 'SELECT reminded_at FROM registrations WHERE event_id = ? AND contact_id = (SELECT contact_id FROM conversations WHERE channel_user_id = ?)', args: [agadir, person.conversationId] });
    expect(row.rows[0]?.reminded_at).not.toBeNull();
    // "1" means the first button of the reminder: cancel.
    person.last = reminders;
    await person.says('1');
    person.sees('Votre inscription à « Forum régional des migrations » est annulée');
    const status = await server.db.execute({ sql: 'SELECT status FROM registrations WHERE event_id = ? AND contact_id = (SELECT contact_id FROM conversations WHERE channel_user_id = ?)', args: [agadir, person.conversationId] });
    expect(status.rows[0]?.status).toBe('cancelled');
  });

  it('the attendance list is a CSV of pseudonyms, no channel ids', async () => {
    const res = await admin.get(`/advisor/admin/workshops/${tiznit}/attendance.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const csv = await res.text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('pseudonym,language,channel,status,registered_at,reminded,present');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line).toMatch(/^P-[A-Z0-9]{4}-[A-Z0-9]{2},fr,webchat,registered,2026-12-01 \d\d:\d\d,no,$/);
    expect(csv).not.toContain('program-bot-');
    const audit = await server.db.execute({ sql: "SELECT action FROM audit_log WHERE target = ? AND action = 'event:export'", args: [tiznit] });
    expect(audit.rows).toHaveLength(1);
  });
});

describe('the impact survey', () => {
  it('goes out as a campaign; Likert, choices and a short text are stored without any contact id', async () => {
    const people = [await onboarded({ news: /^Ateliers$/ }), await onboarded({ news: /^Tout recevoir$/ })];
    const id = await admin.createCampaign({ name: 'Enquête 2026', kind: 'survey', survey: 'impact-survey', text_fr: 'Le Centre fait le point sur son année : 4 questions, anonymes.', topic: 'any' });
    expect((await admin.sendCampaign(id)).status).toBe(303);
    await server.loop.runOnce();
    const [p1, p2] = people as [WebchatPerson, WebchatPerson];
    const got = await p1.poll(p1.last.at(-1)!.id);
    expect(got).toHaveLength(1);
    expect(got[0]!.text).toContain('Le Centre fait le point sur son année');
    expect(got[0]!.text).toContain("L'aide du Centre vous a-t-elle été utile ?");
    expect(got[0]!.choices.map((c) => c.label)).toEqual(['1 - Pas du tout', '2 - Un peu', '3 - Moyennement', '4 - Beaucoup', '5 - Énormément']);
    p1.last = got;
    await p1.taps('4 - Beaucoup');
    p1.sees("Qu'est-ce que l'aide du Centre a changé pour vous");
    await p1.taps('Mes papiers');
    await p1.taps('Oui');
    p1.sees('que devrait améliorer le Centre');
    expect(p1.buttonLabels()).toEqual(['Passer']);
    await p1.says("Plus d'horaires le samedi à Tiznit, merci");
    p1.sees('Merci ! Vos réponses, anonymes');
    p1.sees('Comment puis-je vous aider ?');
    // The second person answers with typed numbers, and skips the comment.
    p2.last = await p2.poll(p2.last.at(-1)!.id);
    await p2.says('2');
    await p2.says('6');
    await p2.says('2');
    await p2.taps('Passer');
    p2.sees('Merci !');

    const answers = await server.db.execute("SELECT * FROM survey_answers WHERE survey = 'impact' ORDER BY id");
    expect(answers.columns.join(' ')).not.toMatch(/contact|conversation|user|channel_user/);
    // Who answered is only a part of each person's random key: two people, two values, no contact id.
    expect(new Set(answers.rows.map((r) => r.person)).size).toBe(2);
    const contacts = (await server.db.execute('SELECT id FROM contacts')).rows.map((r) => String(r.id));
    for (const r of answers.rows) expect(contacts).not.toContain(String(r.person));
    expect(answers.rows.map((r) => `${r.question}=${r.value}`)).toEqual([
      'useful=4',
      'changed=papers',
      'recommend=yes',
      "comment=Plus d'horaires le samedi à Tiznit, merci",
      'useful=2',
      'changed=nothing_yet',
      'recommend=maybe',
    ]);
    // Free text is kept like conversations (RETENTION_DAYS), the counts stay.
    expect(server.app.program!.freeTextQuestions()).toEqual([{ survey: 'impact', question: 'comment' }]);
    expect(await server.app.program!.deps.store.analytics.purgeSurveyText([{ survey: 'impact', question: 'comment' }], START - 1)).toBe(0);
    // The results page shows the counts (of fewer than 5 people: "<5"), and no one: one person's
    // comment is not shown until 5 people have written one.
    const page = await (await admin.get('/advisor/admin/surveys?from=2026-11-01&to=2026-12-31')).text();
    expect(page).not.toContain('horaires le samedi');
    expect(page).toContain("Les commentaires s&#39;affichent quand au moins 5 personnes en ont écrit un.");
    expect(page).toContain('<svg class="chart" id="survey-useful"');
    expect(page).not.toMatch(/>[1-4]<\/text>/);
    expect(page).not.toContain(p1.conversationId);
  });

  it('comments appear once 5 people wrote one: in the order of their text, without their time, digit runs masked', async () => {
    const people = await Promise.all([1, 2, 3, 4].map(() => onboarded({ news: /^Tout recevoir$/ })));
    const id = await admin.createCampaign({ name: 'Enquête 2026 (relance)', kind: 'survey', survey: 'impact-survey', text_fr: 'Le Centre fait le point sur son année : 4 questions, anonymes.', topic: 'any' });
    expect((await admin.sendCampaign(id)).status).toBe(303);
    await server.loop.runOnce();
    const comments = ['Appelez-moi au 06 61 23 45 67', 'Des ateliers à Tata', 'Merci pour tout', 'Un interprète en tachelhit'];
    for (const [i, p] of people.entries()) {
      p.last = await p.poll(p.last.at(-1)!.id);
      await p.taps('5 - Énormément');
      await p.taps('Mes papiers');
      await p.taps('Oui');
      await p.says(comments[i]!);
    }
    const page = await (await admin.get('/advisor/admin/surveys?from=2026-11-01&to=2026-12-31')).text();
    const list = /<ul id="comments">([\s\S]*?)<\/ul>/.exec(page)![1]!;
    const shown = [...list.matchAll(/<li dir="auto">([^<]*)/g)].map((m) => m[1]!.replace(/[\u2066-\u2069]/g, '').trim());
    expect(shown).toEqual(['Appelez-moi au ###', 'Des ateliers à Tata', 'Merci pour tout', 'Plus d&#39;horaires le samedi à Tiznit, merci', 'Un interprète en tachelhit']);
    expect(list).not.toMatch(/\d\d:\d\d|2026/);
    const stored = await server.db.execute("SELECT value FROM survey_answers WHERE question = 'comment'");
    expect(stored.rows.map((r) => r.value)).toContain('Appelez-moi au ###');
  });
});
