
import type { Texts } from '../programTurn.js';
import { type AnalyticsRange, type DaySegment, type AnalyticsStore } from '../programStore.js';
import type { SqlClient, SqlStatement } from '../../storage/sqlClient.js';
import { ARTICLE_MORE_PREFIX } from '../../core/choiceIds.js';

import { num, json } from './programSql.js';
import { DISTINCT_PEOPLE } from '../../privacy/anonymousPerson.js';

/** The dashboard's aggregates (no contact ids leave it, but pseudonymous registrations) and the survey texts' retention. */
export class LibsqlAnalyticsStore implements AnalyticsStore {
  constructor(private readonly client: SqlClient) {}

  async subscriptionCounts(): Promise<Record<string, number>> {
    const [topics, people] = await this.client.batch(
      ['SELECT topic, count(*) AS n FROM subscriptions GROUP BY topic', 'SELECT count(DISTINCT contact_id) AS n FROM subscriptions'],
      'read',
    );
    return { ...Object.fromEntries(topics!.rows.map((r) => [String(r.topic), Number(r.n)])), people: Number(people!.rows[0]?.n ?? 0) };
  }

  async conversationsPerDay(segments: DaySegment[], province: string | null): Promise<{ day: number; channel: string; locale: string; n: number }[]> {
    if (!segments.length) return [];
    const statements: SqlStatement[] = segments.map((s) => ({
      sql: `SELECT (m.created_at + CAST(? AS INTEGER)) / 86400000 AS day, v.channel, coalesce(c.locale, '?') AS locale, count(DISTINCT m.conversation_id) AS n
            FROM messages m JOIN conversations v ON v.id = m.conversation_id JOIN contacts c ON c.id = v.contact_id
            WHERE m.direction = 'in' AND m.created_at >= ? AND m.created_at < ?${province ? ' AND c.province = ?' : ''}
            GROUP BY day, v.channel, locale`,
      args: [s.offsetMs, s.start, s.end, ...(province ? [province] : [])],
    }));
    const results = await this.client.batch(statements, 'read');
    return results.flatMap((r) => r.rows.map((row) => ({ day: Number(row.day), channel: String(row.channel), locale: String(row.locale), n: Number(row.n) })));
  }

  async articleFeedback(range: AnalyticsRange): Promise<{ articleId: string; helpful: number; notHelpful: number }[]> {
    const r = await this.client.execute({
      sql: `SELECT article_id, helpful, ${DISTINCT_PEOPLE} AS n FROM kb_feedback WHERE created_at >= ? AND created_at < ? GROUP BY article_id, helpful`,
      args: [range.from, range.to],
    });
    const byArticle = new Map<string, { articleId: string; helpful: number; notHelpful: number }>();
    for (const row of r.rows) {
      const id = String(row.article_id);
      const a = byArticle.get(id) ?? byArticle.set(id, { articleId: id, helpful: 0, notHelpful: 0 }).get(id)!;
      if (Number(row.helpful)) a.helpful = Number(row.n);
      else a.notHelpful = Number(row.n);
    }
    return [...byArticle.values()];
  }

  async articlesShown(range: AnalyticsRange): Promise<{ articleId: string; n: number }[]> {
    // An article's short answer carries its "read more" button (kb.more.<id>): counted, never who saw it.
    const marker = `"${ARTICLE_MORE_PREFIX}`;
    const byProvince = range.province ? ' AND m.conversation_id IN (SELECT v.id FROM conversations v JOIN contacts c ON c.id = v.contact_id WHERE c.province = ?)' : '';
    const r = await this.client.execute({
      sql: `SELECT substr(rest, 1, instr(rest, '"') - 1) AS article, count(DISTINCT conversation_id) AS n FROM (
              SELECT m.conversation_id, substr(m.reply, instr(m.reply, ?) + ?) AS rest FROM messages m
              WHERE m.direction = 'out' AND m.created_at >= ? AND m.created_at < ? AND instr(m.reply, ?) > 0${byProvince})
            GROUP BY article ORDER BY n DESC LIMIT 100`,
      args: [marker, marker.length, range.from, range.to, marker, ...(range.province ? [range.province] : [])],
    });
    return r.rows.map((row) => ({ articleId: String(row.article), n: Number(row.n) }));
  }

  async knowledgeGaps(range: AnalyticsRange, limit: number): Promise<{ query: string; lang: string; reason: string; person: string }[]> {
    const r = await this.client.execute({
      sql: "SELECT query, lang, reason, coalesce(person, '') AS person FROM knowledge_gaps WHERE created_at >= ? AND created_at < ? ORDER BY id DESC LIMIT ?",
      args: [range.from, range.to, limit],
    });
    return r.rows.map((row) => ({ query: String(row.query), lang: String(row.lang), reason: String(row.reason), person: String(row.person) }));
  }

  async handoffs(range: AnalyticsRange): Promise<{ conversationId: string; createdAt: number; claimedAt: number | null; outcome: string | null; status: string }[]> {
    const r = await this.client.execute({
      sql: `SELECT t.conversation_id, t.created_at, t.claimed_at, t.outcome, t.status FROM tickets t
            ${range.province ? 'JOIN conversations v ON v.id = t.conversation_id JOIN contacts c ON c.id = v.contact_id' : ''}
            WHERE t.created_at >= ? AND t.created_at < ?${range.province ? ' AND c.province = ?' : ''}`,
      args: [range.from, range.to, ...(range.province ? [range.province] : [])],
    });
    return r.rows.map((row) => ({ conversationId: String(row.conversation_id), createdAt: Number(row.created_at), claimedAt: num(row.claimed_at), outcome: row.outcome === null ? null : String(row.outcome), status: String(row.status) }));
  }

  async surveyCounts(survey: string, range: AnalyticsRange): Promise<{ question: string; value: string; n: number }[]> {
    const r = await this.client.execute({
      sql: `SELECT question, value, ${DISTINCT_PEOPLE} AS n FROM survey_answers WHERE survey = ? AND created_at >= ? AND created_at < ? GROUP BY question, value`,
      args: [survey, range.from, range.to],
    });
    return r.rows.map((row) => ({ question: String(row.question), value: String(row.value), n: Number(row.n) }));
  }

  async surveyComments(survey: string, question: string, range: AnalyticsRange, limit: number): Promise<{ comments: { value: string; locale: string | null }[]; people: number }> {
    const where = 'survey = ? AND question = ? AND created_at >= ? AND created_at < ?';
    const args = [survey, question, range.from, range.to];
    const [list, people] = await this.client.batch(
      [
        { sql: `SELECT value, locale FROM survey_answers WHERE ${where} ORDER BY id DESC LIMIT ?`, args: [...args, limit] },
        { sql: `SELECT ${DISTINCT_PEOPLE} AS n FROM survey_answers WHERE ${where}`, args },
      ],
      'read',
    );
    // In the order of their text: the order they came in would tell when each was written.
    const comments = list!.rows.map((row) => ({ value: String(row.value), locale: row.locale === null ? null : String(row.locale) })).sort((a, b) => a.value.localeCompare(b.value));
    return { comments, people: Number(people!.rows[0]?.n ?? 0) };
  }

  async purgeSurveyText(questions: { survey: string; question: string }[], cutoff: number): Promise<number> {
    if (!questions.length) return 0;
    const results = await this.client.batch(
      questions.map((q) => ({ sql: 'DELETE FROM survey_answers WHERE survey = ? AND question = ? AND created_at < ?', args: [q.survey, q.question, cutoff] })),
      'write',
    );
    return results.reduce((n, r) => n + r.rowsAffected, 0);
  }

  async registrationCounts(range: AnalyticsRange): Promise<{ eventId: string; titles: Texts; province: string; startsAt: number; registered: number; cancelled: number }[]> {
    const r = await this.client.execute({
      sql: `SELECT e.id, e.titles, e.province, e.starts_at,
              sum(CASE WHEN r.status = 'registered' THEN 1 ELSE 0 END) AS registered, sum(CASE WHEN r.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled
            FROM registrations r JOIN events e ON e.id = r.event_id
            WHERE r.created_at >= ? AND r.created_at < ?${range.province ? ' AND e.province = ?' : ''}
            GROUP BY e.id ORDER BY e.starts_at`,
      args: [range.from, range.to, ...(range.province ? [range.province] : [])],
    });
    return r.rows.map((row) => ({
      eventId: String(row.id),
      titles: json<Texts>(row.titles, {}),
      province: String(row.province),
      startsAt: Number(row.starts_at),
      registered: Number(row.registered),
      cancelled: Number(row.cancelled),
    }));
  }
}
