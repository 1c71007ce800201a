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
  /** What the person agreed to (the notice's purpose), with consentAt and consentVersion. */
  consentPurpose: text('consent_purpose'),
  subscribed: integer('subscribed', { mode: 'boolean' }).notNull().default(false),
  source: text('source'),
  /** Random; each anonymous table keeps its own part to count people (privacy/anonymousPerson.ts). Erased with the contact. */
  anonKey: text('anon_key'),
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
    /** WhatsApp Cloud: when Meta refused a reply because the person last wrote over 24 hours ago (cleared when they write). */
    waWindowClosedAt: integer('wa_window_closed_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('conversations_channel_user').on(t.channel, t.channelUserId), index('conversations_contact').on(t.contactId)],
);

/**
 * Every message of a conversation, both ways, in the order it happened (`seq`, 1, 2, 3… per
 * conversation, given inside the write transaction: the order never depends on clocks or ids).
 */
export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    /** Place in the conversation (unique per conversation). */
    seq: integer('seq').notNull().default(0),
    direction: text('direction').notNull(), // in | out
    author: text('author').notNull(), // person | bot | advisor
    /** What the person sent: text | edit (a correction of an earlier message) | tap (text: the button's label) | location (never its coordinates) | image | audio | video | sticker | document | other (text: a caption). Replies: text. */
    kind: text('kind').notNull().default('text'),
    text: text('text'),
    reply: text('reply', { mode: 'json' }),
    /** The person's message could not be handled after every retry (shown to advisors). */
    failedAt: integer('failed_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('messages_conversation_seq').on(t.conversationId, t.seq)],
);

/** Every inbound message, recorded before it is handled: a redelivery is answered once. */
export const inboundReceipts = sqliteTable(
  'inbound_receipts',
  {
    channel: text('channel').notNull(),
    channelMessageId: text('channel_message_id').notNull(),
    channelUserId: text('channel_user_id').notNull(),
    status: text('status').notNull(), // received (being handled) | queued (recorded by a webhook, for the inbox) | handled | dead
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
    status: text('status').notNull().default('pending'), // pending | sent | delivered | read | failed (delivered, read: WhatsApp Cloud reports)
    attempts: integer('attempts').notNull().default(0),
    /** Of a reply sent as several messages (a long article, then its buttons): how many the channel accepted already. */
    partsSent: integer('parts_sent').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /** The campaign this message belongs to (delivery counts in the console); null for replies. */
    campaignId: text('campaign_id'),
  },
  (t) => [
    index('outbox_due').on(t.status, t.nextAttemptAt),
    // Each channel's lane reads its own due messages: one channel's backlog (an outage) is never scanned by another's.
    index('outbox_lane').on(t.channel, t.status, t.nextAttemptAt),
    index('outbox_recipient').on(t.channel, t.recipient, t.status, t.id),
    index('outbox_provider_message').on(t.providerMessageId),
    index('outbox_campaign').on(t.campaignId, t.status),
  ],
);

export const tickets = sqliteTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id').notNull(),
    topic: text('topic').notNull(),
    sensitive: integer('sensitive', { mode: 'boolean' }).notNull().default(false),
    status: text('status').notNull().default('waiting'), // waiting | with_advisor | closed
    assignedTo: text('assigned_to'),
    claimedAt: integer('claimed_at'),
    closedAt: integer('closed_at'),
    outcome: text('outcome'), // answered | referred | follow_up | no_response | cancelled
    escalatedAt: integer('escalated_at'),
    updatedAt: integer('updated_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('tickets_status').on(t.status, t.createdAt), index('tickets_conversation').on(t.conversationId, t.status)],
);

/** Questions without a good answer, cut and masked. No contact id: `person` is their part of contacts.anon_key. */
export const knowledgeGaps = sqliteTable(
  'knowledge_gaps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    query: text('query').notNull(),
    lang: text('lang').notNull(),
    reason: text('reason').notNull(),
    person: text('person'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('knowledge_gaps_person').on(t.person)],
);

/** "This helped" / "not what I asked" (`person`: as in knowledge_gaps, another part of the key). */
export const kbFeedback = sqliteTable('kb_feedback', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  articleId: text('article_id').notNull(),
  helpful: integer('helpful', { mode: 'boolean' }).notNull(),
  person: text('person'),
  createdAt: integer('created_at').notNull(),
});

/** Advisors and admins of the Center (the console's accounts). */
export const advisors = sqliteTable('advisors', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role').notNull(), // advisor | admin
  passwordHash: text('password_hash').notNull(),
  disabledAt: integer('disabled_at'),
  createdAt: integer('created_at').notNull(),
});

/** Console sessions: the cookie holds a random token; only its SHA-256 is stored. */
export const advisorSessions = sqliteTable(
  'advisor_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    advisorId: text('advisor_id').notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('advisor_sessions_advisor').on(t.advisorId)],
);

/** What happened to a ticket, in order (internal notes carry their text here). */
export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: text('ticket_id').notNull(),
    kind: text('kind').notNull(), // opened claimed note transferred closed cancelled escalated
    advisorId: text('advisor_id'),
    text: text('text'),
    at: integer('at').notNull(),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.id)],
);

/** Every advisor action, for accountability (who read or did what, when). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    advisorId: text('advisor_id'),
    action: text('action').notNull(),
    target: text('target'),
    at: integer('at').notNull(),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

/** Satisfaction and survey answers: no contact id (`person`: as in knowledge_gaps). */
export const surveyAnswers = sqliteTable('survey_answers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  survey: text('survey').notNull(),
  question: text('question').notNull(),
  value: text('value').notNull(),
  locale: text('locale'),
  channel: text('channel'),
  person: text('person'),
  createdAt: integer('created_at').notNull(),
});


/** News topics a person chose to receive (workshops, rights, investment): opt-in only, erased with the contact. */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    topic: text('topic').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.topic] }), index('subscriptions_topic').on(t.topic)],
);

// The program's campaigns, workshops and registrations, beside that feature.
export { campaigns, events, registrations } from '../program/storage/programSchema.js';
// The media feature's tables (photos, voice notes, documents of a handoff), beside that feature.
export { media, mediaParts } from '../media/mediaSchema.js';
export { healthChecks } from './healthSchema.js'; // the row /healthz rewrites
// The handoff's read markers (the queue's unread counts), beside that feature.
export { ticketReads } from '../handoff/handoffSchema.js';
