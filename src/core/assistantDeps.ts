import type { Locale } from '../config/configSchema.js';
import type { Article, SafetyRules, WrittenLanguage } from '../content/contentTypes.js';
import type { DangerSign } from '../knowledge/lexicon.js';
import type { FlowGraph } from '../flows/flowGraph.js';
import type { I18n } from '../i18n/createI18n.js';
import type { SearchResult } from '../knowledge/searchKnowledge.js';
import type { CommandMatcher } from './matchCommand.js';
import type { Clock, IdSource, Store } from './ports.js';
import type { ProgramPort } from './programPort.js';
import type { ChannelName } from './message.js';
import type { Publishers } from '../content/publishers.js';

export interface KnowledgeService {
  /** Answer, clarify or abstain (knowledge/decideAnswer.ts). */
  search(text: string): SearchResult;
  /** The safety net: signs of danger in a message, read before any search. */
  dangerSigns(text: string): DangerSign[];
  /** Which articles a safety reply may show, by kind of danger (knowledge/safety.yaml). */
  safety: SafetyRules;
  article(id: string): Article | undefined;
  /** The language a message is written in (Italian, Dutch and German are read, not spoken). */
  detectLanguage(text: string): WrittenLanguage | null;
}

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** What the assistant core needs, injected by the composition root. */
export interface AssistantDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  graph: FlowGraph;
  i18n: I18n;
  knowledge: KnowledgeService;
  commands: CommandMatcher;
  center: Record<string, string | null>;
  /** Who publishes each article source, to show sources by name (knowledge/publishers.yaml). */
  publishers?: Publishers;
  defaultLocale: Locale;
  log: Logger;
  /** Version of the privacy notice shown at onboarding, recorded with consent. */
  privacyNoticeVersion: string;
  /** Called after a turn is committed with replies to deliver (wakes the outbox). */
  onOutbox?: () => void;
  /** Called after a turn recorded a file for an advisor (wakes the media downloads). */
  onMedia?: () => void;
  /** The largest file passed to an advisor (MEDIA_MAX_MB). */
  mediaMaxBytes?: number;
  /** Called after a turn in a conversation that has an open ticket (live console updates). */
  onHandoffActivity?: (conversationId: string) => void;
  /** Whether advisors are at work now, when they will be, and the usual wait. */
  handoffStatus?: (now: number) => { open: boolean; nextOpening: number | null; waitMinutes: number | null };
  /** The Center's time zone, to say when advisors will answer. */
  timeZone?: string;
  /** Messages one person may send per minute before the bot asks them to slow down. */
  rateLimitPerMinute?: number;
  /** The Center's program: news subscriptions, events near the person, registrations. */
  program?: ProgramPort;
  /**
   * How a channel's replies reach the person: `push` through the outbox (Telegram, WhatsApp),
   * `pull` read back by the channel itself (the web chat's HTTP answer, the terminal).
   */
  delivery: (channel: ChannelName) => 'push' | 'pull';
}
