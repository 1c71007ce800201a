import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A person, pseudonymous: no name, no phone number here. */
export const contacts = sqliteTable('contacts', {
  id: text('id').primaryKey(),
  locale: text('locale'),
  localeChosen: integer('locale_chosen', { mode: 'boolean' }).notNull().default(false),
  audience: text('audience'),
  province: text('province'),
  consentAt: integer('consent_at'),
  consentVersion: text('consent_version'),
  subscribed: integer('subscribed', { mode: 'boolean' }).notNull().default(false),
  source: text('source'),
  createdAt: integer('created_at').notNull(),
  lastSeenAt: integer('last_seen_at').notNull(),
});

/** One conversation per channel identity; its state is enforced by the core. */
export const conversations = sqliteTable(
  'conversations',
  {
    id: text('id').primaryKey(),
    contactId: text('contact_id').notNull(),
    channel: text('channel').notNull(),
    channelUserId: text('channel_user_id').notNull(),
    state: text('state').notNull().default('bot'),
    position: text('position', { mode: 'json' }),
    /** Set when the channel says the person blocked us (Telegram 403): nothing more is sent. */
    unreachableAt: integer('unreachable_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('conversations_channel_user').on(t.channel, t.channelUserId), index('conversations_contact').on(t.contactId)],
);

export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    direction: text('direction').notNull(), // in | out
    author: text('author').notNull(), // person | bot | advisor
    text: text('text'),
    reply: text('reply', { mode: 'json' }),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('messages_conversation').on(t.conversationId, t.id)],
);

/** Every inbound message, recorded before it is handled: a redelivery is answered once. */
export const inboundReceipts = sqliteTable(
  'inbound_receipts',
  {
    channel: text('channel').notNull(),
    channelMessageId: text('channel_message_id').notNull(),
    channelUserId: text('channel_user_id').notNull(),
    status: text('status').notNull(), // received | handled | dead
    payload: text('payload', { mode: 'json' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    replyIds: text('reply_ids', { mode: 'json' }).$type<string[]>(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.channelMessageId] }), index('receipts_status').on(t.status, t.receivedAt)],
);

/** Replies waiting to leave through a channel, retried with backoff. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    messageId: text('message_id').notNull(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status').notNull().default('pending'), // pending | sent | failed
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [index('outbox_due').on(t.status, t.nextAttemptAt), index('outbox_recipient').on(t.channel, t.recipient, t.status, t.id)],
);

export const tickets = sqliteTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    topic: text('topic').notNull(),
    sensitive: integer('sensitive', { mode: 'boolean' }).notNull().default(false),
    status: text('status').notNull().default('waiting'), // waiting | with_advisor | closed
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('tickets_status').on(t.status, t.createdAt)],
);

/** Questions without a good answer. No contact id, on purpose. */
export const knowledgeGaps = sqliteTable('knowledge_gaps', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  query: text('query').notNull(),
  lang: text('lang').notNull(),
  reason: text('reason').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const kbFeedback = sqliteTable('kb_feedback', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  articleId: text('article_id').notNull(),
  helpful: integer('helpful', { mode: 'boolean' }).notNull(),
  createdAt: integer('created_at').notNull(),
});
