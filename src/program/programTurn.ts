/**
 * What the bot side of the Center's program needs from a turn: the news topics a person may
 * follow, the events near them, and what a turn changes (subscriptions, registrations).
 * Pure types and one error: the core imports them without any storage.
 */
import type { ChannelName } from '../core/message.js';

export const NEWS_TOPICS = ['workshops', 'rights', 'investment'] as const;
export type NewsTopic = (typeof NEWS_TOPICS)[number];

/** Languages an event title or a campaign message is written in; others fall back (DESIGN.md). */
export const PROGRAM_LANGS = ['ar', 'fr', 'en', 'es'] as const;
export type ProgramLang = (typeof PROGRAM_LANGS)[number];
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

/** What a turn may read about the program. Loaded only by the turns that need it. */
export interface ProgramContext {
  /** Upcoming events in the person's province, soonest first (at most 3)… */
  nearby: ProgramEvent[];
  /** …or, when there are none there (or no province is known), elsewhere in the region. */
  nearbyIsRegion: boolean;
  /** Events a button named (register, cancel), whatever their province. */
  requested: ProgramEvent[];
  /** Ids of the events the person is registered for. */
  registered: string[];
}

export const EMPTY_PROGRAM_CONTEXT: ProgramContext = { nearby: [], nearbyIsRegion: true, requested: [], registered: [] };

/** What a turn changes in the program; applied (idempotently) just before the turn is committed. */
export interface ProgramEffects {
  subscribe?: NewsTopic[];
  unsubscribeAll?: boolean;
  register?: string;
  cancel?: string;
}

export const hasProgramEffects = (e: ProgramEffects): boolean => Boolean(e.subscribe?.length || e.unsubscribeAll || e.register || e.cancel);

/** The program as the assistant core sees it (implemented by ProgramService over a ProgramStore). */
export interface ProgramTurnPort {
  context(contact: { id: string; province: string | null }, now: number, eventIds: string[]): Promise<ProgramContext>;
  /**
   * Applies a turn's effects. Idempotent (a turn retried after a crash applies them again).
   * Returns false when a registration lost the last seat meanwhile: the turn runs again.
   */
  apply(target: { contactId: string; channel: ChannelName; recipient: string }, effects: ProgramEffects, now: number): Promise<boolean>;
}

/** Thrown by a turn that needs program data it was not given: the assistant loads it and runs the turn again. */
export class ProgramContextNeeded extends Error {
  override readonly name = 'ProgramContextNeeded';
  constructor(readonly eventIds: string[] = []) {
    super('this turn needs the program context');
  }
}

/** The text in the person's language, else its fallbacks (ary, shi → ar → fr; es → fr → en), else any. */
export function pickText(texts: Texts, locale: string): { text: string; lang: ProgramLang } | null {
  const chain: string[] = [locale];
  if (locale === 'ary' || locale === 'shi') chain.push('ar', 'fr');
  else if (locale === 'es') chain.push('fr', 'en');
  else chain.push('fr');
  chain.push('en', 'ar', 'es', 'fr');
  for (const l of chain) {
    const t = texts[l as ProgramLang]?.trim();
    if (t) return { text: t, lang: l as ProgramLang };
  }
  return null;
}
