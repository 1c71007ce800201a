import type { SqlClient } from '../storage/sqlClient.js';
import { pseudonymFor } from './pseudonym.js';
import type { AdvisorPresence, AuditEntry, AuditQuery } from './handoffPorts.js';

/** A session's last sign of life is written at most once a minute. */
const TOUCH_EVERY_MS = 60_000;

export async function touchAdvisor(client: SqlClient, advisorId: string, at: number): Promise<void> {
  await client.execute({
    sql: 'UPDATE advisor_sessions SET last_seen_at = ? WHERE advisor_id = ? AND expires_at > ? AND last_seen_at < ?',
    args: [at, advisorId, at, at - TOUCH_EVERY_MS],
  });
}

/** Every active account: signed in or not, last seen when, how many conversations it holds. */
export async function advisorPresence(client: SqlClient, now: number): Promise<AdvisorPresence[]> {
  const r = await client.execute({
    sql: `SELECT a.id, a.name, a.role,
            (SELECT max(s.last_seen_at) FROM advisor_sessions s WHERE s.advisor_id = a.id AND s.expires_at > ?) AS seen,
            (SELECT count(*) FROM tickets t WHERE t.assigned_to = a.id AND t.status = 'with_advisor') AS open
          FROM advisors a WHERE a.disabled_at IS NULL ORDER BY a.name`,
    args: [now],
  });
  return r.rows.map((x) => ({
    id: String(x.id),
    name: String(x.name),
    role: x.role === 'admin' ? 'admin' : 'advisor',
    signedIn: x.seen !== null,
    lastSeenAt: x.seen === null ? null : Number(x.seen),
    openTickets: Number(x.open),
  }));
}

/** The audit log, newest first, filtered; a ticket target comes with its person's pseudonym. */
export async function auditLog(client: SqlClient, q: AuditQuery): Promise<AuditEntry[]> {
  const where: string[] = [];
  const args: Record<string, unknown> = { limit: Math.min(Math.max(q.limit, 1), 1000) };
  if (q.advisorId) (where.push('l.advisor_id = :advisor'), (args.advisor = q.advisorId));
  if (q.action) {
    where.push("(l.action = :action OR l.action LIKE :family ESCAPE '\\')");
    args.action = q.action;
    args.family = `${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
  }
  if (q.from !== undefined) (where.push('l.at >= :from'), (args.from = q.from));
  if (q.to !== undefined) (where.push('l.at < :to'), (args.to = q.to));
  if (q.before !== undefined) (where.push('l.id < :before'), (args.before = q.before));
  const r = await client.execute({
    sql: `SELECT l.id, l.advisor_id, a.name, l.action, l.target, l.at, v.contact_id
          FROM audit_log l LEFT JOIN advisors a ON a.id = l.advisor_id
          LEFT JOIN tickets t ON t.id = l.target LEFT JOIN conversations v ON v.id = t.conversation_id
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.id DESC LIMIT :limit`,
    args,
  });
  return r.rows.map((x) => ({
    id: Number(x.id),
    advisorId: x.advisor_id === null ? null : String(x.advisor_id),
    advisorName: x.name === null ? null : String(x.name),
    action: String(x.action),
    target: x.target === null ? null : String(x.target),
    targetPseudonym: x.contact_id === null || x.contact_id === undefined ? null : pseudonymFor(String(x.contact_id)),
    at: Number(x.at),
  }));
}
