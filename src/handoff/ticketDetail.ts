import type { Reply } from '../core/message.js';
import type { ConversationState } from '../core/ports.js';
import type { MediaView } from '../media/mediaPorts.js';
import { directionOf } from '../i18n/bidiIsolate.js';
import type { SqlClient, SqlRow } from '../storage/sqlClient.js';
import type { HistoryItem, TicketDetail } from './handoffPorts.js';
import { num, SUMMARY_SQL, toSummary } from './ticketQueries.js';

const WINDOW_MS = 24 * 3600_000;
const DELIVERY = new Set(['pending', 'sent', 'delivered', 'read', 'failed']);

/** A file of the history (media/), as the console shows it. */
const toMediaView = (m: SqlRow): MediaView => ({
  id: String(m.media_id),
  kind: String(m.media_kind) as MediaView['kind'],
  status: String(m.media_status) as MediaView['status'],
  reason: m.media_reason === null ? null : String(m.media_reason),
  contentType: m.media_type === null ? null : String(m.media_type),
  size: num(m.media_size),
});

/** One ticket with its whole conversation, notes, events, deliveries and the WhatsApp window. */
export async function getTicket(client: SqlClient, id: string, advisorId: string): Promise<TicketDetail | null> {
  const r = await client.execute({
    sql: `${SUMMARY_SQL.replace('SELECT t.id,', 'SELECT c.audience, v.state AS conversation_state, v.channel_user_id, t.id,')} WHERE t.id = :id`,
    args: { id, me: advisorId },
  });
  const row = r.rows[0];
  if (!row) return null;
  const summary = toSummary(row);
  const [conv, messages, events, deliveries] = await client.batch(
    [
      // Columns that a channel may add (e.g. the WhatsApp 24-hour window) are read as they come.
      { sql: 'SELECT * FROM conversations WHERE id = ?', args: [summary.conversationId] },
      {
        sql: `SELECT m.id, m.seq, m.direction, m.author, m.kind, m.text, m.reply, m.created_at, m.failed_at,
                md.id AS media_id, md.kind AS media_kind, md.status AS media_status, md.reason AS media_reason, md.content_type AS media_type, md.size AS media_size
              FROM messages m LEFT JOIN media md ON md.message_id = m.id WHERE m.conversation_id = ? ORDER BY m.seq`,
        args: [summary.conversationId],
      },
      { sql: 'SELECT e.kind, e.text, e.at, a.name FROM ticket_events e LEFT JOIN advisors a ON a.id = e.advisor_id WHERE e.ticket_id = ? ORDER BY e.id', args: [id] },
      // Through the outbox's (channel, recipient) index: this person's deliveries only.
      { sql: 'SELECT message_id, status, last_error FROM outbox WHERE channel = ? AND recipient = ?', args: [summary.channel, String(row.channel_user_id)] },
    ],
    'read',
  );
  const delivery = new Map(deliveries!.rows.map((d) => [String(d.message_id), { status: String(d.status), error: String(d.last_error ?? '') }]));
  const windowClosedAt = num(conv!.rows[0]?.wa_window_closed_at);
  const history: HistoryItem[] = messages!.rows.map((m) => {
    const reply = m.reply ? (JSON.parse(String(m.reply)) as Reply) : null;
    const text = String(m.text ?? '');
    const sent = delivery.get(String(m.id));
    const item: HistoryItem = {
      id: String(m.id),
      seq: Number(m.seq),
      from: m.direction === 'in' ? 'person' : m.author === 'advisor' ? 'advisor' : 'bot',
      kind: String(m.kind),
      text,
      at: Number(m.created_at),
      dir: reply?.dir ?? directionOf(text),
      failed: m.failed_at !== null && m.failed_at !== undefined,
      ...(m.media_id ? { media: toMediaView(m) } : {}),
    };
    if (sent && DELIVERY.has(sent.status)) {
      item.delivery = { status: sent.status as NonNullable<HistoryItem['delivery']>['status'], ...(sent.status === 'failed' && /131047|24-hour window/.test(sent.error) ? { reason: 'window_closed' as const } : {}) };
    }
    return item;
  });
  const all = events!.rows.map((e) => ({ kind: String(e.kind), text: e.text === null ? null : String(e.text), at: Number(e.at), advisorName: e.name === null ? null : String(e.name) }));
  return {
    ...summary,
    audience: row.audience === null ? null : String(row.audience),
    conversationState: String(row.conversation_state) as ConversationState,
    contactId: String(row.contact_id),
    channelUserId: String(row.channel_user_id),
    windowClosed: windowClosedAt !== null,
    whatsappWindow: summary.channel === 'whatsapp-cloud' ? { closesAt: summary.lastPersonAt === null ? null : summary.lastPersonAt + WINDOW_MS, templateSentAt: windowClosedAt } : null,
    history,
    notes: all.filter((e) => e.kind === 'note').map((n) => ({ text: n.text ?? '', at: n.at, advisorName: n.advisorName })),
    events: all.filter((e) => e.kind !== 'note'),
  };
}
