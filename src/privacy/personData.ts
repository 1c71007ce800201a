import type { SqlStatement } from '../storage/sqlClient.js';
import { rowsOfContacts } from './anonymousPerson.js';

/**
 * Every table that holds something about a person, listed once: "delete my data" (erase), an
 * access request (export) and the retention purge all use this list, so they cannot drift.
 * `rows(c)` selects the rows of the people whose conversation ids `c` (a subquery) returns. The
 * order is the order of deletion: what is found through messages, tickets or conversations goes
 * before them, conversations last. `kept`: exported, never deleted (the audit log: who read or did
 * what stays accountable; survey answers and article feedback: counts. Once the person is erased
 * they point to nothing).
 */
interface PersonTable {
  table: string;
  rows: (c: string) => string;
  kept?: true;
}

const identities = (c: string) => `SELECT channel, channel_user_id FROM conversations WHERE id IN (${c})`;
const contactsOf = (c: string) => `SELECT contact_id FROM conversations WHERE id IN (${c})`;

export const PERSON_DATA: readonly PersonTable[] = [
  // Anonymous tables: no contact id, the person's part of their random key (anonymousPerson.ts).
  // Questions without an answer go with the person (their words, even cut and masked). Rows from
  // before the key existed are found, as they were then, by the text of the person's messages.
  {
    table: 'knowledge_gaps',
    rows: (c) => `${rowsOfContacts('knowledge_gaps', contactsOf(c))} OR (person IS NULL AND query IN (SELECT text FROM messages WHERE direction = 'in' AND conversation_id IN (${c})))`,
  },
  // Answers to surveys and "this helped": exported, and kept as counts once the person is erased
  // (their key goes with the contact; nothing links the rows to anyone after that).
  { table: 'survey_answers', rows: (c) => rowsOfContacts('survey_answers', contactsOf(c)), kept: true },
  { table: 'kb_feedback', rows: (c) => rowsOfContacts('kb_feedback', contactsOf(c)), kept: true },
  { table: 'outbox', rows: (c) => `message_id IN (SELECT id FROM messages WHERE conversation_id IN (${c})) OR (channel, recipient) IN (${identities(c)})` },
  { table: 'media_parts', rows: (c) => `media_id IN (SELECT id FROM media WHERE conversation_id IN (${c}))` },
  { table: 'media', rows: (c) => `conversation_id IN (${c})` },
  { table: 'messages', rows: (c) => `conversation_id IN (${c})` },
  { table: 'audit_log', rows: (c) => `target IN (SELECT id FROM tickets WHERE conversation_id IN (${c}))`, kept: true },
  { table: 'ticket_reads', rows: (c) => `ticket_id IN (SELECT id FROM tickets WHERE conversation_id IN (${c}))` },
  { table: 'ticket_events', rows: (c) => `ticket_id IN (SELECT id FROM tickets WHERE conversation_id IN (${c}))` },
  { table: 'tickets', rows: (c) => `conversation_id IN (${c})` },
  { table: 'inbound_receipts', rows: (c) => `(channel, channel_user_id) IN (${identities(c)})` },
  { table: 'subscriptions', rows: (c) => `contact_id IN (${contactsOf(c)})` },
  { table: 'registrations', rows: (c) => `contact_id IN (${contactsOf(c)})` },
  { table: 'contacts', rows: (c) => `id IN (${contactsOf(c)})` },
  { table: 'conversations', rows: (c) => `id IN (${c})` },
];

export const PERSON_TABLE_NAMES = PERSON_DATA.map((t) => t.table);

const ofContact = 'SELECT id FROM conversations WHERE contact_id = :contact';

/** Everything stored about a person, table by table (an access request, law 09-08). */
export function exportPerson(contactId: string): { table: string; statement: SqlStatement }[] {
  return PERSON_DATA.map(({ table, rows }) => ({ table, statement: { sql: `SELECT * FROM ${table} WHERE ${rows(ofContact)}`, args: { contact: contactId } } }));
}

/**
 * "Delete my data": every row of the person, in one batch with the turn that asked. The receipt of
 * that very message is kept, emptied (a redelivery must still be answered once, and not by a new
 * conversation).
 */
export function erasePerson(contactId: string, keep: { channel: string; receiptKey: string }): { sql: string; args: Record<string, unknown> }[] {
  const args = { contact: contactId, channel: keep.channel, key: keep.receiptKey };
  const own = 'channel = :channel AND channel_message_id = :key';
  return [
    ...PERSON_DATA.filter((t) => !t.kept).map(({ table, rows }) => ({
      sql: `DELETE FROM ${table} WHERE (${rows(ofContact)})${table === 'inbound_receipts' ? ` AND NOT (${own})` : ''}`,
      args,
    })),
    { sql: `UPDATE inbound_receipts SET status = 'handled', payload = NULL, channel_user_id = '', reply_ids = '[]' WHERE ${own}`, args },
  ];
}

/**
 * The retention purge: the people whose conversation nobody touched since `cutoff`, and what
 * outlives any one person past it (old receipts, sent or failed outbox rows, old knowledge gaps,
 * contacts left without a conversation).
 */
export function purgeOlderThan(cutoff: number): { statements: SqlStatement[]; conversationsAt: number } {
  const old = 'SELECT id FROM conversations WHERE updated_at < :cutoff';
  const people = PERSON_DATA.filter((t) => !t.kept).map(({ table, rows }) => ({ sql: `DELETE FROM ${table} WHERE ${rows(old)}`, args: { cutoff } }));
  return {
    statements: [
      ...people,
      { sql: 'DELETE FROM inbound_receipts WHERE received_at < :cutoff', args: { cutoff } },
      { sql: "DELETE FROM outbox WHERE created_at < :cutoff AND status IN ('sent', 'failed')", args: { cutoff } },
      { sql: 'DELETE FROM knowledge_gaps WHERE created_at < :cutoff', args: { cutoff } },
      { sql: 'DELETE FROM contacts WHERE id NOT IN (SELECT contact_id FROM conversations) AND last_seen_at < :cutoff', args: { cutoff } },
    ],
    conversationsAt: people.length - 1,
  };
}
