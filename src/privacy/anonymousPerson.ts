/**
 * Counting distinct people without a contact id in anonymous tables. Each contact gets, the first
 * time they leave something anonymous, a random key of 48 hex digits (contacts.anon_key); each
 * anonymous table stores its own 16 of them in `person`. So:
 * - the dashboard and the export count people, not messages (k-anonymity by people, not rows);
 * - an access request or an erasure finds the person's own rows, and only theirs;
 * - the tables cannot be joined with each other (their parts of the key are unrelated random
 *   digits), nor with anything else without the contacts table;
 * - once the contact is erased (or purged) with its key, nothing links those rows to anyone.
 */
export const ANON_SLICES = { knowledge_gaps: 1, survey_answers: 17, kb_feedback: 33 } as const;
export type AnonymousTable = keyof typeof ANON_SLICES;

/** Gives the contact its key if it has none yet (in the batch, before the rows that use it). */
export function ensureAnonKey(contactId: string): { sql: string; args: unknown[] } {
  return { sql: 'UPDATE contacts SET anon_key = lower(hex(randomblob(24))) WHERE id = ? AND anon_key IS NULL', args: [contactId] };
}

/** SQL for this table's `person` of one contact (a positional parameter: the contact id). */
export function personOf(table: AnonymousTable): string {
  return `(SELECT substr(anon_key, ${ANON_SLICES[table]}, 16) FROM contacts WHERE id = ?)`;
}

/** A condition on this table's rows: those of the contacts a subquery returns. */
export function rowsOfContacts(table: AnonymousTable, contacts: string): string {
  return `person IN (SELECT substr(anon_key, ${ANON_SLICES[table]}, 16) FROM contacts WHERE id IN (${contacts}) AND anon_key IS NOT NULL)`;
}

/** Distinct people among rows (rows from before `person` existed count as one person altogether). */
export const DISTINCT_PEOPLE = 'count(DISTINCT person) + max(person IS NULL)';
