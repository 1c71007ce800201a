import type { ChannelName } from '../core/message.js';
import type { Texts, ProgramContext, ProgramEffects } from '../program/programTurn.js';
import {
  type AnalyticsRange,
  type AudienceFilter,
  type BatchMessage,
  type Campaign,
  type CampaignStatus,
  type Cursors,
  type DaySegment,
  type DeliveryCounts,
  type DueReminder,
  type EventRecord,
  type ProgramStore,
  type Recipient,
  type RegistrationRow,
} from '../program/programStore.js';
import { libsqlSqlClient, type AnySqlClient, type SqlClient, type SqlRow, type SqlStatement } from './sqlClient.js';
import { messageInserts, type InsertGuard } from './messageInserts.js';
import { ARTICLE_MORE_PREFIX } from '../core/choiceIds.js';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = <T>(v: unknown, fallback: T): T => {
  if (v === null || v === undefined) return fallback;
  try {
    return JSON.parse(String(v)) as T;
  } catch {
    return fallback;
  }
};
const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

const EVENT_COLUMNS = `e.*, (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'registered') AS taken`;

function toEvent(r: SqlRow): EventRecord {
  return {
    id: String(r.id),
    titles: json<Texts>(r.titles, {}),
    place: String(r.place),
    province: String(r.province),
    startsAt: Number(r.starts_at),
    remindAt: Number(r.remind_at),
    capacity: Number(r.capacity),
    taken: Number(r.taken ?? 0),
    languages: json<string[]>(r.languages, []),
    status: r.status === 'cancelled' ? 'cancelled' : 'active',
    createdAt: Number(r.created_at),
  };
}

function toCampaign(r: SqlRow): Campaign {
  return {
    id: String(r.id),
    name: String(r.name),
    kind: r.kind === 'survey' ? 'survey' : 'news',
    texts: json<Texts>(r.texts, {}),
    filter: json<AudienceFilter>(r.filter, { topic: 'any', locales: [], channels: [], audiences: [], provinces: [] }),
    eventId: r.event_id === null || r.event_id === undefined ? null : String(r.event_id),
    survey: r.survey === null || r.survey === undefined ? null : String(r.survey),
    status: String(r.status) as CampaignStatus,
    scheduledAt: num(r.scheduled_at),
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    audienceCount: num(r.audience_count),
    enqueued: Number(r.enqueued ?? 0),
    webchatStored: Number(r.webchat_stored ?? 0),
    cursors: json<Cursors>(r.cursors, {}),
    version: Number(r.version ?? 0),
    createdBy: r.created_by === null || r.created_by === undefined ? null : String(r.created_by),
    createdAt: Number(r.created_at),
  };
}

/**
 * Who may receive a campaign: people who consented, chose the topic (or any topic), can still be
 * reached, and match the filters. Appends its arguments to `args`, in order.
 */
function audienceWhere(f: AudienceFilter, args: unknown[]): string {
  const where = ['v.unreachable_at IS NULL', 'c.consent_at IS NOT NULL'];
  if (f.topic === 'any') where.push('EXISTS (SELECT 1 FROM subscriptions s WHERE s.contact_id = c.id)');
  else {
    where.push('EXISTS (SELECT 1 FROM subscriptions s WHERE s.contact_id = c.id AND s.topic = ?)');
    args.push(f.topic);
  }
  const within = (column: string, values: string[]) => {
    if (!values.length) return;
    where.push(`${column} IN (${placeholders(values.length)})`);
    args.push(...values);
  };
  within("coalesce(c.locale, '')", f.locales);
  within('v.channel', f.channels);
  within("coalesce(c.audience, '')", f.audiences);
  within("coalesce(c.province, '')", f.provinces);
  return where.join(' AND ');
}

const AUDIENCE_FROM = 'FROM conversations v JOIN contacts c ON c.id = v.contact_id';

/** Inserts of a batch's messages (and outbox rows, but web chat's), each only if `guard` holds. */
function messageStatements(messages: BatchMessage[], at: number, campaignId: string | null, guard: InsertGuard | null): SqlStatement[] {
  return messageInserts(
    messages.map((m) => ({
      id: m.messageId,
      conversationId: m.conversationId,
      direction: 'out' as const,
      author: 'bot' as const,
      text: m.reply.text,
      reply: m.reply,
      createdAt: at,
      ...(m.channel !== 'webchat' && m.channel !== 'cli' ? { outbox: { channel: m.channel, recipient: m.recipient, campaignId } } : {}),
    })),
    guard ?? undefined,
  );
}

/** The program's tables on libSQL (file, remote) or D1, in raw SQL; every write of one action in one batch. */
export class LibsqlProgramStore implements ProgramStore {
  private readonly client: SqlClient;
  constructor(client: AnySqlClient) {
    this.client = libsqlSqlClient(client);
  }

  async programContext(contact: { id: string; province: string | null }, now: number, eventIds: string[], shown: number): Promise<ProgramContext> {
    const upcoming = `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.status = 'active' AND e.starts_at > ?`;
    const ids = eventIds.slice(0, 10);
    const [near, region, requested, registered] = await this.client.batch(
      [
        { sql: `${upcoming} AND e.province = ? ORDER BY e.starts_at LIMIT ?`, args: [now, contact.province ?? '', shown] },
        { sql: `${upcoming} ORDER BY e.starts_at LIMIT ?`, args: [now, shown] },
        { sql: `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id IN (${ids.length ? placeholders(ids.length) : "''"})`, args: ids },
        { sql: "SELECT event_id FROM registrations WHERE contact_id = ? AND status = 'registered'", args: [contact.id] },
      ],
      'read',
    );
    const nearby = near!.rows.map(toEvent);
    return {
      nearby: nearby.length ? nearby : region!.rows.map(toEvent),
      nearbyIsRegion: nearby.length === 0,
      requested: requested!.rows.map(toEvent),
      registered: registered!.rows.map((r) => String(r.event_id)),
    };
  }

  async applyEffects(target: { contactId: string; channel: ChannelName; recipient: string }, effects: ProgramEffects, now: number): Promise<boolean> {
    const statements: SqlStatement[] = [];
    let registerAt = -1;
    for (const topic of effects.subscribe ?? []) {
      statements.push({ sql: 'INSERT INTO subscriptions (contact_id, topic, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', args: [target.contactId, topic, now] });
    }
    if (effects.unsubscribeAll) {
      statements.push(
        { sql: 'DELETE FROM subscriptions WHERE contact_id = ?', args: [target.contactId] },
        // Campaign messages still waiting for this person are not sent.
        {
          sql: "UPDATE outbox SET status = 'failed', last_error = 'unsubscribed' WHERE campaign_id IS NOT NULL AND status = 'pending' AND channel = ? AND recipient = ?",
          args: [target.channel, target.recipient],
        },
      );
    }
    if (effects.register) {
      registerAt = statements.length;
      // One seat, if one is left: the count and the insert are one statement (no race between two people).
      statements.push({
        sql: `INSERT INTO registrations (event_id, contact_id, status, created_at, updated_at)
              SELECT e.id, ?, 'registered', ?, ? FROM events e
              WHERE e.id = ? AND e.status = 'active' AND e.starts_at > ?
                AND e.capacity > (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'registered')
              ON CONFLICT (event_id, contact_id) DO UPDATE SET status = 'registered', created_at = excluded.created_at, updated_at = excluded.updated_at, reminded_at = NULL
              WHERE registrations.status <> 'registered'`,
        args: [target.contactId, now, now, effects.register, now],
      });
    }
    if (effects.cancel) {
      statements.push({
        sql: "UPDATE registrations SET status = 'cancelled', updated_at = ? WHERE event_id = ? AND contact_id = ? AND status = 'registered'",
        args: [now, effects.cancel, target.contactId],
      });
    }
    if (!statements.length) return true;
    const results = await this.client.batch(statements, 'write');
    return registerAt < 0 || results[registerAt]!.rowsAffected === 1;
  }

  async createCampaign(c: Campaign): Promise<void> {
    await this.client.execute({
      sql: `INSERT INTO campaigns (id, name, kind, texts, filter, event_id, survey, status, scheduled_at, cursors, version, created_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [c.id, c.name, c.kind, JSON.stringify(c.texts), JSON.stringify(c.filter), c.eventId, c.survey, c.status, c.scheduledAt, JSON.stringify(c.cursors), c.version, c.createdBy, c.createdAt, c.createdAt],
    });
  }

  async getCampaign(id: string): Promise<Campaign | null> {
    const r = await this.client.execute({ sql: 'SELECT * FROM campaigns WHERE id = ?', args: [id] });
    return r.rows[0] ? toCampaign(r.rows[0]) : null;
  }

  async listCampaigns(limit: number): Promise<Campaign[]> {
    const r = await this.client.execute({ sql: 'SELECT * FROM campaigns ORDER BY created_at DESC LIMIT ?', args: [limit] });
    return r.rows.map(toCampaign);
  }

  async setCampaignStatus(
    id: string,
    from: CampaignStatus[],
    to: CampaignStatus,
    fields: Partial<Pick<Campaign, 'scheduledAt' | 'startedAt' | 'finishedAt' | 'audienceCount'>>,
    at: number,
  ): Promise<boolean> {
    const columns: Record<string, string> = { scheduledAt: 'scheduled_at', startedAt: 'started_at', finishedAt: 'finished_at', audienceCount: 'audience_count' };
    const sets = ['status = ?', 'updated_at = ?', 'version = ?'];
    const args: unknown[] = [to, at, randomVersion()];
    for (const [k, v] of Object.entries(fields)) {
      sets.push(`${columns[k]} = ?`);
      args.push(v ?? null);
    }
    const r = await this.client.execute({ sql: `UPDATE campaigns SET ${sets.join(', ')} WHERE id = ? AND status IN (${placeholders(from.length)})`, args: [...args, id, ...from] });
    return r.rowsAffected === 1;
  }

  async campaignsToRun(now: number): Promise<Campaign[]> {
    const r = await this.client.execute({ sql: "SELECT * FROM campaigns WHERE status = 'sending' OR (status = 'scheduled' AND scheduled_at <= ?) ORDER BY created_at", args: [now] });
    return r.rows.map(toCampaign);
  }

  async countAudience(filter: AudienceFilter, channels: ChannelName[]): Promise<Record<string, number>> {
    if (!channels.length) return {};
    const args: unknown[] = [];
    const where = audienceWhere(filter, args);
    const r = await this.client.execute({
      sql: `SELECT v.channel, count(*) AS n ${AUDIENCE_FROM} WHERE ${where} AND v.channel IN (${placeholders(channels.length)}) GROUP BY v.channel`,
      args: [...args, ...channels],
    });
    return Object.fromEntries(r.rows.map((row) => [String(row.channel), Number(row.n)]));
  }

  async nextRecipients(filter: AudienceFilter, channel: ChannelName, after: string | null, limit: number): Promise<Recipient[]> {
    const args: unknown[] = [channel, after ?? ''];
    const where = audienceWhere(filter, args);
    const r = await this.client.execute({
      sql: `SELECT v.id, v.channel, v.channel_user_id, c.locale ${AUDIENCE_FROM} WHERE v.channel = ? AND v.id > ? AND ${where} ORDER BY v.id LIMIT ?`,
      args: [...args, limit],
    });
    return r.rows.map((row) => ({
      conversationId: String(row.id),
      channel: String(row.channel) as ChannelName,
      channelUserId: String(row.channel_user_id),
      locale: row.locale === null ? null : String(row.locale),
    }));
  }

  async enqueueBatch(campaign: Campaign, cursors: Cursors, messages: BatchMessage[], at: number): Promise<boolean> {
    const version = randomVersion();
    const webchat = messages.filter((m) => m.channel === 'webchat').length;
    const guard = { sql: 'EXISTS (SELECT 1 FROM campaigns WHERE id = ? AND version = ?)', args: [campaign.id, version] };
    const results = await this.client.batch(
      [
        {
          sql: `UPDATE campaigns SET version = ?, cursors = ?, enqueued = enqueued + ?, webchat_stored = webchat_stored + ?, updated_at = ?
                WHERE id = ? AND version = ? AND status = 'sending'`,
          args: [version, JSON.stringify(cursors), messages.length, webchat, at, campaign.id, campaign.version],
        },
        ...messageStatements(messages, at, campaign.id, guard),
      ],
      'write',
    );
    if (results[0]!.rowsAffected !== 1) return false;
    campaign.version = version;
    campaign.cursors = cursors;
    campaign.enqueued += messages.length;
    campaign.webchatStored += webchat;
    return true;
  }

  async campaignBacklog(channel: ChannelName): Promise<number> {
    const r = await this.client.execute({
      sql: "SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending') AND channel = ? AND campaign_id IS NOT NULL",
      args: [channel],
    });
    return Number(r.rows[0]?.n ?? 0);
  }

  async deliveryCounts(campaignId: string): Promise<DeliveryCounts> {
    const r = await this.client.execute({ sql: 'SELECT status, count(*) AS n FROM outbox WHERE campaign_id = ? GROUP BY status', args: [campaignId] });
    const out: DeliveryCounts = { queued: 0, sent: 0, delivered: 0, read: 0, failed: 0 };
    for (const row of r.rows) {
      const status = String(row.status);
      const key = status === 'pending' || status === 'sending' ? 'queued' : (status as keyof DeliveryCounts);
      if (key in out) out[key] += Number(row.n);
    }
    return out;
  }

  async dropQueued(campaignId: string): Promise<number> {
    const r = await this.client.execute({ sql: "UPDATE outbox SET status = 'failed', last_error = 'campaign cancelled' WHERE campaign_id = ? AND status = 'pending'", args: [campaignId] });
    return r.rowsAffected;
  }

  async saveEvent(e: EventRecord): Promise<void> {
    await this.client.execute({
      sql: `INSERT INTO events (id, titles, place, province, starts_at, remind_at, capacity, languages, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET titles = excluded.titles, place = excluded.place, province = excluded.province, starts_at = excluded.starts_at,
              remind_at = excluded.remind_at, capacity = excluded.capacity, languages = excluded.languages, updated_at = excluded.updated_at`,
      args: [e.id, JSON.stringify(e.titles), e.place, e.province, e.startsAt, e.remindAt, e.capacity, JSON.stringify(e.languages), e.status, e.createdAt, e.createdAt],
    });
  }

  async getEvent(id: string): Promise<EventRecord | null> {
    const r = await this.client.execute({ sql: `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = ?`, args: [id] });
    return r.rows[0] ? toEvent(r.rows[0]) : null;
  }

  async listEvents(fromTime: number, limit: number): Promise<EventRecord[]> {
    const r = await this.client.execute({ sql: `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.starts_at >= ? ORDER BY e.starts_at LIMIT ?`, args: [fromTime, limit] });
    return r.rows.map(toEvent);
  }

  async cancelEvent(id: string, at: number): Promise<boolean> {
    const r = await this.client.execute({ sql: "UPDATE events SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'active'", args: [at, id] });
    return r.rowsAffected === 1;
  }

  async registrations(eventId: string): Promise<RegistrationRow[]> {
    const r = await this.client.execute({
      sql: `SELECT r.contact_id, r.status, r.created_at, r.reminded_at, c.locale, (SELECT v.channel FROM conversations v WHERE v.contact_id = r.contact_id LIMIT 1) AS channel
            FROM registrations r JOIN contacts c ON c.id = r.contact_id WHERE r.event_id = ? ORDER BY r.created_at`,
      args: [eventId],
    });
    return r.rows.map((row) => ({
      contactId: String(row.contact_id),
      locale: row.locale === null ? null : String(row.locale),
      channel: row.channel === null ? null : String(row.channel),
      status: row.status === 'cancelled' ? 'cancelled' : 'registered',
      createdAt: Number(row.created_at),
      remindedAt: num(row.reminded_at),
    }));
  }

  async dueReminders(now: number, limit: number): Promise<DueReminder[]> {
    const r = await this.client.execute({
      sql: `SELECT r.event_id, r.contact_id, c.locale, v.id AS conversation_id, v.channel, v.channel_user_id
            FROM registrations r JOIN events e ON e.id = r.event_id JOIN contacts c ON c.id = r.contact_id JOIN conversations v ON v.contact_id = r.contact_id
            WHERE r.status = 'registered' AND r.reminded_at IS NULL AND e.status = 'active' AND e.remind_at <= ? AND e.starts_at > ?
              AND r.created_at < e.remind_at AND v.unreachable_at IS NULL
            ORDER BY e.starts_at LIMIT ?`,
      args: [now, now, limit],
    });
    return r.rows.map((row) => ({
      eventId: String(row.event_id),
      contactId: String(row.contact_id),
      locale: row.locale === null ? null : String(row.locale),
      conversationId: String(row.conversation_id),
      channel: String(row.channel) as ChannelName,
      channelUserId: String(row.channel_user_id),
    }));
  }

  async recordReminders(items: { eventId: string; contactId: string; message: BatchMessage }[], at: number): Promise<number> {
    let sent = 0;
    for (const part of chunks(items, 20)) {
      const statements: SqlStatement[] = [];
      const marks: number[] = [];
      for (const item of part) {
        marks.push(statements.length);
        statements.push({ sql: 'UPDATE registrations SET reminded_at = ? WHERE event_id = ? AND contact_id = ? AND reminded_at IS NULL', args: [at, item.eventId, item.contactId] });
        // The message only goes with the mark: a reminder another loop already sent is not sent again.
        statements.push(
          ...messageStatements([item.message], at, null, { sql: 'EXISTS (SELECT 1 FROM registrations WHERE event_id = ? AND contact_id = ? AND reminded_at = ?)', args: [item.eventId, item.contactId, at] }),
        );
      }
      const results = await this.client.batch(statements, 'write');
      sent += marks.filter((i) => results[i]!.rowsAffected === 1).length;
    }
    return sent;
  }

  async registeredRecipients(eventId: string): Promise<(Recipient & { contactId: string })[]> {
    const r = await this.client.execute({
      sql: `SELECT r.contact_id, c.locale, v.id, v.channel, v.channel_user_id FROM registrations r JOIN contacts c ON c.id = r.contact_id
            JOIN conversations v ON v.contact_id = r.contact_id WHERE r.event_id = ? AND r.status = 'registered' AND v.unreachable_at IS NULL`,
      args: [eventId],
    });
    return r.rows.map((row) => ({
      contactId: String(row.contact_id),
      conversationId: String(row.id),
      channel: String(row.channel) as ChannelName,
      channelUserId: String(row.channel_user_id),
      locale: row.locale === null ? null : String(row.locale),
    }));
  }

  async storeMessages(messages: BatchMessage[], at: number): Promise<void> {
    for (const part of chunks(messages, 100)) if (part.length) await this.client.batch(messageStatements(part, at, null, null), 'write');
  }

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
      sql: `SELECT article_id, sum(CASE WHEN helpful THEN 1 ELSE 0 END) AS yes, sum(CASE WHEN helpful THEN 0 ELSE 1 END) AS no
            FROM kb_feedback WHERE created_at >= ? AND created_at < ? GROUP BY article_id`,
      args: [range.from, range.to],
    });
    return r.rows.map((row) => ({ articleId: String(row.article_id), helpful: Number(row.yes), notHelpful: Number(row.no) }));
  }

  async articlesShown(range: AnalyticsRange): Promise<{ articleId: string; n: number }[]> {
    // An article's short answer carries its "read more" button (kb.more.<id>): counted, never who saw it.
    const marker = `"${ARTICLE_MORE_PREFIX}`;
    const byProvince = range.province ? ' AND m.conversation_id IN (SELECT v.id FROM conversations v JOIN contacts c ON c.id = v.contact_id WHERE c.province = ?)' : '';
    const r = await this.client.execute({
      sql: `SELECT substr(rest, 1, instr(rest, '"') - 1) AS article, count(*) AS n FROM (
              SELECT substr(m.reply, instr(m.reply, ?) + ?) AS rest FROM messages m
              WHERE m.direction = 'out' AND m.created_at >= ? AND m.created_at < ? AND instr(m.reply, ?) > 0${byProvince})
            GROUP BY article ORDER BY n DESC LIMIT 100`,
      args: [marker, marker.length, range.from, range.to, marker, ...(range.province ? [range.province] : [])],
    });
    return r.rows.map((row) => ({ articleId: String(row.article), n: Number(row.n) }));
  }

  async knowledgeGaps(range: AnalyticsRange, limit: number): Promise<{ query: string; lang: string; reason: string }[]> {
    const r = await this.client.execute({
      sql: 'SELECT query, lang, reason FROM knowledge_gaps WHERE created_at >= ? AND created_at < ? ORDER BY id DESC LIMIT ?',
      args: [range.from, range.to, limit],
    });
    return r.rows.map((row) => ({ query: String(row.query), lang: String(row.lang), reason: String(row.reason) }));
  }

  async handoffs(range: AnalyticsRange): Promise<{ createdAt: number; claimedAt: number | null; outcome: string | null; status: string }[]> {
    const r = await this.client.execute({
      sql: `SELECT t.created_at, t.claimed_at, t.outcome, t.status FROM tickets t
            ${range.province ? 'JOIN conversations v ON v.id = t.conversation_id JOIN contacts c ON c.id = v.contact_id' : ''}
            WHERE t.created_at >= ? AND t.created_at < ?${range.province ? ' AND c.province = ?' : ''}`,
      args: [range.from, range.to, ...(range.province ? [range.province] : [])],
    });
    return r.rows.map((row) => ({ createdAt: Number(row.created_at), claimedAt: num(row.claimed_at), outcome: row.outcome === null ? null : String(row.outcome), status: String(row.status) }));
  }

  async surveyCounts(survey: string, range: AnalyticsRange): Promise<{ question: string; value: string; n: number }[]> {
    const r = await this.client.execute({
      sql: 'SELECT question, value, count(*) AS n FROM survey_answers WHERE survey = ? AND created_at >= ? AND created_at < ? GROUP BY question, value',
      args: [survey, range.from, range.to],
    });
    return r.rows.map((row) => ({ question: String(row.question), value: String(row.value), n: Number(row.n) }));
  }

  async surveyComments(survey: string, question: string, range: AnalyticsRange, limit: number): Promise<{ value: string; locale: string | null; at: number }[]> {
    const r = await this.client.execute({
      sql: 'SELECT value, locale, created_at FROM survey_answers WHERE survey = ? AND question = ? AND created_at >= ? AND created_at < ? ORDER BY id DESC LIMIT ?',
      args: [survey, question, range.from, range.to, limit],
    });
    return r.rows.map((row) => ({ value: String(row.value), locale: row.locale === null ? null : String(row.locale), at: Number(row.created_at) }));
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

/** An opaque number that changes with every write to a campaign (a batch's claim). */
function randomVersion(): number {
  return Math.floor(Math.random() * 2 ** 48) + 1;
}
