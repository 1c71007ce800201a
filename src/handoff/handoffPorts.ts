import type { ChannelName, Reply, StoredReply } from '../core/message.js';
import type { ConversationState } from '../core/ports.js';
import type { MediaView } from '../media/mediaPorts.js';

export type Role = 'advisor' | 'admin';
export type TicketStatus = 'waiting' | 'with_advisor' | 'closed';
export type Outcome = 'answered' | 'referred' | 'follow_up' | 'no_response' | 'cancelled';
export const OUTCOMES: Outcome[] = ['answered', 'referred', 'follow_up', 'no_response'];

export interface Advisor {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  disabledAt: number | null;
  createdAt: number;
}

export interface Session {
  advisor: Advisor;
  csrfToken: string;
  expiresAt: number;
}

export interface TicketSummary {
  id: string;
  status: TicketStatus;
  topic: string;
  sensitive: boolean;
  createdAt: number;
  claimedAt: number | null;
  escalatedAt: number | null;
  closedAt: number | null;
  /** Why it ended: an advisor's outcome, or `cancelled` (the person cancelled their request). */
  outcome: Outcome | null;
  /** The advisor who closed it (null when the person cancelled). */
  closedByName: string | null;
  assignedTo: string | null;
  assignedName: string | null;
  conversationId: string;
  channel: ChannelName;
  locale: string | null;
  province: string | null;
  pseudonym: string;
  lastMessageAt: number | null;
  /** When the person last wrote (the WhatsApp 24-hour window runs from it). */
  lastPersonAt: number | null;
  /** The conversation's last message from the person or an advisor (else the bot's), its text cut to 300 characters. */
  last: { from: 'person' | 'bot' | 'advisor'; kind: string; text: string; at: number } | null;
  /** The person's messages since the ticket opened that the asking advisor has not seen (0 once closed). */
  unread: number;
}

export interface HistoryItem {
  id: string;
  /** The message's place in the conversation. */
  seq: number;
  from: 'person' | 'bot' | 'advisor';
  /** What the person sent (text, tap: `text` is the button's label, image…). */
  kind: string;
  text: string;
  at: number;
  dir: 'rtl' | 'ltr';
  /** It could not be handled. */
  failed: boolean;
  /** Replies on a pushed channel: where the outbox is with it; `window_closed`: WhatsApp refused it (24 hours), the template went or nothing could. */
  delivery?: { status: 'pending' | 'sent' | 'delivered' | 'read' | 'failed'; reason?: 'window_closed' };
  /** A file sent during a handoff (served at /advisor/media/<id>). */
  media?: MediaView;
}

export interface TicketDetail extends TicketSummary {
  audience: string | null;
  conversationState: ConversationState;
  contactId: string;
  channelUserId: string;
  /** The WhatsApp 24-hour window is closed: free text is refused, a template goes instead. */
  windowClosed: boolean;
  /** WhatsApp Cloud only: when the 24-hour window closes (24 h after the person last wrote), and when the template went because it had. */
  whatsappWindow: { closesAt: number | null; templateSentAt: number | null } | null;
  /** The whole conversation in the order it happened. */
  history: HistoryItem[];
  notes: { text: string; at: number; advisorName: string | null }[];
  /** What happened to the ticket (opened, claimed, transferred, escalated, closed), in order. */
  events: { kind: string; at: number; advisorName: string | null; text: string | null }[];
}

export type QueueStatus = 'waiting' | 'mine' | 'all';

/** One word of a queue search, and what it may match besides the conversation's words. */
export interface QueueWord {
  text: string;
  /** Topic ids and province ids whose names (in any console language) contain the word. */
  topics: string[];
  provinces: string[];
}

export interface QueueFilter {
  status: QueueStatus;
  /** Every word must match: the pseudonym, what the person or an advisor wrote, a note, the topic or the province. */
  words?: QueueWord[];
  channel?: ChannelName;
  locale?: string;
  sensitive?: boolean;
}

export interface QueueCounts {
  waiting: number;
  mine: number;
  /** Of mine, those with messages I have not seen. */
  mineUnread: number;
}

/** Who can take a ticket: signed in (a live session), seen lately, and how many conversations they hold. */
export interface AdvisorPresence {
  id: string;
  name: string;
  role: Role;
  signedIn: boolean;
  lastSeenAt: number | null;
  openTickets: number;
}

export interface AuditQuery {
  advisorId?: string;
  /** An action or its family: `close` finds `close:referred`. */
  action?: string;
  from?: number;
  to?: number;
  /** Entries older than this id (the next page). */
  before?: number;
  limit: number;
}

export interface AuditEntry {
  id: number;
  advisorId: string | null;
  advisorName: string | null;
  action: string;
  target: string | null;
  /** The ticket's person, when the target is a ticket that still exists. */
  targetPseudonym: string | null;
  at: number;
}

/** One advisor action, committed at once (one transaction). */
export interface AdvisorCommit {
  ticketId: string;
  /** Guard: the statement only applies while the ticket is in one of these states (and assigned to). */
  expect: { status: TicketStatus[]; assignedTo?: string | null };
  ticket?: Partial<{ status: TicketStatus; assignedTo: string | null; claimedAt: number; closedAt: number; outcome: Outcome; escalatedAt: number }>;
  conversation?: { id: string; state?: ConversationState; position?: unknown };
  replies?: { reply: StoredReply; conversationId: string; outbox?: { channel: ChannelName; recipient: string } }[];
  event?: { kind: string; advisorId: string | null; text?: string };
  audit?: { advisorId: string | null; action: string };
  at: number;
}

export interface HandoffStore {
  createAdvisor(a: Advisor): Promise<void>;
  findAdvisorByEmail(email: string): Promise<Advisor | null>;
  findAdvisor(id: string): Promise<Advisor | null>;
  listAdvisors(): Promise<Advisor[]>;
  disableAdvisor(email: string, at: number): Promise<boolean>;
  /** A new password hash (a new password: its sessions end; or the same one in the new form): false when no such account. */
  setAdvisorPasswordHash(email: string, hash: string, endSessions?: boolean): Promise<boolean>;
  createSession(s: { tokenHash: string; advisorId: string; csrfToken: string; at: number; expiresAt: number }): Promise<void>;
  findSession(tokenHash: string, now: number): Promise<Session | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** A page of the queue: at most `limit`, after the first `offset`. */
  listTickets(filter: QueueFilter, advisorId: string, limit: number, offset?: number): Promise<TicketSummary[]>;
  queueCounts(advisorId: string): Promise<QueueCounts>;
  /** The advisor has seen the conversation up to `seq`. */
  markRead(ticketId: string, advisorId: string, seq: number, at: number): Promise<void>;
  /** The advisor is on the console (throttled: at most one write a minute). */
  touchAdvisor(advisorId: string, at: number): Promise<void>;
  advisorPresence(now: number): Promise<AdvisorPresence[]>;
  /** `advisorId`: whose unread count to give. */
  getTicket(id: string, advisorId?: string): Promise<TicketDetail | null>;
  /** Applies the commit if the guard holds; false when the ticket was not in the expected state. */
  commitAdvisorAction(c: AdvisorCommit): Promise<boolean>;
  openTicketFor(conversationId: string): Promise<string | null>;
  ticketsToEscalate(createdBefore: number): Promise<TicketSummary[]>;
  medianWaitMs(since: number): Promise<number | null>;
  /** When the console's picture last changed, whoever changed it (another process, another Worker isolate): a ticket made or moved, a message in an open ticket's conversation. 0: never. */
  lastChangeAt(): Promise<number>;
  audit(advisorId: string | null, action: string, target: string | null, at: number): Promise<void>;
  auditLog(query: AuditQuery): Promise<AuditEntry[]>;
}

export type { Reply };
