import type { ChannelName, InboundMessage, Reply, StoredReply } from './message.js';
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
}

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
  inboundText: string | null;
  replies: StoredReply[];
  /** Replies that a channel must deliver (all but web chat, which reads them back). */
  outbox: { replyId: string; channel: ChannelName; recipient: string; reply: Reply }[];
  ticket?: TicketDraft;
  /** "Delete my data": erase this contact after the turn. */
  eraseContact?: boolean;
  /** Questions without a good answer: text, language, time; never a contact id. */
  knowledgeGaps?: { query: string; lang: string; reason: 'abstain' | 'not_helpful'; at: number }[];
  /** "This helped" / "not what I asked" on an article. */
  feedback?: { articleId: string; helpful: boolean; at: number }[];
}

export type ReceiptOutcome =
  | { status: 'new' }
  | { status: 'duplicate'; replies: StoredReply[] }
  | { status: 'in_progress' };

/** The storage port: a libSQL implementation and an in-memory one. */
export interface Store {
  /** Records an inbound message before it is handled. */
  recordInbound(msg: InboundMessage): Promise<ReceiptOutcome>;
  findConversation(channel: ChannelName, channelUserId: string): Promise<{ conversation: Conversation; contact: Contact } | null>;
  commitTurn(turn: TurnCommit): Promise<void>;
  /** The receipt is dropped so that a retry handles the message again. */
  releaseInbound(channel: ChannelName, channelMessageId: string): Promise<void>;
  repliesAfter(channel: ChannelName, channelUserId: string, afterId: string | null, limit: number): Promise<StoredReply[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Clock {
  now(): number;
}

export interface IdSource {
  /** Sortable unique id: later calls sort after earlier ones. */
  next(prefix: string): string;
}
