/**
 * The dashboard and the observatory's export: counts per local day (Africa/Casablanca), grouped
 * knowledge gaps, handoff waits, satisfaction, registrations; and every cell under 5 people
 * suppressed in GET /admin/api/analytics.csv (admins only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdvisor } from './support/advisorClient.js';
import { ConsoleSession, parseCsv, seedPeople } from './support/programFixtures.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { daySegments, groupGaps, percentile, suppress } from '../src/program/analytics.js';
import { zonedToEpoch } from '../src/program/centerTime.js';
import { messageInserts } from '../src/storage/messageInserts.js';

const TZ = 'Africa/Casablanca';
let server: TestApp;
let admin: ConsoleSession;
let advisor: ConsoleSession;
const at = (day: string, time: string) => zonedToEpoch(day, time, TZ);

async function seed(): Promise<void> {
  const db = server.db;
  // Tuesday 3 March 2026: 7 people on Telegram in French, 3 on the web chat in Arabic (Tiznit);
  // Wednesday 4 March: 6 on Telegram in French in Tata.
  const tg = await seedPeople(db, 7, { channel: 'telegram', locale: 'fr', firstId: 610_000_000 });
  const web = await seedPeople(db, 3, { channel: 'webchat', locale: 'ar' });
  const tata = await seedPeople(db, 6, { channel: 'telegram', locale: 'fr', province: 'tata', firstId: 620_000_000 });
  const statements: { sql: string; args: (string | number)[] }[] = [];
  let k = 0;
  const said = (conversationId: string, when: number, text = 'bonjour') =>
    statements.push(...(messageInserts([{ id: `m_an_${++k}`, conversationId, direction: 'in', author: 'person', text, reply: null, createdAt: when }]) as typeof statements));
  for (const p of tg) {
    said(p.conversationId, at('2026-03-03', '10:00'));
    said(p.conversationId, at('2026-03-03', '10:05')); // two messages, one conversation
  }
  for (const p of web) said(p.conversationId, at('2026-03-03', '23:30'));
  for (const p of tata) said(p.conversationId, at('2026-03-04', '00:15')); // just after midnight in Agadir
  // An article shown 5 times (its short answer carries "kb.more.<id>"), with feedback.
  for (let i = 0; i < 5; i++) {
    const reply = JSON.stringify({ kind: 'text', text: 'x', choices: [{ id: 'kb.more.residence-permit-renewal', label: 'Lire la suite' }], dir: 'ltr', locale: 'fr' });
    statements.push(...(messageInserts([{ id: `m_an_${++k}`, conversationId: tg[i]!.conversationId, direction: 'out', author: 'bot', text: 'x', reply: JSON.parse(reply), createdAt: at('2026-03-03', '10:01') }]) as typeof statements));
  }
  // `person`: each person's part of their anonymous key (privacy/anonymousPerson.ts).
  for (let i = 0; i < 7; i++) statements.push({ sql: 'INSERT INTO kb_feedback (article_id, helpful, person, created_at) VALUES (?, 1, ?, ?)', args: ['residence-permit-renewal', `f${i}`, at('2026-03-03', '11:00')] });
  for (let i = 0; i < 2; i++) statements.push({ sql: 'INSERT INTO kb_feedback (article_id, helpful, person, created_at) VALUES (?, 0, ?, ?)', args: ['residence-permit-renewal', `f${7 + i}`, at('2026-03-03', '11:00')] });
  // Questions without an answer: one question asked 6 ways by 6 people, a rare one (one person, twice), and one with personal details.
  const gap = (query: string, person: string, lang = 'fr') => statements.push({ sql: "INSERT INTO knowledge_gaps (query, lang, reason, person, created_at) VALUES (?, ?, 'abstain', ?, ?)", args: [query, lang, person, at('2026-03-03', '12:00')] });
  ['carte de séjour Tata', 'carte sejour tata', 'Carte de séjour à Tata ?', 'carte de séjour tata', 'carte de séjour Tata', 'carte de séjour tata svp'].forEach((q, i) => gap(q, `g${i}`));
  gap('horaires piscine municipale', 'g6');
  gap('horaires piscine municipale', 'g6');
  gap('Je suis Fatima Zahra, mon numéro est 0612345678', 'g7');
  // Three handoffs (too few for wait times), and satisfaction: six 5s, two 4s.
  for (let i = 0; i < 3; i++) {
    statements.push({
      sql: "INSERT INTO tickets (id, conversation_id, topic, status, claimed_at, closed_at, outcome, created_at) VALUES (?, ?, 'general', 'closed', ?, ?, 'answered', ?)",
      args: [`t_an_${i}`, tg[i]!.conversationId, at('2026-03-03', '10:10') + i * 60_000, at('2026-03-03', '11:00'), at('2026-03-03', '10:00')],
    });
  }
  ['5', '5', '5', '5', '5', '5', '4', '4'].forEach((v, i) => statements.push({ sql: "INSERT INTO survey_answers (survey, question, value, locale, channel, person, created_at) VALUES ('csat', 'advisor', ?, 'fr', 'telegram', ?, ?)", args: [v, `s${i}`, at('2026-03-03', '12:00')] }));
  await db.batch(statements, 'write');
}

beforeAll(async () => {
  server = await startTestApp();
  const a = await createAdvisor(server.db, 'Khadija', 'admin');
  const b = await createAdvisor(server.db, 'Yassine', 'advisor');
  admin = await new ConsoleSession(server).login(a.email, a.password);
  advisor = await new ConsoleSession(server).login(b.email, b.password);
  await seed();
});
afterAll(async () => server.close());

async function csv(query: string): Promise<string[][]> {
  const res = await admin.get(`/admin/api/analytics.csv?${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/csv');
  return parseCsv(await res.text());
}

describe('GET /admin/api/analytics.csv', () => {
  it('exports aggregates only, every cell under 5 people suppressed', async () => {
    const rows = await csv('from=2026-03-01&to=2026-03-07');
    const text = rows.map((r) => r.join(',')).join('\n');
    expect(rows[0]).toEqual(['metric', 'date', 'channel', 'language', 'item', 'value']);
    const find = (metric: string, o: { date?: string; channel?: string; language?: string; item?: string } = {}) =>
      rows.filter((r) => r[0] === metric && (o.date === undefined || r[1] === o.date) && (o.channel === undefined || r[2] === o.channel) && (o.language === undefined || r[3] === o.language) && (o.item === undefined || r[4] === o.item));
    // Conversations per local day: 7 on Telegram, 3 on the web chat (suppressed), 6 just after midnight on the 4th.
    expect(find('conversations', { date: '2026-03-03', channel: 'telegram', language: 'fr' })[0]![5]).toBe('7');
    expect(find('conversations', { date: '2026-03-03', channel: 'webchat', language: 'ar' })[0]![5]).toBe('<5');
    expect(find('conversations', { date: '2026-03-04', channel: 'telegram', language: 'fr' })[0]![5]).toBe('6');
    // Articles.
    expect(find('article_shown', { item: 'residence-permit-renewal' })[0]![5]).toBe('5');
    expect(find('article_helpful', { item: 'residence-permit-renewal' })[0]![5]).toBe('7');
    expect(find('article_not_helpful', { item: 'residence-permit-renewal' })[0]![5]).toBe('<5');
    // Knowledge gaps: the question asked six ways by six people is one group, labelled with the
    // words at least 5 of them wrote (no wording was typed by 5); rare questions only as a suppressed total.
    const gaps = find('knowledge_gap');
    expect(gaps.map((g) => [g[4], g[5]])).toEqual([
      ['carte séjour tata', '6'],
      ['(questions asked by fewer than 5 people)', '<5'],
    ]);
    expect(text).not.toContain('piscine');
    expect(text).not.toContain('Fatima');
    expect(text).not.toContain('0612345678');
    // Handoffs: too few for wait times.
    expect(find('handoffs', { item: '' })[0]![5]).toBe('<5');
    expect(find('handoff_wait_p50_minutes')[0]![5]).toBe('suppressed');
    expect(find('handoff_wait_p90_minutes')[0]![5]).toBe('suppressed');
    // Satisfaction: six 5s, two 4s (suppressed), the mean over 8 answers.
    expect(find('satisfaction', { item: '5' })[0]![5]).toBe('6');
    expect(find('satisfaction', { item: '4' })[0]![5]).toBe('<5');
    expect(find('satisfaction_mean')[0]![5]).toBe('4.75');
    // No count between 1 and 4 anywhere; no contact id, pseudonym or chat id.
    for (const r of rows.slice(1)) if (/^\d+$/.test(r[5]!)) expect(Number(r[5]) === 0 || Number(r[5]) >= 5, r.join(',')).toBe(true);
    expect(text).not.toMatch(/c_seed|v_seed|P-[A-Z0-9]{4}-|61000000\d|62000000\d/);
  });

  it('filters by province (people whose profile has it)', async () => {
    const rows = await csv('from=2026-03-01&to=2026-03-07&province=tata');
    const conv = rows.filter((r) => r[0] === 'conversations');
    expect(conv.map((r) => [r[1], r[2], r[5]])).toEqual([['2026-03-04', 'telegram', '6']]);
  });

  it('refuses bad ranges with a clear 400, and advisors with 403', async () => {
    for (const q of ['from=2026-13-01&to=2026-03-07', 'from=2026-03-08&to=2026-03-01', 'from=2020-01-01&to=2026-03-01', 'province=paris']) {
      const res = await admin.get(`/admin/api/analytics.csv?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
    expect((await advisor.get('/admin/api/analytics.csv?from=2026-03-01&to=2026-03-07')).status).toBe(403);
    const audit = await server.db.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'analytics:export'");
    expect(Number(audit.rows[0]?.n)).toBeGreaterThanOrEqual(2);
  });
});

describe('the dashboard', () => {
  it('draws its charts as SVG on the server, with the numbers, filters and the export link', async () => {
    const res = await admin.get('/advisor/admin/dashboard?from=2026-03-01&to=2026-03-07');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<svg class="chart" id="chart-channels"');
    expect(html).toContain('<title>2026-03-03 · telegram: 7</title>');
    expect(html).toContain('<title>2026-03-04 · telegram: 6</title>');
    // 3 people on the web chat in Arabic: fewer than 5, shown as such, not counted.
    expect(html).toContain('<title>2026-03-03 · ar: &lt;5</title>');
    expect(html).not.toMatch(/ar: [1-4]</);
    expect(html).toContain('id="gaps"');
    expect(html).toContain('carte séjour tata');
    expect(html).not.toContain('piscine');
    expect(html).not.toContain('Fatima');
    expect(html).toContain('href="/admin/api/analytics.csv?from=2026-03-01&amp;to=2026-03-07"');
    expect(html).not.toMatch(/<script>|style="/);
    const tata = await (await admin.get('/advisor/admin/dashboard?from=2026-03-01&to=2026-03-07&province=tata')).text();
    expect(tata).not.toContain('telegram: 7');
    expect(tata).toContain('<title>2026-03-04 · telegram: 6</title>');
  });
});

describe('the pieces', () => {
  it('groups questions by their normalized words', () => {
    const groups = groupGaps([
      { query: 'carte de séjour Tata', lang: 'fr', person: 'a' },
      { query: 'CARTE SEJOUR tata', lang: 'fr', person: 'b' },
      { query: 'بطاقة الإقامة طاطا', lang: 'ar', person: 'c' },
      { query: 'بطاقه الاقامه في طاطا', lang: 'ar', person: 'd' },
      { query: 'horaires piscine', lang: 'fr', person: 'e' },
      { query: 'horaires piscine', lang: 'fr', person: 'e' },
    ]);
    expect(groups.map((g) => [g.people, g.langs.join(' ')])).toEqual([
      [2, 'fr'],
      [2, 'ar'],
      [1, 'fr'],
    ]);
  });

  it('percentiles by nearest rank; small cells', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect([0, 1, 4, 5, 12].map(suppress)).toEqual(['0', '<5', '<5', '5', '12']);
  });

  it('cuts days where Agadir changes its offset (Ramadan), so each local day is counted whole', () => {
    const segments = daySegments('2026-02-10', '2026-02-20', TZ);
    expect(segments.length).toBe(2);
    expect(segments[0]!.offsetMs).toBe(3600_000);
    expect(segments[1]!.offsetMs).toBe(0);
    expect(segments[0]!.end).toBe(segments[1]!.start);
  });
});
