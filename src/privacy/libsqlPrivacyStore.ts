import { libsqlSqlClient, type AnySqlClient, type SqlClient, type SqlStatement as InStatement } from '../storage/sqlClient.js';
import { pseudonymFor } from '../handoff/pseudonym.js';

/** The tables that hold something about a person, and how to reach their rows from a contact id. */
const PERSON_TABLES: { table: string; where: string }[] = [
  { table: 'contacts', where: 'id = :contact' },
  { table: 'conversations', where: 'contact_id = :contact' },
  { table: 'messages', where: 'conversation_id IN (SELECT id FROM conversations WHERE contact_id = :contact)' },
  { table: 'inbound_receipts', where: '(channel, channel_user_id) IN (SELECT channel, channel_user_id FROM conversations WHERE contact_id = :contact)' },
  { table: 'outbox', where: '(channel, recipient) IN (SELECT channel, channel_user_id FROM conversations WHERE contact_id = :contact)' },
  { table: 'tickets', where: 'conversation_id IN (SELECT id FROM conversations WHERE contact_id = :contact)' },
  { table: 'ticket_events', where: 'ticket_id IN (SELECT t.id FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.contact_id = :contact)' },
  { table: 'audit_log', where: 'target IN (SELECT t.id FROM tickets t JOIN conversations v ON v.id = t.conversation_id WHERE v.contact_id = :contact)' },
  { table: 'subscriptions', where: 'contact_id = :contact' },
  { table: 'registrations', where: 'contact_id = :contact' },
];

/** Access requests (law 09-08) and the retention purge. */
export class LibsqlPrivacyStore {
  private readonly client: SqlClient;
  constructor(client: AnySqlClient) {
    this.client = libsqlSqlClient(client);
  }

  /** The contact behind a pseudonym shown in the console ("P-7KQ2-M9"), or a contact id. */
  async findContact(pseudonymOrId: string): Promise<string | null> {
    const direct = await this.client.execute({ sql: 'SELECT id FROM contacts WHERE id = ?', args: [pseudonymOrId] });
    if (direct.rows[0]) return String(direct.rows[0].id);
    const all = await this.client.execute('SELECT id FROM contacts');
    const hit = all.rows.find((r) => pseudonymFor(String(r.id)) === pseudonymOrId.toUpperCase());
    return hit ? String(hit.id) : null;
  }

  /** Everything stored about a person, table by table. */
  async exportContact(contactId: string): Promise<Record<string, Record<string, unknown>[]>> {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const { table, where } of PERSON_TABLES) {
      const r = await this.client.execute({ sql: `SELECT * FROM ${table} WHERE ${where}`, args: { contact: contactId } });
      out[table] = r.rows.map((row) => Object.fromEntries(r.columns.map((c) => [c, row[c] ?? null])));
    }
    return out;
  }

  /**
   * Deletes conversations untouched since `cutoff`, with their messages, tickets, receipts and
   * outbox rows, then contacts left without a conversation. Anonymous counters stay.
   */
  async purgeOlderThan(cutoff: number): Promise<{ conversations: number }> {
    const old = 'SELECT id FROM conversations WHERE updated_at < :cutoff';
    const statements: InStatement[] = [
      { sql: `DELETE FROM ticket_events WHERE ticket_id IN (SELECT id FROM tickets WHERE conversation_id IN (${old}))`, args: { cutoff } },
      { sql: `DELETE FROM tickets WHERE conversation_id IN (${old})`, args: { cutoff } },
      { sql: `DELETE FROM outbox WHERE message_id IN (SELECT id FROM messages WHERE conversation_id IN (${old}))`, args: { cutoff } },
      { sql: `DELETE FROM messages WHERE conversation_id IN (${old})`, args: { cutoff } },
      {
        sql: `DELETE FROM inbound_receipts WHERE received_at < :cutoff OR (channel, channel_user_id) IN (SELECT channel, channel_user_id FROM conversations WHERE updated_at < :cutoff)`,
        args: { cutoff },
      },
      { sql: "DELETE FROM outbox WHERE created_at < :cutoff AND status IN ('sent', 'failed')", args: { cutoff } },
      { sql: 'DELETE FROM knowledge_gaps WHERE created_at < :cutoff', args: { cutoff } },
      { sql: 'DELETE FROM conversations WHERE updated_at < :cutoff', args: { cutoff } },
      { sql: 'DELETE FROM contacts WHERE id NOT IN (SELECT contact_id FROM conversations) AND last_seen_at < :cutoff', args: { cutoff } },
    ];
    const results = await this.client.batch(statements, 'write');
    return { conversations: results.at(-2)!.rowsAffected };
  }
}

export const PERSON_TABLE_NAMES = PERSON_TABLES.map((t) => t.table);
