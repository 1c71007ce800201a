import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';
import { cancelsRequest, webchatAsksAdvisor } from './support/consoleFixtures.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { ManualClock } from './support/testServer.js';
import type { WebchatPerson } from './support/webchatPerson.js';

/**
 * The advisor console's queue through its JSON API, as an advisor's day uses it: find a person
 * (by pseudonym, by what they wrote, by topic or province, in any language), narrow the queue,
 * see what is new, and read why a ticket ended.
 */
let app: TestApp;
let clock: ManualClock;
let amina: AdvisorClient;
let yassine: AdvisorClient;
let fatima: WebchatPerson; // French, Tiznit, sensitive (violence), "passeport"
let omar: WebchatPerson; // Arabic, Inezgane
let lucia: WebchatPerson; // Spanish, Agadir
const ticketOf = new Map<WebchatPerson, any>();

async function signedIn(name: string): Promise<AdvisorClient> {
  const who = await createAdvisor(app.db, name);
  const c = new AdvisorClient(app);
  expect((await c.login(who.email, who.password)).status).toBe(200);
  return c;
}

const ids = (r: { json: { tickets: { id: string }[] } }) => r.json.tickets.map((t) => t.id).sort();
const idsOf = (...people: WebchatPerson[]) => people.map((p) => ticketOf.get(p).id).sort();
const search = (c: AdvisorClient, q: string, more = '') => c.get(`/tickets?status=all&q=${encodeURIComponent(q)}${more}`);

beforeAll(async () => {
  clock = new ManualClock();
  app = await startTestApp({ OFFICE_HOURS: 'mon-sun 00:00-24:00' }, { clock });
  fatima = await webchatAsksAdvisor(app, 'queue-fatima', { language: 'Français', province: 'Tiznit', question: 'mon mari me frappe', message: "Il a pris mon passeport.\nJe suis chez ma sœur." });
  clock.advance(60_000);
  omar = await webchatAsksAdvisor(app, 'queue-omar', { language: 'العربية', province: 'إنزكان آيت ملول', message: 'ضاع مني جواز السفر، ماذا أفعل؟' });
  clock.advance(60_000);
  lucia = await webchatAsksAdvisor(app, 'queue-lucia', { language: 'Español', province: 'Agadir Ida-Outanane', message: 'Necesito renovar mi tarjeta de residencia' });
  amina = await signedIn('Amina');
  yassine = await signedIn('Yassine');
  const all = (await amina.get('/tickets?status=all')).json.tickets;
  ticketOf.set(fatima, all.find((t: any) => t.locale === 'fr'));
  ticketOf.set(omar, all.find((t: any) => t.locale === 'ar'));
  ticketOf.set(lucia, all.find((t: any) => t.locale === 'es'));
});
afterAll(async () => {
  await app.close();
});

describe('searching the queue', () => {
  it('finds a person by their pseudonym, whole or in part', async () => {
    const pseudonym: string = ticketOf.get(omar).pseudonym;
    expect(ids(await search(amina, pseudonym))).toEqual(idsOf(omar));
    expect(ids(await search(amina, pseudonym.slice(2, 6).toLowerCase()))).toContain(ticketOf.get(omar).id);
  });

  it("finds words of the conversation (the person's, not the bot's boilerplate)", async () => {
    expect(ids(await search(amina, 'passeport'))).toEqual(idsOf(fatima));
    expect(ids(await search(amina, 'جواز'))).toEqual(idsOf(omar));
    expect(ids(await search(amina, 'tarjeta'))).toEqual(idsOf(lucia));
    // Every person was told "Votre message a été transmis…": the bot's words find nobody.
    expect(ids(await search(amina, 'transmis'))).toEqual([]);
  });

  it("finds a topic by its name in any language, and a province by its name or its Arabic name", async () => {
    for (const q of ['violences', 'Violence against women', 'العنف']) expect(ids(await search(amina, q)), q).toEqual(idsOf(fatima));
    expect(ids(await search(amina, 'inezgane'))).toEqual(idsOf(omar));
    expect(ids(await search(amina, 'تيزنيت'))).toEqual(idsOf(fatima));
    expect(ids(await search(amina, 'Aït Melloul'))).toEqual(idsOf(omar));
  });

  it('a word that is nowhere finds nothing (not a letter it shares with a name)', async () => {
    for (const q of ['zzz', 'xq', 'ttt']) expect(ids(await search(amina, q)), q).toEqual([]);
  });

  it('every word must match: "passeport tiznit" finds Fatima, "passeport inezgane" nobody', async () => {
    expect(ids(await search(amina, 'passeport tiznit'))).toEqual(idsOf(fatima));
    expect(ids(await search(amina, 'passeport inezgane'))).toEqual([]);
  });
});

describe('filtering the queue', () => {
  it('sensitive, channel and language filters; waiting and mine', async () => {
    expect(ids(await amina.get('/tickets?sensitive=1'))).toEqual(idsOf(fatima));
    expect(ids(await amina.get('/tickets?language=ar'))).toEqual(idsOf(omar));
    expect(ids(await amina.get('/tickets?channel=webchat'))).toEqual(idsOf(fatima, omar, lucia));
    expect(ids(await amina.get('/tickets?channel=telegram'))).toEqual([]);
    expect((await amina.get('/tickets?channel=fax')).status).toBe(400);
    expect((await amina.get('/tickets?language=xx')).status).toBe(400);
    expect(ids(await amina.get('/tickets?status=mine'))).toEqual([]);
  });
});

describe('what is new', () => {
  it("unread: the person's messages since the advisor last read the ticket, for each advisor", async () => {
    const id = ticketOf.get(omar).id;
    const unread = async (c: AdvisorClient) => (await c.get('/tickets')).json.tickets.find((t: any) => t.id === id).unread;
    expect(await unread(amina)).toBe(1); // the message after the request
    expect((await amina.get(`/tickets/${id}`)).status).toBe(200);
    expect(await unread(amina)).toBe(0);
    expect(await unread(yassine)).toBe(1);
    await omar.says('عندي وصل الشرطة');
    await omar.says('وشهادة السكنى');
    expect(await unread(amina)).toBe(2);
    // Once claimed, "My conversations" counts the tickets with something new.
    expect((await amina.post(`/tickets/${id}/claim`)).status).toBe(200);
    expect((await amina.get('/tickets')).json.counts).toMatchObject({ mine: 1, mineUnread: 1 });
    await amina.get(`/tickets/${id}`);
    expect((await amina.get('/tickets?status=mine')).json.counts).toMatchObject({ mine: 1, mineUnread: 0 });
  });

  it("the last message: the person's latest words and when (not the bot's acknowledgement)", async () => {
    const t = (await amina.get('/tickets?status=all')).json.tickets.find((x: any) => x.id === ticketOf.get(fatima).id);
    expect(t.last).toMatchObject({ from: 'person', kind: 'text', text: "Il a pris mon passeport.\nJe suis chez ma sœur." });
    expect(t.lastMessageAt).toBe(t.last.at);
  });
});

describe("ids in the advisor's language", () => {
  it('topic, province, language, channel: named in French, English and Arabic, never as ids', async () => {
    const id = ticketOf.get(fatima).id;
    const labels = async (lang: string) => (await amina.get(`/tickets?status=all&lang=${lang}`)).json.tickets.find((t: any) => t.id === id).labels;
    expect(await labels('fr')).toMatchObject({ topic: "Violences faites aux femmes : protection et où trouver de l'aide (loi 103-13)", province: 'Tiznit', language: 'Français', channel: 'Chat web' });
    expect(await labels('en')).toMatchObject({ topic: 'Violence against women: protection and where to get help (Loi 103-13)', language: 'French', channel: 'Web chat' });
    expect(await labels('ar')).toMatchObject({ topic: 'العنف ضد النساء: الحماية وأين تجدين المساعدة (القانون 103.13)', province: 'تيزنيت', language: 'الفرنسية' });
    const omarLabels = (await amina.get('/tickets?status=all&lang=en')).json.tickets.find((t: any) => t.id === ticketOf.get(omar).id).labels;
    expect(omarLabels).toMatchObject({ topic: 'General request', province: 'Inezgane-Aït Melloul', language: 'Arabic' });
  });
});

describe('how a ticket ended, and timers that stop', () => {
  it('"Closed by Amina: referred to a partner"; the time it took stays what it was', async () => {
    const id = ticketOf.get(omar).id;
    expect((await amina.post(`/tickets/${id}/close`, { outcome: 'referred' })).status).toBe(200);
    const closed = (await amina.get(`/tickets/${id}?lang=en`)).json.ticket;
    expect(closed.labels.ended).toBe('Closed by Amina: Referred to a partner');
    expect(closed.closedByName).toBe('Amina');
    expect(closed.unread).toBe(0);
    const state = closed.labels.state;
    clock.advance(45 * 60_000);
    expect((await amina.get(`/tickets/${id}?lang=en`)).json.ticket.labels.state).toBe(state);
    expect((await amina.get(`/tickets/${id}?lang=fr`)).json.ticket.labels.ended).toBe('Clôturée par Amina : Orienté vers un partenaire');
    expect(closed.events.map((e: any) => e.kind)).toEqual(['opened', 'claimed', 'closed']);
  });

  it('"The person cancelled their request."', async () => {
    const person = await webchatAsksAdvisor(app, 'queue-cancels', { language: 'Français', province: 'Tata' });
    await cancelsRequest(person, 'Français');
    const t = (await amina.get('/tickets?status=all&lang=en&q=tata')).json.tickets[0];
    expect(t).toMatchObject({ status: 'closed', outcome: 'cancelled', closedByName: null });
    expect(t.labels.ended).toBe('The person cancelled their request.');
  });

  it('a waiting ticket counts its wait', async () => {
    const id = ticketOf.get(lucia).id;
    const before = (await amina.get(`/tickets/${id}?lang=en`)).json.ticket.labels.state;
    clock.advance(20 * 60_000);
    const after = (await amina.get(`/tickets/${id}?lang=en`)).json.ticket.labels.state;
    expect(before).toMatch(/^Waiting for \d+/);
    expect(after).not.toBe(before);
  });
});

describe('the ticket as the API gives it', () => {
  it('canned replies named for the advisor, written in the person\'s language; its neighbours in the queue', async () => {
    const id = ticketOf.get(lucia).id;
    const r = (await amina.get(`/tickets/${id}?lang=en&status=all`)).json;
    expect(r.canned.map((c: any) => c.name)).toEqual(['Greeting', 'Which documents they have', 'Referral to a partner', 'Come to the Center', 'Closing']);
    expect(r.canned[0]).toMatchObject({ key: 'greeting', dir: 'ltr', lang: 'es' });
    expect(r.canned[0].text).toMatch(/^Hola/);
    const all = ids(await amina.get('/tickets?status=all'));
    expect(all).toContain(r.neighbours.prev ?? r.neighbours.next);
  });
});

describe('live updates', () => {
  it('say which ticket moved, never the conversation (a ticket page follows only its own)', async () => {
    const res = await app.request('/advisor/events', { headers: { cookie: amina.cookie } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    const next = async (pattern: RegExp) => {
      while (!pattern.test(seen)) seen += decoder.decode((await reader.read()).value);
      return seen.match(pattern)!;
    };
    await next(/event: ready/);
    await lucia.says('¿Hay alguien?');
    const [, data] = await next(/event: change\ndata: (.+)\n/);
    expect(JSON.parse(data!)).toEqual({ kind: 'message', ticketId: ticketOf.get(lucia).id });
    expect(seen).not.toContain('queue-lucia');
    await reader.cancel();
  });
});
