import { libsqlSqlClient, type AnySqlClient, type SqlClient, type SqlRow as Row, type SqlStatement as InStatement } from '../storage/sqlClient.js';
import { messageInserts } from '../storage/messageInserts.js';
import { advisorPresence, auditLog, touchAdvisor } from './advisorQueries.js';
import { getTicket } from './ticketDetail.js';
import { listTickets, markRead, num, queueCounts, SUMMARY_SQL, toSummary } from './ticketQueries.js';
import type { Advisor, AdvisorCommit, AdvisorPresence, AuditEntry, AuditQuery, HandoffStore, QueueCounts, QueueFilter, Session, TicketDetail, TicketSummary } from './handoffPorts.js';

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

  async setAdvisorPasswordHash(email: string, hash: string, endSessions = false): Promise<boolean> {
    const r = await this.client.batch(
      [
        { sql: 'UPDATE advisors SET password_hash = ? WHERE email = ?', args: [hash, email.toLowerCase()] },
        ...(endSessions ? [{ sql: 'DELETE FROM advisor_sessions WHERE advisor_id IN (SELECT id FROM advisors WHERE email = ?)', args: [email.toLowerCase()] }] : []),
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

  listTickets(filter: QueueFilter, advisorId: string, limit: number, offset = 0): Promise<TicketSummary[]> {
    return listTickets(this.client, filter, advisorId, limit, offset);
  }

  queueCounts(advisorId: string): Promise<QueueCounts> {
    return queueCounts(this.client, advisorId);
  }

  markRead(ticketId: string, advisorId: string, seq: number, at: number): Promise<void> {
    return markRead(this.client, ticketId, advisorId, seq, at);
  }

  touchAdvisor(advisorId: string, at: number): Promise<void> {
    return touchAdvisor(this.client, advisorId, at);
  }

  advisorPresence(now: number): Promise<AdvisorPresence[]> {
    return advisorPresence(this.client, now);
  }

  getTicket(id: string, advisorId = ''): Promise<TicketDetail | null> {
    return getTicket(this.client, id, advisorId);
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
    const r = await this.client.execute({ sql: `${SUMMARY_SQL} WHERE t.status = 'waiting' AND t.escalated_at IS NULL AND t.created_at <= :before ORDER BY t.created_at`, args: { before: createdBefore, me: '' } });
    return r.rows.map(toSummary);
  }

  async lastChangeAt(): Promise<number> {
    // Tickets are few (closed ones leave with their conversations); the open ones' messages through
    // their conversation's index (CROSS JOIN keeps tickets outside: never a scan of every message).
    const r = await this.client.execute(
      `SELECT max(coalesce((SELECT max(max(created_at, coalesce(updated_at, 0))) FROM tickets), 0),
                  coalesce((SELECT max(m.created_at) FROM tickets t CROSS JOIN messages m ON m.conversation_id = t.conversation_id
                            WHERE t.status IN ('waiting', 'with_advisor')), 0)) AS at`,
    );
    return Number(r.rows[0]?.at ?? 0);
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

  auditLog(query: AuditQuery): Promise<AuditEntry[]> {
    return auditLog(this.client, query);
  }
}
