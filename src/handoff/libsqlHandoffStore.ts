import { libsqlSqlClient, type AnySqlClient, type SqlClient, type SqlRow as Row, type SqlStatement as InStatement } from '../storage/sqlClient.js';
import type { Reply } from '../core/message.js';
import { messageInserts } from '../storage/messageInserts.js';
import type { ChannelName } from '../core/message.js';
import type { ConversationState } from '../core/ports.js';
import { pseudonymFor } from './pseudonym.js';
import type { MediaView } from '../media/mediaPorts.js';
import { directionOf } from '../i18n/bidiIsolate.js';
import type { Advisor, AdvisorCommit, HandoffStore, Outcome, Session, TicketDetail, TicketStatus, TicketSummary } from './handoffPorts.js';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A file of the history (media/), as the console shows it. */
const toMediaView = (m: Row): MediaView => ({
  id: String(m.media_id),
  kind: String(m.media_kind) as MediaView['kind'],
  status: String(m.media_status) as MediaView['status'],
  reason: m.media_reason === null ? null : String(m.media_reason),
  contentType: m.media_type === null ? null : String(m.media_type),
  size: num(m.media_size),
});

function toAdvisor(r: Row): Advisor {
  return {
    id: String(r.id),
    email: String(r.email),
    name: String(r.name),
    role: r.role === 'admin' ? 'admin' : 'advisor',
    passwordHash: String(r.password_hash),
    disabledAt: num(r.disabled_at),
    createdAt: Number(r.created_at),
  };
}

const SUMMARY_SQL = `SELECT t.id, t.status, t.topic, t.sensitive, t.created_at, t.claimed_at, t.escalated_at, t.assigned_to,
  a.name AS assigned_name, t.conversation_id, v.channel, c.locale, c.id AS contact_id,
  (SELECT max(m.created_at) FROM messages m WHERE m.conversation_id = t.conversation_id) AS last_message_at
  FROM tickets t JOIN conversations v ON v.id = t.conversation_id JOIN contacts c ON c.id = v.contact_id
  LEFT JOIN advisors a ON a.id = t.assigned_to`;

function toSummary(r: Row): TicketSummary {
  return {
    id: String(r.id),
    status: String(r.status) as TicketStatus,
    topic: String(r.topic),
    sensitive: Boolean(r.sensitive),
    createdAt: Number(r.created_at),
    claimedAt: num(r.claimed_at),
    escalatedAt: num(r.escalated_at),
    assignedTo: r.assigned_to === null ? null : String(r.assigned_to),
    assignedName: r.assigned_name === null ? null : String(r.assigned_name),
    conversationId: String(r.conversation_id),
    channel: String(r.channel) as ChannelName,
    locale: r.locale === null ? null : String(r.locale),
    pseudonym: pseudonymFor(String(r.contact_id)),
    lastMessageAt: num(r.last_message_at),
  };
}

/** The advisor side of storage: accounts, sessions, tickets, audit. Raw SQL in batches. */
export class LibsqlHandoffStore implements HandoffStore {
  private readonly client: SqlClient;
  constructor(client: AnySqlClient) {
    this.client = libsqlSqlClient(client);
  }

  async createAdvisor(a: Advisor): Promise<void> {
    await this.client.execute({
      sql: 'INSERT INTO advisors (id, email, name, role, password_hash, disabled_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      args: [a.id, a.email, a.name, a.role, a.passwordHash, a.disabledAt, a.createdAt],
    });
  }

  async findAdvisorByEmail(email: string): Promise<Advisor | null> {
    const r = await this.client.execute({ sql: 'SELECT * FROM advisors WHERE email = ?', args: [email.toLowerCase()] });
    return r.rows[0] ? toAdvisor(r.rows[0]) : null;
  }

  async findAdvisor(id: string): Promise<Advisor | null> {
    const r = await this.client.execute({ sql: 'SELECT * FROM advisors WHERE id = ?', args: [id] });
    return r.rows[0] ? toAdvisor(r.rows[0]) : null;
  }

  async listAdvisors(): Promise<Advisor[]> {
    return (await this.client.execute('SELECT * FROM advisors ORDER BY created_at')).rows.map(toAdvisor);
  }

  async disableAdvisor(email: string, at: number): Promise<boolean> {
    const r = await this.client.batch(
      [
        { sql: 'UPDATE advisors SET disabled_at = ? WHERE email = ? AND disabled_at IS NULL', args: [at, email.toLowerCase()] },
        { sql: 'DELETE FROM advisor_sessions WHERE advisor_id IN (SELECT id FROM advisors WHERE email = ?)', args: [email.toLowerCase()] },
      ],
      'write',
    );
    return r[0]!.rowsAffected === 1;
  }

  async createSession(s: { tokenHash: string; advisorId: string; csrfToken: string; at: number; expiresAt: number }): Promise<void> {
    await this.client.execute({
      sql: 'INSERT INTO advisor_sessions (token_hash, advisor_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      args: [s.tokenHash, s.advisorId, s.csrfToken, s.at, s.at, s.expiresAt],
    });
  }

  async findSession(tokenHash: string, now: number): Promise<Session | null> {
    const r = await this.client.execute({
      sql: `SELECT s.csrf_token, s.expires_at, a.* FROM advisor_sessions s JOIN advisors a ON a.id = s.advisor_id
            WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled_at IS NULL`,
      args: [tokenHash, now],
    });
    const row = r.rows[0];
    return row ? { advisor: toAdvisor(row), csrfToken: String(row.csrf_token), expiresAt: Number(row.expires_at) } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.client.execute({ sql: 'DELETE FROM advisor_sessions WHERE token_hash = ?', args: [tokenHash] });
  }

  async listTickets(filter: 'waiting' | 'mine' | 'all', advisorId: string, limit: number): Promise<TicketSummary[]> {
    const where =
      filter === 'waiting'
        ? "WHERE t.status = 'waiting' ORDER BY t.sensitive DESC, t.created_at ASC"
        : filter === 'mine'
          ? "WHERE t.status = 'with_advisor' AND t.assigned_to = ? ORDER BY t.claimed_at ASC"
          : 'ORDER BY t.created_at DESC';
    const r = await this.client.execute({ sql: `${SUMMARY_SQL} ${where} LIMIT ?`, args: filter === 'mine' ? [advisorId, limit] : [limit] });
    return r.rows.map(toSummary);
  }

  async getTicket(id: string): Promise<TicketDetail | null> {
    const r = await this.client.execute({
      sql: `${SUMMARY_SQL.replace('SELECT t.id,', 'SELECT t.closed_at, t.outcome, c.audience, c.province, v.state AS conversation_state, v.channel_user_id, t.id,')} WHERE t.id = ?`,
      args: [id],
    });
    const row = r.rows[0];
    if (!row) return null;
    const summary = toSummary(row);
    // Columns that a channel may add (e.g. the WhatsApp 24-hour window) are read as they come.
    const conv = (await this.client.execute({ sql: 'SELECT * FROM conversations WHERE id = ?', args: [summary.conversationId] })).rows[0];
    const messages = await this.client.execute({
      sql: `SELECT m.id, m.direction, m.author, m.kind, m.text, m.reply, m.created_at, m.failed_at,
              md.id AS media_id, md.kind AS media_kind, md.status AS media_status, md.reason AS media_reason, md.content_type AS media_type, md.size AS media_size
            FROM messages m LEFT JOIN media md ON md.message_id = m.id WHERE m.conversation_id = ? ORDER BY m.seq`,
      args: [summary.conversationId],
    });
    const notes = await this.client.execute({
      sql: "SELECT e.text, e.at, a.name FROM ticket_events e LEFT JOIN advisors a ON a.id = e.advisor_id WHERE e.ticket_id = ? AND e.kind = 'note' ORDER BY e.id",
      args: [id],
    });
    return {
      ...summary,
      closedAt: num(row.closed_at),
      outcome: row.outcome === null ? null : (String(row.outcome) as Outcome),
      audience: row.audience === null ? null : String(row.audience),
      province: row.province === null ? null : String(row.province),
      conversationState: String(row.conversation_state) as ConversationState,
      contactId: String(row.contact_id),
      channelUserId: String(row.channel_user_id),
      windowClosed: conv?.wa_window_closed_at !== undefined && conv?.wa_window_closed_at !== null,
      history: messages.rows.map((m) => {
        const reply = m.reply ? (JSON.parse(String(m.reply)) as Reply) : null;
        const text = String(m.text ?? '');
        return {
          id: String(m.id),
          from: m.direction === 'in' ? ('person' as const) : m.author === 'advisor' ? ('advisor' as const) : ('bot' as const),
          kind: String(m.kind),
          text,
          at: Number(m.created_at),
          dir: reply?.dir ?? directionOf(text),
          failed: m.failed_at !== null && m.failed_at !== undefined,
          ...(m.media_id ? { media: toMediaView(m) } : {}),
        };
      }),
      notes: notes.rows.map((n) => ({ text: String(n.text), at: Number(n.at), advisorName: n.name === null ? null : String(n.name) })),
    };
  }

  async commitAdvisorAction(c: AdvisorCommit): Promise<boolean> {
    // Every statement is guarded by the ticket's state at the start, so a lost race changes nothing.
    const statuses = c.expect.status.map(() => '?').join(', ');
    const assigned = c.expect.assignedTo === undefined ? '' : c.expect.assignedTo === null ? ' AND assigned_to IS NULL' : ' AND assigned_to = ?';
    const guardArgs = [c.ticketId, ...c.expect.status, ...(c.expect.assignedTo ? [c.expect.assignedTo] : [])];
    const guard = `EXISTS (SELECT 1 FROM tickets WHERE id = ? AND status IN (${statuses})${assigned})`;
    const stmts: InStatement[] = [];
    // Statements run before the ticket update (which changes the guard's answer).
    if (c.conversation) {
      const sets: string[] = ['updated_at = ?'];
      const args: unknown[] = [c.at];
      if (c.conversation.state) (sets.push('state = ?'), args.push(c.conversation.state));
      if (c.conversation.position !== undefined) (sets.push('position = ?'), args.push(c.conversation.position === null ? null : JSON.stringify(c.conversation.position)));
      stmts.push({ sql: `UPDATE conversations SET ${sets.join(', ')} WHERE id = ? AND ${guard}`, args: [...args, c.conversation.id, ...guardArgs] as never });
    }
    stmts.push(
      ...messageInserts(
        (c.replies ?? []).map((r) => ({
          id: r.reply.id,
          conversationId: r.conversationId,
          direction: 'out' as const,
          author: r.reply.author,
          text: r.reply.reply.text,
          reply: r.reply.reply,
          createdAt: r.reply.createdAt,
          ...(r.outbox ? { outbox: r.outbox } : {}),
        })),
        { sql: guard, args: guardArgs },
      ),
    );
    if (c.event) {
      stmts.push({
        sql: `INSERT INTO ticket_events (ticket_id, kind, advisor_id, text, at) SELECT ?, ?, ?, ?, ? WHERE ${guard}`,
        args: [c.ticketId, c.event.kind, c.event.advisorId, c.event.text ?? null, c.at, ...guardArgs] as never,
      });
    }
    if (c.audit) {
      stmts.push({ sql: `INSERT INTO audit_log (advisor_id, action, target, at) SELECT ?, ?, ?, ? WHERE ${guard}`, args: [c.audit.advisorId, c.audit.action, c.ticketId, c.at, ...guardArgs] as never });
    }
    const t = c.ticket ?? {};
    const cols: Record<string, string> = { status: 'status', assignedTo: 'assigned_to', claimedAt: 'claimed_at', closedAt: 'closed_at', outcome: 'outcome', escalatedAt: 'escalated_at' };
    const sets = Object.entries(t).map(([k]) => `${cols[k]} = ?`);
    const ticketStmt: InStatement = {
      sql: `UPDATE tickets SET ${[...sets, 'updated_at = ?'].join(', ')} WHERE id = ? AND status IN (${statuses})${assigned}`,
      args: [...Object.values(t), c.at, ...guardArgs] as never,
    };
    const results = await this.client.batch([ticketStmt, ...stmts].reverse(), 'write');
    return results.at(-1)!.rowsAffected === 1;
  }

  async openTicketFor(conversationId: string): Promise<string | null> {
    const r = await this.client.execute({ sql: "SELECT id FROM tickets WHERE conversation_id = ? AND status <> 'closed' ORDER BY created_at DESC LIMIT 1", args: [conversationId] });
    return r.rows[0] ? String(r.rows[0].id) : null;
  }

  async ticketsToEscalate(createdBefore: number): Promise<TicketSummary[]> {
    const r = await this.client.execute({ sql: `${SUMMARY_SQL} WHERE t.status = 'waiting' AND t.escalated_at IS NULL AND t.created_at <= ? ORDER BY t.created_at`, args: [createdBefore] });
    return r.rows.map(toSummary);
  }

  async medianWaitMs(since: number): Promise<number | null> {
    const r = await this.client.execute({
      sql: 'SELECT claimed_at - created_at AS w FROM tickets WHERE claimed_at IS NOT NULL AND created_at >= ? ORDER BY w',
      args: [since],
    });
    if (!r.rows.length) return null;
    return Number(r.rows[Math.floor(r.rows.length / 2)]!.w);
  }

  async audit(advisorId: string | null, action: string, target: string | null, at: number): Promise<void> {
    await this.client.execute({ sql: 'INSERT INTO audit_log (advisor_id, action, target, at) VALUES (?, ?, ?, ?)', args: [advisorId, action, target, at] });
  }

  async auditLog(limit: number) {
    const r = await this.client.execute({
      sql: 'SELECT l.action, l.target, l.at, a.name FROM audit_log l LEFT JOIN advisors a ON a.id = l.advisor_id ORDER BY l.id DESC LIMIT ?',
      args: [limit],
    });
    return r.rows.map((x) => ({ advisorName: x.name === null ? null : String(x.name), action: String(x.action), target: x.target === null ? null : String(x.target), at: Number(x.at) }));
  }
}
