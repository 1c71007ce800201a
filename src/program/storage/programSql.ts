/**
 * What the program's stores share: row readers, the audience filter, the message inserts of a batch.
 */

import type { Texts } from '../programTurn.js';
import { type AudienceFilter, type BatchMessage, type Campaign, type CampaignStatus, type Cursors, type EventRecord } from '../programStore.js';
import { type SqlRow, type SqlStatement } from '../../storage/sqlClient.js';
import { messageInserts, type InsertGuard } from '../../storage/messageInserts.js';

export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
export const json = <T>(v: unknown, fallback: T): T => {
  if (v === null || v === undefined) return fallback;
  try {
    return JSON.parse(String(v)) as T;
  } catch {
    return fallback;
  }
};
export const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));
export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export const EVENT_COLUMNS = `e.*, (SELECT count(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'registered') AS taken`;

export function toEvent(r: SqlRow): EventRecord {
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

export function toCampaign(r: SqlRow): Campaign {
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
export function audienceWhere(f: AudienceFilter, args: unknown[]): string {
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

export const AUDIENCE_FROM = 'FROM conversations v JOIN contacts c ON c.id = v.contact_id';

/** Inserts of a batch's messages (and outbox rows, but web chat's), each only if `guard` holds. */
export function messageStatements(messages: BatchMessage[], at: number, campaignId: string | null, guard: InsertGuard | null): SqlStatement[] {
  return messageInserts(
    messages.map((m) => ({
      id: m.messageId,
      conversationId: m.conversationId,
      direction: 'out' as const,
      author: 'bot' as const,
      text: m.reply.text,
      reply: m.reply,
      createdAt: at,
      ...(m.pushed ? { outbox: { channel: m.channel, recipient: m.recipient, campaignId } } : {}),
    })),
    guard ?? undefined,
  );
}

/** The program's tables on libSQL (file, remote) or D1, in raw SQL; every write of one action in one batch. */
/** An opaque number that changes with every write to a campaign (a batch's claim). */
export function randomVersion(): number {
  return Math.floor(Math.random() * 2 ** 48) + 1;
}
