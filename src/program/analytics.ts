/**
 * The numbers for the Center and the regional observatory: volumes, answers, gaps, handoffs,
 * satisfaction, registrations. Aggregates only, k-anonymous by people: every count is of distinct
 * people (never messages or rows) and a count of 1 to 4 people leaves as "<5" (null here), on the
 * dashboard as in the CSV; a statistic over fewer than 5 people is not computed; a text (a
 * question without an answer) is shown only in words that at least 5 distinct people wrote.
 */
import { anonymousText, GAP_MAX_CHARS } from '../core/anonymousText.js';
import { normalizeText } from '../knowledge/normalize.js';
import { STOPWORDS } from '../knowledge/stopwords.js';
import { addDays, isDate, localDate, localDays, offsetMs } from './centerTime.js';
import { csvCell } from './events.js';
import { PROVINCES } from './programDeps.js';
import type { AnalyticsRange, DaySegment, ProgramStore } from './programStore.js';
import { pickText } from './programTurn.js';

/** Counts under this many people are not shown ("<5"). */
export const SMALL_CELL = 5;
/** The longest range the dashboard and the export cover. */
export const MAX_DAYS = 366;

/** A number of people as it may leave the database: null for 1 to 4 (shown "<5"). */
export type Cell = number | null;
export const cell = (people: number): Cell => (people > 0 && people < SMALL_CELL ? null : people);
/** A cell as text: "<5" for a small one. */
export const shownCell = (c: Cell): string => (c === null ? `<${SMALL_CELL}` : String(c));
/** A count of people as exported: 1 to 4 are "<5". */
export const suppress = (people: number): string => shownCell(cell(people));

export interface GapGroup {
  /** What the group asked, in words at least 5 of its people wrote ('' when there are none). */
  label: string;
  /** Distinct people who asked it. */
  people: number;
  langs: string[];
  /** Other wordings, each written by at least 5 people. */
  examples: string[];
}

export interface DashboardData {
  from: string;
  to: string;
  province: string | null;
  days: string[];
  conversations: { day: string; channel: string; locale: string; n: Cell }[];
  /** The same per day by channel, and per day by language (for the charts). */
  perDay: { channel: { day: string; key: string; n: Cell }[]; locale: { day: string; key: string; n: Cell }[] };
  /** People per channel and per language over the range (a person on a day counts once per day). */
  totals: { all: Cell; channel: Record<string, Cell>; locale: Record<string, Cell> };
  articles: { articleId: string; shown: Cell; helpful: Cell; notHelpful: Cell }[];
  /** Questions asked by at least 5 people, with a label they share. */
  gaps: GapGroup[];
  /** People with a question without an answer; of them, those whose question fewer than 5 share. */
  gapPeople: Cell;
  rareGapPeople: Cell;
  handoffs: { people: Cell; claimed: Cell; p50Ms: number | null; p90Ms: number | null; outcomes: Record<string, Cell> };
  csat: { counts: Record<string, Cell>; n: Cell; mean: number | null };
  registrations: { eventId: string; title: string; province: string; startsAt: number; registered: Cell; cancelled: Cell }[];
  subscriptions: Record<string, Cell>;
}

export type RangeQuery = { ok: true; from: string; to: string; province: string | null } | { ok: false; error: string };

/** Reads ?from=&to=&province= (local dates, inclusive); defaults to the last 30 days. */
export function parseRange(q: { from?: string | undefined; to?: string | undefined; province?: string | undefined }, now: number, timeZone: string): RangeQuery {
  const today = localDate(now, timeZone);
  const to = q.to || today;
  // Dates of this century only (the counting below walks every day of the range).
  const valid = (d: string) => isDate(d) && d >= '2000-01-01' && d <= '2099-12-31';
  if (!valid(to) || (q.from && !valid(q.from))) return { ok: false, error: 'from and to are dates such as 2026-11-01' };
  const from = q.from || addDays(to, -29);
  if (from > to) return { ok: false, error: 'from must not be after to' };
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_DAYS) return { ok: false, error: `at most ${MAX_DAYS} days` };
  const province = q.province && (PROVINCES as readonly string[]).includes(q.province) ? q.province : null;
  if (q.province && !province) return { ok: false, error: `province is one of ${PROVINCES.join(', ')}` };
  return { ok: true, from, to, province };
}

/** Local days cut into stretches of one UTC offset, so SQL can count per local day. */
export function daySegments(from: string, to: string, timeZone: string): DaySegment[] {
  const segments: DaySegment[] = [];
  for (const d of localDays(from, to, timeZone)) {
    const off = offsetMs(d.start + 12 * 3600_000, timeZone);
    const last = segments.at(-1);
    if (last && last.offsetMs === off && last.end === d.start) last.end = d.end;
    else segments.push({ start: d.start, end: d.end, offsetMs: off });
  }
  return segments;
}

/** The value at a percentile (0–100) of a list, nearest rank; null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const contentWords = (q: string) => new Set(normalizeText(q).split(' ').filter((w) => w && !STOPWORDS.has(w)));

function similar(a: Set<string>, b: Set<string>): boolean {
  if (!a.size || !b.size) return a.size === b.size;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.size + b.size - common) >= 0.5;
}

/** The words and wordings of a group, with who wrote them. */
interface Building {
  words: Set<string>;
  people: Set<string>;
  langs: string[];
  wordings: Map<string, { text: string; people: Set<string> }>;
  wordPeople: Map<string, Set<string>>;
  /** How each normalized word was written ("séjour", "sejour"), and how often. */
  forms: Map<string, Map<string, number>>;
  order: string[];
}

/**
 * Questions without an answer, grouped when their normalized words mostly overlap ("carte sejour
 * tata" ~ "carte de séjour à Tata"), with the distinct people who asked each. A group's label is
 * its most common wording if at least 5 people wrote it, else the words at least 5 of its people
 * used: no one person's words ever show. Texts are cut and their digit runs masked (as stored;
 * rows from before that are treated the same).
 */
export function groupGaps(gaps: { query: string; lang: string; person: string }[]): (GapGroup & { members: Set<string> })[] {
  const groups: Building[] = [];
  for (const g of gaps) {
    const text = anonymousText(g.query, GAP_MAX_CHARS);
    const words = contentWords(text);
    let group = groups.find((x) => similar(x.words, words));
    if (!group) groups.push((group = { words, people: new Set(), langs: [], wordings: new Map(), wordPeople: new Map(), forms: new Map(), order: [] }));
    group.people.add(g.person);
    if (!group.langs.includes(g.lang)) group.langs.push(g.lang);
    const key = text.toLowerCase();
    const wording = group.wordings.get(key) ?? group.wordings.set(key, { text, people: new Set() }).get(key)!;
    wording.people.add(g.person);
    for (const token of text.split(/[\s\p{P}]+/u)) {
      const w = normalizeText(token);
      if (!words.has(w)) continue;
      if (!group.wordPeople.has(w)) group.order.push(w);
      (group.wordPeople.get(w) ?? group.wordPeople.set(w, new Set()).get(w)!).add(g.person);
      const forms = group.forms.get(w) ?? group.forms.set(w, new Map()).get(w)!;
      forms.set(token.toLowerCase(), (forms.get(token.toLowerCase()) ?? 0) + 1);
    }
  }
  return groups
    .map((g) => {
      const shared = [...g.wordings.values()].filter((w) => w.people.size >= SMALL_CELL).sort((a, b) => b.people.size - a.people.size || a.text.length - b.text.length);
      const written = (w: string) => [...g.forms.get(w)!].sort((a, b) => b[1] - a[1])[0]![0];
      const common = g.order.filter((w) => g.wordPeople.get(w)!.size >= SMALL_CELL).map(written).join(' ');
      return { label: shared[0]?.text ?? common, people: g.people.size, langs: g.langs, examples: shared.slice(1, 4).map((w) => w.text), members: g.people };
    })
    .sort((a, b) => b.people - a.people);
}

export async function loadDashboard(store: ProgramStore, timeZone: string, q: { from: string; to: string; province: string | null }): Promise<DashboardData> {
  const days = localDays(q.from, q.to, timeZone);
  const range: AnalyticsRange = { from: days[0]!.start, to: days.at(-1)!.end, province: q.province };
  const [perDay, feedback, shown, gaps, tickets, csat, registrations, subscriptions] = await Promise.all([
    store.analytics.conversationsPerDay(daySegments(q.from, q.to, timeZone), q.province),
    store.analytics.articleFeedback(range),
    store.analytics.articlesShown(range),
    store.analytics.knowledgeGaps(range, 5000),
    store.analytics.handoffs(range),
    store.analytics.surveyCounts('csat', range),
    store.analytics.registrationCounts(range),
    store.analytics.subscriptionCounts(),
  ]);
  const articles = new Map<string, { articleId: string; shown: number; helpful: number; notHelpful: number }>();
  const article = (id: string) => articles.get(id) ?? articles.set(id, { articleId: id, shown: 0, helpful: 0, notHelpful: 0 }).get(id)!;
  for (const s of shown) article(s.articleId).shown += s.n;
  for (const f of feedback) {
    article(f.articleId).helpful += f.helpful;
    article(f.articleId).notHelpful += f.notHelpful;
  }
  // Handoffs: people (conversations), not tickets; waits over the people whose request was claimed.
  const people = (list: { conversationId: string }[]) => new Set(list.map((t) => t.conversationId)).size;
  const claimed = tickets.filter((t) => t.claimedAt !== null);
  const waits = claimed.map((t) => t.claimedAt! - t.createdAt);
  const enoughWaits = people(claimed) >= SMALL_CELL;
  const outcomes: Record<string, Cell> = {};
  for (const k of new Set(tickets.map((t) => t.outcome ?? t.status))) outcomes[k] = cell(people(tickets.filter((t) => (t.outcome ?? t.status) === k)));
  const csatCounts: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const a of csat) if (a.value in csatCounts) csatCounts[a.value] = (csatCounts[a.value] ?? 0) + a.n;
  const n = Object.values(csatCounts).reduce((a, b) => a + b, 0);
  const mean = n >= SMALL_CELL ? Object.entries(csatCounts).reduce((s, [v, k]) => s + Number(v) * k, 0) / n : null;
  const groups = groupGaps(gaps);
  const visible = groups.filter((g) => g.people >= SMALL_CELL && g.label);
  const rare = new Set(groups.filter((g) => !visible.includes(g)).flatMap((g) => [...g.members]));
  const conversations = perDay.map((r) => ({ day: new Date(r.day * 86_400_000).toISOString().slice(0, 10), channel: r.channel, locale: r.locale, n: r.n }));
  const sum = (pick: (c: (typeof conversations)[number]) => boolean) => cell(conversations.filter(pick).reduce((a, c) => a + c.n, 0));
  const keys = (by: 'channel' | 'locale') => [...new Set(conversations.map((c) => c[by]))];
  const daily = (by: 'channel' | 'locale') => days.flatMap((d) => keys(by).map((key) => ({ day: d.day, key, n: sum((c) => c.day === d.day && c[by] === key) }))).filter((x) => x.n !== 0);
  return {
    from: q.from,
    to: q.to,
    province: q.province,
    days: days.map((d) => d.day),
    conversations: conversations.map((c) => ({ ...c, n: cell(c.n) })),
    perDay: { channel: daily('channel'), locale: daily('locale') },
    totals: {
      all: sum(() => true),
      channel: Object.fromEntries(keys('channel').map((ch) => [ch, sum((c) => c.channel === ch)])),
      locale: Object.fromEntries(keys('locale').map((l) => [l, sum((c) => c.locale === l)])),
    },
    articles: [...articles.values()]
      .sort((a, b) => b.shown - a.shown || b.helpful + b.notHelpful - (a.helpful + a.notHelpful))
      .map((a) => ({ articleId: a.articleId, shown: cell(a.shown), helpful: cell(a.helpful), notHelpful: cell(a.notHelpful) })),
    gaps: visible.map(({ members: _m, ...g }) => g),
    gapPeople: cell(new Set(gaps.map((g) => g.person)).size),
    rareGapPeople: cell(rare.size),
    handoffs: { people: cell(people(tickets)), claimed: cell(people(claimed)), p50Ms: enoughWaits ? percentile(waits, 50) : null, p90Ms: enoughWaits ? percentile(waits, 90) : null, outcomes },
    csat: { counts: Object.fromEntries(Object.entries(csatCounts).map(([k, v]) => [k, cell(v)])), n: cell(n), mean },
    registrations: registrations.map((r) => ({ ...r, title: pickText(r.titles, 'fr')?.text ?? r.eventId, registered: cell(r.registered), cancelled: cell(r.cancelled) })),
    subscriptions: Object.fromEntries(Object.entries(subscriptions).map(([k, v]) => [k, cell(v)])),
  };
}

/**
 * The export for the observatory: one row per aggregate, no contact id, no message; counts of
 * distinct people, 1 to 4 written "<5"; statistics over fewer than 5 people "suppressed";
 * questions without an answer only as words at least 5 people wrote, the rest one total.
 */
export function analyticsCsv(d: DashboardData): string {
  const rows: (string | number)[][] = [['metric', 'date', 'channel', 'language', 'item', 'value']];
  const add = (metric: string, value: string, o: { date?: string; channel?: string; language?: string; item?: string } = {}) =>
    rows.push([metric, o.date ?? '', o.channel ?? '', o.language ?? '', o.item ?? '', value]);
  add('range', `${d.from}..${d.to}`, { item: d.province ?? 'all provinces' });
  for (const c of [...d.conversations].sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel) || a.locale.localeCompare(b.locale))) {
    add('conversations', shownCell(c.n), { date: c.day, channel: c.channel, language: c.locale });
  }
  for (const a of d.articles) {
    add('article_shown', shownCell(a.shown), { item: a.articleId });
    add('article_helpful', shownCell(a.helpful), { item: a.articleId });
    add('article_not_helpful', shownCell(a.notHelpful), { item: a.articleId });
  }
  for (const g of d.gaps) add('knowledge_gap', String(g.people), { language: g.langs.join(' '), item: g.label });
  if (d.rareGapPeople !== 0) add('knowledge_gap', shownCell(d.rareGapPeople), { item: '(questions asked by fewer than 5 people)' });
  add('handoffs', shownCell(d.handoffs.people));
  for (const [outcome, n] of Object.entries(d.handoffs.outcomes)) add('handoffs', shownCell(n), { item: outcome });
  add('handoff_wait_p50_minutes', d.handoffs.p50Ms !== null ? (d.handoffs.p50Ms / 60_000).toFixed(1) : 'suppressed');
  add('handoff_wait_p90_minutes', d.handoffs.p90Ms !== null ? (d.handoffs.p90Ms / 60_000).toFixed(1) : 'suppressed');
  for (const [score, n] of Object.entries(d.csat.counts)) add('satisfaction', shownCell(n), { item: score });
  add('satisfaction_mean', d.csat.mean !== null ? d.csat.mean.toFixed(2) : 'suppressed');
  for (const r of d.registrations) {
    add('registrations', shownCell(r.registered), { date: new Date(r.startsAt).toISOString().slice(0, 10), item: `${r.eventId} (${r.province})` });
    add('registrations_cancelled', shownCell(r.cancelled), { date: new Date(r.startsAt).toISOString().slice(0, 10), item: `${r.eventId} (${r.province})` });
  }
  for (const [topic, n] of Object.entries(d.subscriptions)) add('subscribers', shownCell(n), { item: topic });
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
