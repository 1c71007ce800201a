import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * How far each advisor has read each ticket's conversation (the last `seq` they saw): the queue's
 * unread counts. Erased with the person.
 */
export const ticketReads = sqliteTable(
  'ticket_reads',
  {
    ticketId: text('ticket_id').notNull(),
    advisorId: text('advisor_id').notNull(),
    seq: integer('seq').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.advisorId] })],
);
