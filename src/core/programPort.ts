/**
 * What a turn needs from the Center's program (news subscriptions, workshops near the person,
 * registrations), as the core defines it: the program feature implements it (ProgramService),
 * the core never imports the feature.
 */
import type { Locale } from '../config/configSchema.js';
import type { I18n } from '../i18n/createI18n.js';
import type { ChannelName, Reply } from './message.js';

export type NewsTopic = 'workshops' | 'rights' | 'investment';
/** Languages an event title or a campaign message is written in; others fall back (DESIGN.md). */
export type ProgramLang = 'ar' | 'fr' | 'en' | 'es';
export type Texts = Partial<Record<ProgramLang, string>>;

/** A workshop or event of the Center, as the bot shows it. */
export interface ProgramEvent {
  id: string;
  titles: Texts;
  place: string;
  province: string;
  startsAt: number;
  capacity: number;
  /** People registered now. */
  taken: number;
  /** Languages it is held in (ar, fr, en, es, ary, shi). */
  languages: string[];
  status: 'active' | 'cancelled';
}

/** What a turn may read about the program: loaded before the turn decides, when it may need it. */
export interface ProgramContext {
  /** Upcoming events, soonest first (at most 3): in the person's province, or elsewhere (see `nearbyScope`). */
  nearby: ProgramEvent[];
  /**
   * `province`: in the person's province; `region`: none there, so elsewhere in Souss-Massa;
   * `all`: the person gave no province of the region (none, elsewhere in Morocco, abroad), so
   * every province's events.
   */
  nearbyScope: 'province' | 'region' | 'all';
  /** Events a button named (register, cancel), whatever their province. */
  requested: ProgramEvent[];
  /** Ids of the events the person is registered for. */
  registered: string[];
}

/** What a turn changes in the program; applied (idempotently) just before the turn is committed. */
export interface ProgramEffects {
  subscribe?: NewsTopic[];
  unsubscribeAll?: boolean;
  register?: string;
  cancel?: string;
}

export const hasProgramEffects = (e: ProgramEffects): boolean => Boolean(e.subscribe?.length || e.unsubscribeAll || e.register || e.cancel);

export type RegisterOutcome = 'ok' | 'already' | 'full' | 'gone';

/** How the program's replies are worded: the person's language, the Center's time zone. */
export interface ProgramView {
  i18n: I18n;
  locale: Locale;
  timeZone: string;
}

export interface ProgramPort {
  context(contact: { id: string; province: string | null }, now: number, eventIds: string[]): Promise<ProgramContext>;
  /**
   * Applies a turn's effects. Idempotent (a turn retried after a crash applies them again).
   * Returns false when a registration lost the last seat meanwhile.
   */
  apply(target: { contactId: string; channel: ChannelName; recipient: string }, effects: ProgramEffects, now: number): Promise<boolean>;
  /** The program's words (pure). */
  eventsReply(v: ProgramView, ctx: ProgramContext): Reply;
  registerOutcome(ctx: ProgramContext, eventId: string, now: number): RegisterOutcome;
  registerReply(v: ProgramView, ctx: ProgramContext, eventId: string, outcome: RegisterOutcome): Reply;
  cancelReply(v: ProgramView, ctx: ProgramContext, eventId: string, wasRegistered: boolean): Reply;
}
