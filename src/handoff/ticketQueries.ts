import type { ChannelName } from '../core/message.js';
import type { SqlClient, SqlRow as Row } from '../storage/sqlClient.js';
import { pseudonymFor } from './pseudonym.js';
import type { Outcome, QueueCounts, QueueFilter, TicketStatus, TicketSummary } from './handoffPorts.js';

export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * A ticket as the queue shows it. `:me` is the advisor asking (their unread count). Unread: the
 * person's messages after the advisor's read marker, or, before they opened it, after the ticket
 * opened; none once closed. The last message: the person's or an advisor's (the bot's automatic
 * answers say little), or the bot's when there is nothing else.
 */
export const SUMMARY_SQL = `SELECT t.id, t.status, t.topic, t.sensitive, t.created_at, t.claimed_at, t.escalated_at, t.closed_at, t.outcome, t.assigned_to,
  a.name AS assigned_name, t.conversation_id, v.channel, c.locale, c.province, c.id AS contact_id,
  (SELECT ca.name FROM ticket_events e JOIN advisors ca ON ca.id = e.advisor_id WHERE e.ticket_id = t.id AND e.kind = 'closed' ORDER BY e.id DESC LIMIT 1) AS closed_by_name,
  coalesce(
    (SELECT json_array(m.direction, m.author, m.kind, substr(coalesce(m.text, ''), 1, 300), m.created_at) FROM messages m WHERE m.conversation_id = t.conversation_id AND m.author <> 'bot' ORDER BY m.seq DESC LIMIT 1),
    (SELECT json_array(m.direction, m.author, m.kind, substr(coalesce(m.text, ''), 1, 300), m.created_at) FROM messages m WHERE m.conversation_id = t.conversation_id ORDER BY m.seq DESC LIMIT 1)) AS last_json,
  (SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = t.conversation_id AND m.direction = 'in') AS last_in_at,
  CASE WHEN t.status = 'closed' THEN 0 ELSE (SELECT count(*) FROM messages m WHERE m.conversation_id = t.conversation_id AND m.direction = 'in' AND m.seq > coalesce(
    (SELECT r.seq FROM ticket_reads r WHERE r.ticket_id = t.id AND r.advisor_id = :me),
    (SELECT coalesce(max(m0.seq), 0) FROM messages m0 WHERE m0.conversation_id = t.conversation_id AND m0.created_at <= t.created_at))) END AS unread
  FROM tickets t JOIN conversations v ON v.id = t.conversation_id JOIN contacts c ON c.id = v.contact_id
  LEFT JOIN advisors a ON a.id = t.assigned_to`;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

function lastOf(json: unknown): TicketSummary['last'] {
  if (typeof json !== 'string') return null;
  const [direction, author, kind, text, at] = JSON.parse(json) as [string, string, string, string, number];
  return { from: direction === 'in' ? 'person' : author === 'advisor' ? 'advisor' : 'bot', kind, text, at: Number(at) };
}

export function toSummary(r: Row): TicketSummary {
  const last = lastOf(r.last_json);
  return {
    id: String(r.id),
    status: String(r.status) as TicketStatus,
    topic: String(r.topic),
    sensitive: Boolean(r.sensitive),
    createdAt: Number(r.created_at),
    claimedAt: num(r.claimed_at),
    escalatedAt: num(r.escalated_at),
    closedAt: num(r.closed_at),
    outcome: str(r.outcome) as Outcome | null,
    closedByName: str(r.closed_by_name),
    assignedTo: str(r.assigned_to),
    assignedName: str(r.assigned_name),
    conversationId: String(r.conversation_id),
    channel: String(r.channel) as ChannelName,
    locale: str(r.locale),
    province: str(r.province),
    pseudonym: pseudonymFor(String(r.contact_id)),
    lastMessageAt: last?.at ?? null,
    lastPersonAt: num(r.last_in_at),
    last,
    unread: Number(r.unread ?? 0),
  };
}

const LAST_IN = "(SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = t.conversation_id AND m.direction = 'in')";
/** Mine: the latest words from the person first. The id breaks ties, so the page and its rows agree. */
const ORDER: Record<QueueFilter['status'], string> = {
  waiting: 't.sensitive DESC, t.created_at ASC, t.id',
  mine: `${LAST_IN} DESC, t.id`,
  all: 't.created_at DESC, t.id',
};
const BASE = 'FROM tickets t JOIN conversations v ON v.id = t.conversation_id JOIN contacts c ON c.id = v.contact_id';

const likeOf = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** Ids that come from our own content or database, written into the SQL (D1 binds at most 100 values). */
const quoted = (ids: string[]) => ids.map((id) => `'${id.replace(/'/g, "''")}'`).join(', ');
const SAFE_ID = /^[A-Za-z0-9_.:-]{1,120}$/;

/** The characters of a pseudonym ("P-7KQ2-M9" → "7KQ2M9"), when a word could be one. */
function pseudonymCode(word: string): string | null {
  const code = word.toUpperCase().replace(/^P-/, '').replace(/-/g, '');
  return /^[2-9A-HJ-NP-Z]{3,6}$/.test(code) ? code : null;
}

/** The queue: one status, optional filters, and search words that must all match. */
export async function listTickets(client: SqlClient, filter: QueueFilter, advisorId: string, limit: number, offset = 0): Promise<TicketSummary[]> {
  const where: string[] = [filter.status === 'waiting' ? "t.status = 'waiting'" : filter.status === 'mine' ? "t.status = 'with_advisor' AND t.assigned_to = :me" : '1 = 1'];
  const args: Record<string, unknown> = { me: advisorId, limit, offset };
  if (filter.channel) (where.push('v.channel = :channel'), (args.channel = filter.channel));
  if (filter.locale) (where.push('c.locale = :locale'), (args.locale = filter.locale));
  if (filter.sensitive) where.push('t.sensitive = 1');
  const words = (filter.words ?? []).slice(0, 8);
  const pseudonyms = words.some((w) => pseudonymCode(w.text)) ? await contactPseudonyms(client) : [];
  words.forEach((w, i) => {
    const name = `w${i}`;
    args[name] = likeOf(w.text);
    const any = [
      `t.topic LIKE :${name} ESCAPE '\\'`,
      `c.province LIKE :${name} ESCAPE '\\'`,
      `EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = t.conversation_id AND m.author <> 'bot' AND m.text LIKE :${name} ESCAPE '\\')`,
      `EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'note' AND e.text LIKE :${name} ESCAPE '\\')`,
    ];
    const topics = w.topics.filter((x) => SAFE_ID.test(x));
    const provinces = w.provinces.filter((x) => SAFE_ID.test(x));
    if (topics.length) any.push(`t.topic IN (${quoted(topics)})`);
    if (provinces.length) any.push(`c.province IN (${quoted(provinces)})`);
    const code = pseudonymCode(w.text);
    const people = code ? pseudonyms.filter((p) => p.code.includes(code)).slice(0, 200).map((p) => p.contactId).filter((x) => SAFE_ID.test(x)) : [];
    if (people.length) any.push(`c.id IN (${quoted(people)})`);
    where.push(`(${any.join(' OR ')})`);
  });
  // The page's ids first (filters and order only), then the costly columns for those rows alone.
  const page = `SELECT t.id ${BASE} WHERE ${where.join(' AND ')} ORDER BY ${ORDER[filter.status]} LIMIT :limit OFFSET :offset`;
  const r = await client.execute({ sql: `${SUMMARY_SQL} WHERE t.id IN (${page}) ORDER BY ${ORDER[filter.status]}`, args });
  return r.rows.map(toSummary);
}

/** Every person who has a ticket, with their pseudonym's characters (pseudonyms are computed, not stored). */
async function contactPseudonyms(client: SqlClient): Promise<{ contactId: string; code: string }[]> {
  const r = await client.execute('SELECT DISTINCT v.contact_id FROM tickets t JOIN conversations v ON v.id = t.conversation_id');
  return r.rows.map((x) => {
    const contactId = String(x.contact_id);
    return { contactId, code: pseudonymFor(contactId).slice(2).replace('-', '') };
  });
}

/** How many wait, how many I have, and how many of mine have something new. */
export async function queueCounts(client: SqlClient, advisorId: string): Promise<QueueCounts> {
  const r = await client.execute({
    sql: `SELECT sum(q.status = 'waiting') AS waiting, sum(q.status = 'with_advisor' AND q.assigned_to = :me) AS mine, sum(q.status = 'with_advisor' AND q.assigned_to = :me AND q.unread > 0) AS mine_unread
          FROM (${SUMMARY_SQL} WHERE t.status <> 'closed') q`,
    args: { me: advisorId },
  });
  const row = r.rows[0] ?? {};
  return { waiting: Number(row.waiting ?? 0), mine: Number(row.mine ?? 0), mineUnread: Number(row.mine_unread ?? 0) };
}

export async function markRead(client: SqlClient, ticketId: string, advisorId: string, seq: number, at: number): Promise<void> {
  await client.execute({
    sql: `INSERT INTO ticket_reads (ticket_id, advisor_id, seq, at) VALUES (?, ?, ?, ?)
          ON CONFLICT (ticket_id, advisor_id) DO UPDATE SET seq = max(ticket_reads.seq, excluded.seq), at = excluded.at`,
    args: [ticketId, advisorId, seq, at],
  });
}

