import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Photos, voice notes and documents a person sent during a handoff, for the advisor of that ticket
 * (media/): fetched from the channel after the turn, type-checked, size-capped. The bytes are
 * erased when the ticket closes, after RETENTION_DAYS, and with the person.
 */
export const media = sqliteTable(
  'media',
  {
    id: text('id').primaryKey(),
    /** The person's message (messages.id) it came with. */
    messageId: text('message_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    ticketId: text('ticket_id').notNull(),
    channel: text('channel').notNull(),
    /** The channel's reference to fetch it (Telegram file_id, Graph API media id, WhatsApp Web message id): cleared once fetched. */
    ref: text('ref'),
    kind: text('kind').notNull(), // image | audio | document
    status: text('status').notNull(), // pending | stored | failed | refused | erased
    /** Why it is not shown: type | too_large (refused), download (failed), ticket_closed | retention (erased). */
    reason: text('reason'),
    /** As sniffed from the bytes (the Content-Type it is served with). */
    contentType: text('content_type'),
    size: integer('size'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('media_due').on(t.status, t.nextAttemptAt), index('media_message').on(t.messageId), index('media_ticket').on(t.ticketId)],
);

/** A media file's bytes, in parts of at most 512 KB (D1 and libSQL's remote protocol take a row of 2 MB at most). */
export const mediaParts = sqliteTable(
  'media_parts',
  {
    mediaId: text('media_id').notNull(),
    n: integer('n').notNull(),
    bytes: blob('bytes', { mode: 'buffer' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.mediaId, t.n] })],
);
