import type { ChannelName, Choice, HistoryItem, InboundMessage, Reply, StoredReply } from './message.js';
import type { Locale } from '../config/configSchema.js';

export type ConversationState = 'bot' | 'waiting' | 'with_advisor';
export type Audience = 'migrant' | 'mre';

export interface Contact {
  id: string;
  locale: Locale | null;
  localeChosen: boolean;
  audience: Audience | null;
  province: string | null;
  consentAt: number | null;
  consentVersion: string | null;
  consentPurpose: string | null;
  subscribed: boolean;
  source: string | null;
  createdAt: number;
  lastSeenAt: number;
}

/** Where the person is: a flow node, maybe an article opened from it, maybe a pending question. */
export interface FlowPosition {
  flow: string;
  node: string;
  /** The article the person is reading, opened from this node. */
  article?: string;
  /** Which part of the article is on screen (the buttons differ). */
  part?: 'body';
  /** The question that led to the article (for "not what I asked"). */
  query?: string;
  /** A confirmation the bot is waiting for. */
  pending?: 'delete';
  /** What the person asked for that needs their consent first: done as soon as they give it. */
  resume?: ConsentIntent;
}

/** An intent that waits for consent (the privacy notice is on screen). */
export type ConsentIntent = { kind: 'register'; eventId: string } | { kind: 'province'; province: string };

export interface Conversation {
  id: string;
  contactId: string;
  channel: ChannelName;
  channelUserId: string;
  state: ConversationState;
  position: FlowPosition | null;
  createdAt: number;
  updatedAt: number;
}

export interface TicketDraft {
  id: string;
  conversationId: string;
  topic: string;
  sensitive: boolean;
  createdAt: number;
}

/** Everything a handled turn changes, committed at once. */
export interface TurnCommit {
  receipt: { channel: ChannelName; channelMessageId: string };
  contact: Contact;
  contactIsNew: boolean;
  conversation: Conversation;
  conversationIsNew: boolean;
  /**
   * The conversation's `updatedAt` when the turn read it (null: it did not exist). If another
   * process wrote it since (a Worker's other isolate, an advisor's action there), nothing is
   * committed and `ConversationChangedError` is thrown: the turn is read and decided again.
   */
  expectUpdatedAt: number | null;
  /** The person's message as the conversation keeps it (null: nothing to keep, e.g. an erasure). */
  inbound: InboundRecord | null;
  replies: StoredReply[];
  /** Replies that a channel must deliver (all but web chat, which reads them back). */
  outbox: { replyId: string; channel: ChannelName; recipient: string; reply: Reply }[];
  ticket?: TicketDraft;
  /** "Delete my data": erase this contact after the turn. */
  eraseContact?: boolean;
  /** Questions without a good answer: text, language, time; never a contact id. */
  knowledgeGaps?: { query: string; lang: string; reason: 'abstain' | 'not_helpful' | 'none_of_these'; at: number }[];
  /** A danger message while a ticket is open: the ticket becomes sensitive (listed first, for a specialist). */
  markOpenTicketSensitive?: boolean;
  /** The person cancelled their request, or the bot closed it: the open ticket is closed. */
  closeOpenTicket?: { outcome: 'cancelled' };
  /** Answers to a survey (satisfaction after a handoff...): never linked to the contact. */
  surveyAnswers?: { survey: string; question: string; value: string; locale: string; channel: string; at: number }[];
  /** "This helped" / "not what I asked" on an article. */
  feedback?: { articleId: string; helpful: boolean; at: number }[];
  /**
   * A file the person sent during a handoff, for the advisor of the open ticket: recorded with the
   * message (the inbound record), fetched from the channel later (`ref`: the channel's reference).
   */
  media?: { id: string; kind: 'image' | 'audio' | 'document'; ref: string };
}

/** What is kept of a person's message: its own id, what it was, its text (a tap: the label). */
export interface InboundRecord {
  id: string;
  kind: InboundKind;
  text: string | null;
  at: number;
  /** Every try to handle it failed. */
  failed?: boolean;
}

export type InboundKind = 'text' | 'edit' | 'tap' | 'location' | NonNullable<InboundMessage['media']>;

/** The buttons a person has seen in a conversation. */
export interface SeenChoices {
  /** The buttons of the last message sent (the live ones; "2" means the second). */
  live: Choice[] | null;
  /** Every button of the recent messages, newest first (to name what a tap meant). */
  recent: Choice[];
}

/** A conversation as a turn reads it: the conversation, its contact and the buttons the person was shown. */
export interface FoundConversation {
  conversation: Conversation;
  contact: Contact;
  seen: SeenChoices;
}

export type ReceiptOutcome =
  /**
   * `found`: the conversation as read in the same round trip as the receipt (null: none yet),
   * where a call to the database is a round trip (D1); absent: the turn reads it.
   */
  | { status: 'new'; found?: FoundConversation | null }
  | { status: 'duplicate'; replies: StoredReply[] }
  | { status: 'in_progress' };

/** The storage port: a libSQL implementation and an in-memory one. */
export interface Store extends InboxStore {
  /** Records an inbound message before it is handled. */
  /**
   * Records an inbound message before it is handled. `takeOver`: a message recorded earlier and
   * never answered is handled now (resuming after a crash), however recent its record. `queued`:
   * recorded by a webhook for the inbox (InboxDrain reads only these); its turn runs later.
   */
  recordInbound(msg: InboundMessage, takeOver?: boolean, queued?: boolean): Promise<ReceiptOutcome>;
  /** The conversation, its contact and the buttons the person was shown (one read: one round trip on D1). */
  findConversation(channel: ChannelName, channelUserId: string): Promise<FoundConversation | null>;
  commitTurn(turn: TurnCommit): Promise<void>;
  /**
   * Handling failed: the message stays recorded and is retried later, until attempts run out
   * ('dead': the caller keeps it in the conversation, marked, and apologizes).
   */
  failInbound(channel: ChannelName, channelMessageId: string, error: string, maxAttempts: number): Promise<'retry' | 'dead'>;
  /** Messages recorded but not handled since before `before` (a crash, an error): to retry. Not the inbox's (queued). */
  pendingInbound(before: number, limit: number): Promise<InboundMessage[]>;
  /** A conversation's messages, both sides, in order, after the one with id `afterId` (null: from the start). */
  historyAfter(channel: ChannelName, channelUserId: string, afterId: string | null, limit: number): Promise<HistoryItem[]>;
  ping(): Promise<void>;
  /** Writes one row (the same one each time): throws when the database cannot write (a full disk, read-only). */
  probeWrite(at: number): Promise<void>;
  close(): Promise<void>;
}

/** The recorded messages a webhook acknowledged before their turn ran (see InboxDrain). */
export interface InboxStore {
  /** Where reading starts: just before the oldest message never answered, or at the newest. */
  inboxStart(): Promise<number>;
  /** Messages recorded after `seq` and not answered yet, in the order they were recorded (null: unreadable). */
  inboxAfter(seq: number, limit: number): Promise<{ seq: number; msg: InboundMessage | null }[]>;
}

/** A message recorded and left unanswered this long belongs to a turn that died or failed: it is tried again. */
export const INBOUND_RETRY_AFTER_MS = 30_000;

export interface Clock {
  now(): number;
}

export interface IdSource {
  /** Sortable unique id: later calls sort after earlier ones. */
  next(prefix: string): string;
}

/** One message waiting in the outbox. */
export interface OutboxItem {
  id: string;
  messageId: string;
  channel: ChannelName;
  recipient: string;
  reply: Reply;
  attempts: number;
  /** Of a reply sent as several messages: how many the channel accepted already (a retry goes on from there). */
  partsSent: number;
}

/**
 * Why a channel (or a remote database) cannot take anything right now: its fault, not one
 * message's. unreachable: no connection (refused, reset, DNS); timeout: no answer in time;
 * server_error: it answered 5xx; token_refused: it refused our credentials.
 */
export type OutageReason = 'unreachable' | 'timeout' | 'server_error' | 'token_refused' | 'crashed';

/**
 * What a send came to. A failure may say `partsSent`: of a reply sent as several messages, how
 * many the channel accepted before it failed (kept, so that a retry never sends them twice).
 */
export type SendResult = { ok: true; providerMessageId?: string } | (SendFailure & { partsSent?: number });
export type SendFailure =
  /**
   * The channel itself is unavailable (down, stalled, 5xx, our token refused, the linked phone not
   * connected): this message is not at fault and keeps its attempts; the channel's lane holds
   * everything it has and tries again with backoff, the other channels go on.
   */
  | { ok: false; kind: 'unavailable'; reason: OutageReason; error: string }
  /** Try again later; `retryAfterMs` when the channel said how long to wait (Telegram 429). */
  | { ok: false; kind: 'retry'; error: string; retryAfterMs?: number }
  /** The person blocked us or left: stop sending to them. */
  | { ok: false; kind: 'unreachable'; error: string }
  /** The channel refuses this message for good (bad request): do not retry. */
  | { ok: false; kind: 'rejected'; error: string };

/** Delivers one rendered reply on one channel. Adapters implement it. */
export interface ChannelSender {
  /** `from`: the parts of the rendered reply the channel accepted already (skipped). */
  send(recipient: string, reply: Reply, from?: number): Promise<SendResult>;
}

export interface OutboxStore {
  /**
   * On one channel: the oldest waiting message of each recipient that is due, oldest first (order
   * per person), claimed in the same statement: marked "sending" until `now + leaseMs`, so that no
   * other process or isolate sends it meanwhile. A claim whose lease ran out (its process died
   * during the send) is due again: sent again, at least once, before that person's later messages.
   */
  claimDue(channel: ChannelName, now: number, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  /** Claimed messages not sent in this pass (a limit, an outage): waiting again, due at `at`, attempts unchanged. */
  releaseClaims(items: { id: string; at: number }[]): Promise<void>;
  /** At start: messages left "sending" by a crash go out again (at least once), marked as interrupted. */
  requeueInterrupted(now: number): Promise<number>;
  /**
   * `holdNextMs`: the recipient's next message is not due before `at` + this (their own limit,
   * one message a second on Telegram and WhatsApp): it is not read again and again meanwhile, and
   * the messages of people who may be written to now are not kept behind it.
   */
  markSent(id: string, at: number, providerMessageId?: string, holdNextMs?: number): Promise<void>;
  /** Back to pending; `partsSent` when some parts of the reply went already. */
  markRetry(id: string, attempts: number, nextAttemptAt: number, error: string, partsSent?: number): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  /** The person blocked the bot: their pending messages fail and nothing more is queued. */
  markUnreachable(channel: ChannelName, recipient: string, at: number): Promise<void>;
  /** The person is back (unblocked, wrote again). */
  markReachable(channel: ChannelName, recipient: string): Promise<void>;
  outboxCounts(): Promise<Record<string, number>>;
}

/** A channel's report on a message it accepted (WhatsApp Cloud statuses). */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** Delivery reports and WhatsApp's 24-hour customer-service window. */
export interface DeliveryStore {
  /**
   * Records a report on the outbox message the channel numbered `providerMessageId`. A status never
   * goes back (read stays read). Returns that message's recipient and reply locale, and whether
   * this report changed it; null when no outbox message has that id.
   */
  markDelivery(
    channel: ChannelName,
    providerMessageId: string,
    status: DeliveryStatus,
    error?: string,
  ): Promise<{ recipient: string; locale: Locale; changed: boolean } | null>;
  /** WhatsApp refused a reply: the person last wrote over 24 hours ago. */
  markWindowClosed(channel: ChannelName, recipient: string, at: number): Promise<void>;
  /** The person wrote again: the window is open. */
  markWindowOpen(channel: ChannelName, recipient: string): Promise<void>;
  windowClosedAt(channel: ChannelName, recipient: string): Promise<number | null>;
}

/** The conversation changed since the turn read it (another process's turn or action): nothing was committed. */
export class ConversationChangedError extends Error {
  override readonly name = 'ConversationChangedError';
  constructor() {
    super('the conversation changed since the turn read it');
  }
}
