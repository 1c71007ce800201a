/**
 * The storage port of the Center's program: subscriptions, campaigns, events and registrations,
 * and the aggregates of the dashboard. Implemented on libSQL/D1 in storage/libsqlProgramStore.ts.
 */
import type { ChannelName, Reply } from '../core/message.js';
import type { NewsTopic, ProgramContext, ProgramEffects, ProgramEvent, Texts } from './programTurn.js';

export type CampaignKind = 'news' | 'survey';
export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

/** Who receives a campaign. Every list empty = no restriction; a topic (or any) is always required. */
export interface AudienceFilter {
  /** 'any': people who receive at least one topic. */
  topic: NewsTopic | 'any';
  locales: string[];
  channels: ChannelName[];
  audiences: ('migrant' | 'mre')[];
  provinces: string[];
}

/** Per channel: the last conversation enqueued, or "done". */
export type Cursors = Partial<Record<ChannelName, string>>;
export const CURSOR_DONE = '~done';

export interface Campaign {
  id: string;
  name: string;
  kind: CampaignKind;
  texts: Texts;
  filter: AudienceFilter;
  eventId: string | null;
  /** The survey flow a survey campaign starts (impact-survey). */
  survey: string | null;
  status: CampaignStatus;
  scheduledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** People matching the audience when sending started. */
  audienceCount: number | null;
  enqueued: number;
  /** Web chat messages stored (the page reads them); other channels go through the outbox. */
  webchatStored: number;
  cursors: Cursors;
  version: number;
  createdBy: string | null;
  createdAt: number;
}

/** One person a campaign goes to, as the enqueuing reads them (never all at once). */
export interface Recipient {
  conversationId: string;
  channel: ChannelName;
  channelUserId: string;
  locale: string | null;
}

/** One message of a batch: stored in the conversation, and queued in the outbox unless it is web chat. */
export interface BatchMessage {
  messageId: string;
  /** Delivered through the outbox (else the channel reads it back: the web chat).*/
  pushed: boolean;
  conversationId: string;
  channel: ChannelName;
  recipient: string;
  reply: Reply;
}

export interface EventRecord extends ProgramEvent {
  remindAt: number;
  createdAt: number;
}

export interface RegistrationRow {
  contactId: string;
  locale: string | null;
  channel: string | null;
  status: 'registered' | 'cancelled';
  createdAt: number;
  remindedAt: number | null;
}

/** A registration whose reminder is due, with where to send it. */
export interface DueReminder {
  eventId: string;
  contactId: string;
  locale: string | null;
  conversationId: string;
  channel: ChannelName;
  channelUserId: string;
}

export type DeliveryCounts = Record<'queued' | 'sent' | 'delivered' | 'read' | 'failed', number>;

/** A window of time cut in segments of one UTC offset, for counting per local day in SQL. */
export interface DaySegment {
  start: number;
  end: number;
  offsetMs: number;
}

export interface AnalyticsRange {
  from: number;
  to: number;
  province: string | null;
}

/** What a turn reads and changes. */
export interface ProgramTurnStore {
  programContext(contact: { id: string; province: string | null }, now: number, eventIds: string[], shown: number): Promise<ProgramContext>;
  /** Applies a turn's effects in one batch; false when a registration found no seat. */
  applyEffects(target: { contactId: string; channel: ChannelName; recipient: string }, effects: ProgramEffects, now: number): Promise<boolean>;
}

/** Campaigns. */
export interface CampaignStore {
  createCampaign(c: Campaign): Promise<void>;
  getCampaign(id: string): Promise<Campaign | null>;
  listCampaigns(limit: number): Promise<Campaign[]>;
  /** Changes the status if it is one of `from`; false otherwise. */
  setCampaignStatus(id: string, from: CampaignStatus[], to: CampaignStatus, fields: Partial<Pick<Campaign, 'scheduledAt' | 'startedAt' | 'finishedAt' | 'audienceCount'>>, at: number): Promise<boolean>;
  campaignsToRun(now: number): Promise<Campaign[]>;
  countAudience(filter: AudienceFilter, channels: ChannelName[]): Promise<Record<string, number>>;
  /** The next people of one channel after the cursor, in conversation order. */
  nextRecipients(filter: AudienceFilter, channel: ChannelName, after: string | null, limit: number): Promise<Recipient[]>;
  /**
   * Stores a batch and moves the cursor, at once and only if the campaign is still sending at this
   * version (two loops never send the same batch twice). False when another loop got there first.
   */
  enqueueBatch(campaign: Campaign, cursors: Cursors, messages: BatchMessage[], at: number): Promise<boolean>;
  /** Campaign messages waiting in the outbox on a channel (the enqueuing keeps this small). */
  campaignBacklog(channel: ChannelName): Promise<number>;
  deliveryCounts(campaignId: string): Promise<DeliveryCounts>;
  /** A cancelled campaign's messages still waiting in the outbox are not sent. */
  dropQueued(campaignId: string): Promise<number>;
}

/** Events, registrations, reminders. */
export interface EventStore {
  saveEvent(e: EventRecord): Promise<void>;
  getEvent(id: string): Promise<EventRecord | null>;
  listEvents(fromTime: number, limit: number): Promise<EventRecord[]>;
  cancelEvent(id: string, at: number): Promise<boolean>;
  /**
   * Saves an edited event if it is still active and its seats are not below the people registered
   * (false otherwise). `reminders`: after a change of date, `again` (the reminder goes again the day
   * before the new date) or `done` (that moment has passed: the change notice stands for it).
   */
  updateEvent(e: EventRecord, reminders: 'keep' | 'again' | 'done', at: number): Promise<boolean>;
  registrations(eventId: string): Promise<RegistrationRow[]>;
  dueReminders(now: number, limit: number): Promise<DueReminder[]>;
  /** Sends the reminders (messages and outbox) and marks them sent, at once; each only once. */
  recordReminders(items: { eventId: string; contactId: string; message: BatchMessage }[], at: number): Promise<number>;
  /** The people registered for an event, with where to write to them (cancellation notice). */
  registeredRecipients(eventId: string): Promise<(Recipient & { contactId: string })[]>;
  storeMessages(messages: BatchMessage[], at: number): Promise<void>;
}

/**
 * Dashboard (aggregates; no contact ids leave the store except pseudonymous registrations). Every
 * count is of distinct people (conversations, or the `person` part of anonymous rows), never of
 * messages or rows: analytics.ts suppresses what fewer than 5 people make.
 */
export interface AnalyticsStore {
  subscriptionCounts(): Promise<Record<string, number>>;
  conversationsPerDay(segments: DaySegment[], province: string | null): Promise<{ day: number; channel: string; locale: string; n: number }[]>;
  articleFeedback(range: AnalyticsRange): Promise<{ articleId: string; helpful: number; notHelpful: number }[]>;
  articlesShown(range: AnalyticsRange): Promise<{ articleId: string; n: number }[]>;
  /** `person`: who asked, as an opaque part of their key ('' for rows from before it existed). */
  knowledgeGaps(range: AnalyticsRange, limit: number): Promise<{ query: string; lang: string; reason: string; person: string }[]>;
  handoffs(range: AnalyticsRange): Promise<{ conversationId: string; createdAt: number; claimedAt: number | null; outcome: string | null; status: string }[]>;
  surveyCounts(survey: string, range: AnalyticsRange): Promise<{ question: string; value: string; n: number }[]>;
  /** The latest free-text answers (without their time) and how many distinct people wrote them. */
  surveyComments(survey: string, question: string, range: AnalyticsRange, limit: number): Promise<{ comments: { value: string; locale: string | null }[]; people: number }>;
  /** Deletes free-text answers (the survey's "ask" questions) older than the cutoff. */
  purgeSurveyText(questions: { survey: string; question: string }[], cutoff: number): Promise<number>;
  registrationCounts(range: AnalyticsRange): Promise<{ eventId: string; titles: Texts; province: string; startsAt: number; registered: number; cancelled: number }[]>;
}

/** The program's storage, by part: each service reads and writes its own. */
export interface ProgramStore {
  turn: ProgramTurnStore;
  campaigns: CampaignStore;
  events: EventStore;
  analytics: AnalyticsStore;
}
