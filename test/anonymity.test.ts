/**
 * What leaves the database for the Center's numbers is about people, never one person: counts of
 * distinct people (1 to 4 people: "<5"), and a question without an answer only in words at least
 * 5 people wrote; stored cut to 200 characters with digit runs masked. Driven by real
 * conversations on the web chat, read back through the dashboard and the observatory's CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from './support/advisorClient.js';
import { ConsoleSession, parseCsv } from './support/programFixtures.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { WebchatPerson } from './support/webchatPerson.js';

let server: TestApp;
let admin: ConsoleSession;

beforeAll(async () => {
  server = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000' });
  const who = await createAdvisor(server.db, 'Khadija', 'admin');
  admin = await new ConsoleSession(server).login(who.email, who.password);
});
afterAll(async () => server.close());

let n = 0;
async function onboarded(): Promise<WebchatPerson> {
  const person = new WebchatPerson(server, `anonymity-person-${++n}`);
  await person.says('bonjour');
  await person.taps('Français');
  await person.taps("J'accepte");
  await person.taps('Migrant au Maroc');
  await person.taps('Tiznit');
  await person.taps('Non merci');
  return person;
}

const today = () => new Date().toISOString().slice(0, 10);
async function exported(): Promise<{ rows: string[][]; text: string }> {
  const res = await admin.get(`/admin/api/analytics.csv?from=${today()}&to=${today()}`);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { rows: parseCsv(text), text };
}
const dashboard = async () => (await admin.get(`/advisor/admin/dashboard?from=${today()}&to=${today()}`)).text();
const gapRows = async () => (await server.db.execute('SELECT * FROM knowledge_gaps ORDER BY id')).rows.map((r) => ({ query: String(r.query), person: r.person }));

describe("one person's words do not leave the database", () => {
  it('typed five times by one person: in neither the CSV nor the dashboard', async () => {
    const fatima = await onboarded();
    const words = 'je suis Fatima Zahra 0612345678 sans papiers a Tiznit';
    for (let i = 0; i < 5; i++) {
      await fatima.says(words);
      fatima.sees("Je ne suis pas sûr d'avoir compris");
    }
    const { rows, text } = await exported();
    for (const s of ['Fatima', 'Zahra', '0612345678', '###']) expect(text).not.toContain(s);
    expect(rows.filter((r) => r[0] === 'knowledge_gap').map((r) => [r[4], r[5]])).toEqual([['(questions asked by fewer than 5 people)', '<5']]);
    const html = await dashboard();
    expect(html).not.toContain('Fatima');
    expect(html).toContain('Questions sans réponse (&lt;5 personnes)');
    // Kept for the content curator (the bot did not know), masked, and as one person.
    const gaps = await gapRows();
    expect(gaps.map((g) => g.query)).toEqual(Array(5).fill('je suis Fatima Zahra ### sans papiers a Tiznit'));
    expect(new Set(gaps.map((g) => g.person)).size).toBe(1);
  });

  it('a 3,000-character paste is stored cut to 200 characters with its digit runs masked, and shown that way once 5 people sent it', async () => {
    const story = `Bonjour, mon dossier numéro 2024/118 733 est bloqué depuis le 12.03.2025, téléphone +212 6 61 23 45 67. ${'Je raconte encore ma situation en détail. '.repeat(70)}`;
    expect(story.length).toBeGreaterThan(3000);
    for (let i = 0; i < 5; i++) {
      const person = await onboarded();
      // A story about a blocked file is offered articles to choose from; "none of these" keeps it
      // for the curator, as "not understood" would.
      await person.says(story);
      person.sees('Votre question porte sur lequel de ces sujets ?');
      await person.taps('Aucun de ceux-là');
    }
    const stored = (await gapRows()).filter((g) => g.query.startsWith('Bonjour, mon dossier'));
    expect(stored).toHaveLength(5);
    for (const g of stored) {
      expect([...g.query].length).toBeLessThanOrEqual(200);
      expect(g.query).not.toMatch(/\d\d/);
      expect(g.query).toMatch(/^Bonjour, mon dossier numéro ### est bloqué depuis le ###, téléphone \+###\. Je raconte/);
    }
    expect(new Set(stored.map((g) => g.person)).size).toBe(5);
    const { rows } = await exported();
    const shown = rows.find((r) => r[0] === 'knowledge_gap' && r[4]!.startsWith('Bonjour'));
    expect(shown?.[5]).toBe('5');
    expect([...shown![4]!].length).toBeLessThanOrEqual(200);
    const html = await dashboard();
    const cellText = /<table id="gaps">[\s\S]*?<td dir="auto">([^<]*)<\/td>/.exec(html)![1]!;
    expect([...cellText.trim()].length).toBeLessThanOrEqual(200 + 20); // HTML-escaped apostrophes aside
    expect(html).not.toContain('2024');
  });

  it('"this helped" tapped five times by one person counts as one person: "<5"', async () => {
    const person = await onboarded();
    for (let i = 0; i < 5; i++) {
      await person.says('renouveler ma carte de séjour');
      const yes = person.buttonLabels().find((l) => /aidé/.test(l));
      expect(yes, person.buttonLabels().join(' | ')).toBeDefined();
      await person.taps(yes!);
    }
    const rows = (await server.db.execute('SELECT article_id FROM kb_feedback WHERE helpful = 1')).rows;
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const { rows: csv } = await exported();
    const helpful = csv.filter((r) => r[0] === 'article_helpful' && r[4] === String(rows[0]!.article_id));
    expect(helpful.map((r) => r[5])).toEqual(['<5']);
  });
});
