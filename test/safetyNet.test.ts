import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedContent, startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson, type ApiReply } from './support/webchatPerson.js';
import { AdvisorClient, createAdvisor } from './support/advisorClient.js';

/**
 * The safety net: danger, violence, abuse, exploitation, a child alone, thoughts of suicide get the
 * safety reply whatever the search says, in every language; everyday words that look like danger
 * do not. Every danger line of the shared dev sets is in test/fixtures/safety-messages.jsonl
 * (source "dev" / "dev-messy"), with variants written for it and lines that must not trigger.
 */
interface SafetyLine {
  source: string;
  lang: string;
  text: string;
  danger: boolean;
  /** The article the reply must show first (any of them; those that do not exist yet are skipped). */
  first: string[];
}

const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const fixture = lines('test/fixtures/safety-messages.jsonl') as unknown as SafetyLine[];
/** The held-out sets' lines marked "safety" (true or false): measured, not tuned on. */
const heldOut = ['test/fixtures/kb-heldout-messy.jsonl', 'test/fixtures/kb-heldout-messy-2.jsonl'].map((f) => ({
  file: f,
  lines: lines(f).filter((l) => typeof l.safety === 'boolean').map((l) => ({ text: String(l.text), danger: l.safety === true })),
}));

let server: TestApp;
let articles: Set<string>;
beforeAll(async () => {
  server = await startTestApp();
  articles = new Set((await shippedContent()).articles.map((a) => a.id));
});
afterAll(async () => server.close());

let n = 0;
const isSafetyOffer = (r: ApiReply) => r.choices.some((c) => c.id === 'safety.offer.advisor');

async function firstMessage(text: string): Promise<WebchatPerson> {
  const person = new WebchatPerson(server, `safety-first-${++n}`);
  await person.says(text);
  return person;
}

describe('the safety net on the first message of a conversation', () => {
  it.each(fixture.filter((l) => l.danger).map((l) => [l.source, l.lang, l.text, l] as const))('%s [%s] %s', async (_s, _l, text, line) => {
    const person = await firstMessage(text);
    const last = person.last.at(-1)!;
    // The emergency numbers (the knowledge base's article) and a specialist advisor, last: its buttons are live.
    expect(isSafetyOffer(last), person.text()).toBe(true);
    expect(last.articleId).toBe('emergency-numbers');
    expect(last.choices[0]!.id).toBe('safety.offer.advisor');
    // The article for this danger first (the emergency numbers when it is the one).
    const expected = line.first.filter((id) => articles.has(id));
    expect(expected, 'an article that exists').not.toEqual([]);
    expect(expected).toContain(person.last.find((r) => r.articleId)!.articleId);
    // No onboarding, no menu of languages: the safety reply is all.
    expect(person.last.some((r) => r.choices.some((c) => c.id.startsWith('first-answer.') || c.id.startsWith('onboarding.')))).toBe(false);
  });

  it.each(fixture.filter((l) => !l.danger).map((l) => [l.lang, l.text] as const))('not danger: [%s] %s', async (_l, text) => {
    const person = await firstMessage(text);
    expect(person.last.some(isSafetyOffer), person.text()).toBe(false);
  });

  it('catches the danger of held-out messages it was not tuned on, with at most one false alarm per set', async () => {
    for (const { file, lines: held } of heldOut) {
      let caught = 0, missed = 0, falseAlarms = 0;
      for (const l of held) {
        const safety = (await firstMessage(l.text)).last.some(isSafetyOffer);
        if (l.danger && safety) caught++;
        else if (l.danger) missed++;
        else if (safety) falseAlarms++;
      }
      expect(caught + missed, file).toBeGreaterThan(10);
      expect(caught / (caught + missed), `${file}: ${caught} caught, ${missed} missed`).toBeGreaterThanOrEqual(0.9);
      expect(falseAlarms, file).toBeLessThanOrEqual(1);
    }
  });
});

describe('the specialist advisor', () => {
  async function advisorFor(): Promise<AdvisorClient> {
    const who = await createAdvisor(server.db, `Safety ${++n}`);
    const advisor = new AdvisorClient(server);
    expect((await advisor.login(who.email, who.password)).status).toBe(200);
    return advisor;
  }
  const ticketOf = async (person: WebchatPerson) =>
    (await server.db.execute({ sql: 'SELECT t.id, t.sensitive, t.topic, t.status FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.channel_user_id = ?', args: [person.conversationId] })).rows;

  it('"talk to someone" after a safety reply opens a sensitive ticket, first in the queue, about the article shown', async () => {
    const person = await firstMessage('kay3nefni rajli, 3awnouni');
    expect(person.last.map((r) => r.articleId)).toEqual(['violence-against-women', 'emergency-numbers']);
    await person.taps(/^Talk to someone|Parler à quelqu'un|نهضر مع شي حد|التحدث مع شخص$/);
    expect((await ticketOf(person)).map((x) => [Number(x.sensitive), x.topic, x.status])).toEqual([[1, 'violence-against-women', 'waiting']]);
    const advisor = await advisorFor();
    const waiting = (await advisor.get('/tickets?status=waiting')).json.tickets as { sensitive: boolean }[];
    expect(waiting[0]).toMatchObject({ sensitive: true });
  });

  it('danger written while waiting for an advisor marks the open ticket sensitive, and still gets the safety reply', async () => {
    const person = new WebchatPerson(server, `safety-waiting-${++n}`);
    await person.says('conseiller');
    person.sees("J'ai transmis votre demande");
    const ticket = async () => (await ticketOf(person)).map((x) => Number(x.sensitive));
    expect(await ticket()).toEqual([0]);
    await person.says('mon mari veut me tuer, il a un couteau');
    expect(person.last.some(isSafetyOffer)).toBe(true);
    expect(await ticket()).toEqual([1]);
  });

  it('with an advisor in the conversation, the bot stays silent, and the ticket becomes sensitive', async () => {
    const person = new WebchatPerson(server, `safety-advisor-${++n}`);
    await person.says('conseiller');
    const advisor = await advisorFor();
    const [ticket] = await ticketOf(person);
    expect((await advisor.post(`/tickets/${String(ticket!.id)}/claim`)).status).toBe(200);
    await person.says('i want to kill myself');
    expect(person.last).toEqual([]);
    expect((await ticketOf(person)).map((x) => [Number(x.sensitive), x.status])).toEqual([[1, 'with_advisor']]);
    // The advisor sees the message, in the conversation's order.
    const seen = (await advisor.get(`/tickets/${String(ticket!.id)}`)).json.ticket.history as { from: string; text: string }[];
    expect(seen.filter((m) => m.from === 'person').map((m) => m.text)).toEqual(['conseiller', 'i want to kill myself']);
  });
});
