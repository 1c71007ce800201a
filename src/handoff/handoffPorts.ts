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
  assignedTo: string | null;
  assignedName: string | null;
  conversationId: string;
  channel: ChannelName;
  locale: string | null;
  pseudonym: string;
  lastMessageAt: number | null;
}

export interface TicketDetail extends TicketSummary {
  closedAt: number | null;
  outcome: Outcome | null;
  audience: string | null;
  province: string | null;
  conversationState: ConversationState;
  contactId: string;
  channelUserId: string;
  /** The WhatsApp 24-hour window is closed: free text is refused, a template goes instead. */
  windowClosed: boolean;
  /** The whole conversation in the order it happened. `kind`: what the person sent (text, tap: `text` is the button's label, image…); `failed`: it could not be handled. */
  history: { id: string; from: 'person' | 'bot' | 'advisor'; kind: string; text: string; at: number; dir: 'rtl' | 'ltr'; failed: boolean; /** A file sent during a handoff (served at /advisor/media/<id>). */ media?: MediaView }[];
  notes: { text: string; at: number; advisorName: string | null }[];
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
  createSession(s: { tokenHash: string; advisorId: string; csrfToken: string; at: number; expiresAt: number }): Promise<void>;
  findSession(tokenHash: string, now: number): Promise<Session | null>;
  deleteSession(tokenHash: string): Promise<void>;
  listTickets(filter: 'waiting' | 'mine' | 'all', advisorId: string, limit: number): Promise<TicketSummary[]>;
  getTicket(id: string): Promise<TicketDetail | null>;
  /** Applies the commit if the guard holds; false when the ticket was not in the expected state. */
  commitAdvisorAction(c: AdvisorCommit): Promise<boolean>;
  openTicketFor(conversationId: string): Promise<string | null>;
  ticketsToEscalate(createdBefore: number): Promise<TicketSummary[]>;
  medianWaitMs(since: number): Promise<number | null>;
  audit(advisorId: string | null, action: string, target: string | null, at: number): Promise<void>;
  auditLog(limit: number): Promise<{ advisorName: string | null; action: string; target: string | null; at: number }[]>;
}

export type { Reply };
