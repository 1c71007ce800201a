import type { Locale } from '../config/configSchema.js';
import type { Logger } from '../core/assistantDeps.js';
import type { ChannelName } from '../core/message.js';
import type { Clock, IdSource } from '../core/ports.js';
import type { FlowGraph } from '../flows/flowGraph.js';
import type { I18n } from '../i18n/createI18n.js';
import type { ProgramStore } from './programStore.js';

/** What the program's services need, injected by the composition root. */
export interface ProgramDeps {
  store: ProgramStore;
  clock: Clock;
  ids: IdSource;
  i18n: I18n;
  graph: FlowGraph;
  log: Logger;
  /** The Center's time zone: schedules, event times, reminders, the dashboard's days. */
  timeZone: string;
  defaultLocale: Locale;
  /** Channels this runtime sends on, with their overall rate per second (web chat needs none). */
  channels: Partial<Record<ChannelName, { perSecond: number }>>;
  /** How a channel's messages reach people (the channels' descriptors). */
  delivery: (channel: ChannelName) => 'push' | 'pull';
  /** Wakes the outbox after messages were queued. */
  kickOutbox: () => void;
  /** Free-text survey answers older than this are deleted, like conversations (RETENTION_DAYS). */
  retentionDays?: number;
}

/** Provinces of Souss-Massa, and the two answers for people elsewhere (contacts.province values). */
export const PROVINCES = ['agadir-ida-outanane', 'inezgane-ait-melloul', 'chtouka-ait-baha', 'taroudant', 'tiznit', 'tata', 'elsewhere-morocco', 'abroad'] as const;
/** Where events take place (the six prefectures and provinces). */
export const EVENT_PROVINCES = PROVINCES.slice(0, 6);
export const CONTACT_LOCALES = ['ar', 'ary', 'shi', 'fr', 'en', 'es'] as const;
export const CAMPAIGN_CHANNELS: ChannelName[] = ['webchat', 'telegram', 'whatsapp-cloud', 'whatsapp-web'];
