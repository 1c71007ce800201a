/**
 * The numbers for the Center and the regional observatory: volumes, answers, gaps, handoffs,
 * satisfaction, registrations. Aggregates only; the CSV export suppresses every cell under 5 people.
 */
import { normalizeText } from '../knowledge/normalize.js';
import { STOPWORDS } from '../knowledge/stopwords.js';
import { addDays, isDate, localDate, localDays, offsetMs } from './centerTime.js';
import { csvCell } from './events.js';
import { PROVINCES } from './programDeps.js';
import type { AnalyticsRange, DaySegment, ProgramStore } from './programStore.js';
import { pickText } from './programTurn.js';

/** Counts under this many people are not exported ("<5"). */
export const SMALL_CELL = 5;
/** The longest range the dashboard and the export cover. */
export const MAX_DAYS = 366;

export interface GapGroup {
  /** The most frequent wording in the group. */
  label: string;
  count: number;
  langs: string[];
  examples: string[];
}

export interface DashboardData {
  from: string;
  to: string;
  province: string | null;
  days: string[];
  conversations: { day: string; channel: string; locale: string; n: number }[];
  articles: { articleId: string; shown: number; helpful: number; notHelpful: number }[];
  gaps: GapGroup[];
  gapTotal: number;
  handoffs: { total: number; claimed: number; p50Ms: number | null; p90Ms: number | null; outcomes: Record<string, number> };
  csat: { counts: Record<string, number>; n: number; mean: number | null };
  registrations: { eventId: string; title: string; province: string; startsAt: number; registered: number; cancelled: number }[];
  subscriptions: Record<string, number>;
}

export type RangeQuery = { ok: true; from: string; to: string; province: string | null } | { ok: false; error: string };

/** Reads ?from=&to=&province= (local dates, inclusive); defaults to the last 30 days. */
export function parseRange(q: { from?: string | undefined; to?: string | undefined; province?: string | undefined }, now: number, timeZone: string): RangeQuery {
  const today = localDate(now, timeZone);
  const to = q.to || today;
  const from = q.from || addDays(to, -29);
  if (!isDate(from) || !isDate(to)) return { ok: false, error: 'from and to are dates such as 2026-11-01' };
  if (from > to) return { ok: false, error: 'from must not be after to' };
  if (localDays(from, to, 'UTC').length > MAX_DAYS) return { ok: false, error: `at most ${MAX_DAYS} days` };
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

/** Questions without an answer, grouped when their normalized words mostly overlap ("carte sejour tata" ~ "carte de séjour à Tata"). */
export function groupGaps(gaps: { query: string; lang: string }[]): GapGroup[] {
  const groups: (GapGroup & { words: Set<string>; wordings: Map<string, { text: string; n: number }> })[] = [];
  for (const g of gaps) {
    const words = contentWords(g.query);
    let group = groups.find((x) => similar(x.words, words));
    if (!group) {
      group = { label: g.query, count: 0, langs: [], examples: [], words, wordings: new Map() };
      groups.push(group);
    }
    group.count++;
    if (!group.langs.includes(g.lang)) group.langs.push(g.lang);
    const key = g.query.trim().toLowerCase();
    const seen = group.wordings.get(key);
    group.wordings.set(key, { text: seen?.text ?? g.query.trim(), n: (seen?.n ?? 0) + 1 });
  }
  return groups
    .map((g) => {
      // The most frequent wording (case aside), then the shortest.
      const ranked = [...g.wordings.values()].sort((a, b) => b.n - a.n || a.text.length - b.text.length);
      return { label: ranked[0]!.text, count: g.count, langs: g.langs, examples: ranked.slice(1, 4).map((w) => w.text) };
    })
    .sort((a, b) => b.count - a.count);
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
  const waits = tickets.filter((t) => t.claimedAt !== null).map((t) => t.claimedAt! - t.createdAt);
  const outcomes: Record<string, number> = {};
  for (const t of tickets) {
    const k = t.outcome ?? t.status;
    outcomes[k] = (outcomes[k] ?? 0) + 1;
  }
  const csatCounts: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const a of csat) if (a.value in csatCounts) csatCounts[a.value] = (csatCounts[a.value] ?? 0) + a.n;
  const n = Object.values(csatCounts).reduce((a, b) => a + b, 0);
  const mean = n ? Object.entries(csatCounts).reduce((s, [v, k]) => s + Number(v) * k, 0) / n : null;
  return {
    from: q.from,
    to: q.to,
    province: q.province,
    days: days.map((d) => d.day),
    conversations: perDay.map((r) => ({ day: new Date(r.day * 86_400_000).toISOString().slice(0, 10), channel: r.channel, locale: r.locale, n: r.n })),
    articles: [...articles.values()].sort((a, b) => b.shown - a.shown || b.helpful + b.notHelpful - (a.helpful + a.notHelpful)),
    gaps: groupGaps(gaps),
    gapTotal: gaps.length,
    handoffs: { total: tickets.length, claimed: waits.length, p50Ms: percentile(waits, 50), p90Ms: percentile(waits, 90), outcomes },
    csat: { counts: csatCounts, n, mean },
    registrations: registrations.map((r) => ({ ...r, title: pickText(r.titles, 'fr')?.text ?? r.eventId })),
    subscriptions,
  };
}

/** A count as exported: 1 to 4 people are "<5" (small cells could point at someone). */
export function suppress(n: number): string {
  return n > 0 && n < SMALL_CELL ? `<${SMALL_CELL}` : String(n);
}

/**
 * The export for the observatory: one row per aggregate, no contact id, no message, and every
 * count of 1 to 4 people suppressed; statistics over fewer than 5 people are left out; questions
 * without an answer appear only when at least 5 people asked them.
 */
export function analyticsCsv(d: DashboardData): string {
  const rows: (string | number)[][] = [['metric', 'date', 'channel', 'language', 'item', 'value']];
  const add = (metric: string, value: string, o: { date?: string; channel?: string; language?: string; item?: string } = {}) =>
    rows.push([metric, o.date ?? '', o.channel ?? '', o.language ?? '', o.item ?? '', value]);
  add('range', `${d.from}..${d.to}`, { item: d.province ?? 'all provinces' });
  for (const c of [...d.conversations].sort((a, b) => a.day.localeCompare(b.day) || a.channel.localeCompare(b.channel) || a.locale.localeCompare(b.locale))) {
    add('conversations', suppress(c.n), { date: c.day, channel: c.channel, language: c.locale });
  }
  for (const a of d.articles) {
    add('article_shown', suppress(a.shown), { item: a.articleId });
    add('article_helpful', suppress(a.helpful), { item: a.articleId });
    add('article_not_helpful', suppress(a.notHelpful), { item: a.articleId });
  }
  let rare = 0;
  for (const g of d.gaps) {
    if (g.count >= SMALL_CELL) add('knowledge_gap', String(g.count), { language: g.langs.join(' '), item: g.label });
    else rare += g.count;
  }
  if (rare) add('knowledge_gap', suppress(rare), { item: '(questions asked by fewer than 5 people)' });
  add('handoffs', suppress(d.handoffs.total));
  for (const [outcome, n] of Object.entries(d.handoffs.outcomes)) add('handoffs', suppress(n), { item: outcome });
  const enough = d.handoffs.claimed >= SMALL_CELL;
  add('handoff_wait_p50_minutes', enough && d.handoffs.p50Ms !== null ? (d.handoffs.p50Ms / 60_000).toFixed(1) : 'suppressed');
  add('handoff_wait_p90_minutes', enough && d.handoffs.p90Ms !== null ? (d.handoffs.p90Ms / 60_000).toFixed(1) : 'suppressed');
  for (const [score, n] of Object.entries(d.csat.counts)) add('satisfaction', suppress(n), { item: score });
  add('satisfaction_mean', d.csat.n >= SMALL_CELL && d.csat.mean !== null ? d.csat.mean.toFixed(2) : 'suppressed');
  for (const r of d.registrations) {
    add('registrations', suppress(r.registered), { date: new Date(r.startsAt).toISOString().slice(0, 10), item: `${r.eventId} (${r.province})` });
    add('registrations_cancelled', suppress(r.cancelled), { date: new Date(r.startsAt).toISOString().slice(0, 10), item: `${r.eventId} (${r.province})` });
  }
  for (const [topic, n] of Object.entries(d.subscriptions)) add('subscribers', suppress(n), { item: topic });
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
