import type { Hono } from 'hono';
import type { Config } from '../config/configSchema.js';
import type { Assistant } from '../core/createAssistant.js';
import type { Logger } from '../core/assistantDeps.js';
import type { Clock, IdSource } from '../core/ports.js';
import type { ChannelName } from '../core/message.js';
import type { FlowGraph } from '../flows/flowGraph.js';
import type { I18n } from '../i18n/createI18n.js';
import { EventHub } from '../handoff/eventHub.js';
import type { HandoffStore } from '../handoff/handoffPorts.js';
import { HandoffService } from '../handoff/handoffService.js';
import { isOpen, nextOpening, parseOfficeHours } from '../handoff/officeHours.js';
import { ConsoleAuth, type ConsoleEnv } from '../console/consoleAuth.js';
import { consoleRoutes } from '../console/consoleRoutes.js';
import { warmConsoleFormats } from '../console/consoleFormat.js';
import type { LiveStreamTiming } from '../console/consoleEvents.js';
import { type ConsoleVocabulary, isConsoleLang } from '../console/consoleVocabulary.js';
import type { LibsqlMediaStore } from '../media/libsqlMediaStore.js';
import type { RequestTrust } from '../http/requestTrust.js';

/** Office hours and the usual wait, for what the person is told when they ask for an advisor. */
export class HandoffStatus {
  private waitMinutes: number | null = null;
  private readonly hours;

  constructor(
    config: Config,
    private readonly store: HandoffStore,
    private readonly clock: Clock,
  ) {
    this.hours = parseOfficeHours(config.OFFICE_HOURS, config.TZ_CENTER);
  }

  /** The median wait of the last week's claimed tickets (refreshed by the background loop). */
  async refresh(): Promise<void> {
    const median = await this.store.medianWaitMs(this.clock.now() - 7 * 24 * 3600_000);
    this.waitMinutes = median === null ? null : Math.max(1, Math.round(median / 60_000));
  }

  now(at: number) {
    const open = isOpen(this.hours, at);
    return { open, nextOpening: open ? at : nextOpening(this.hours, at), waitMinutes: this.waitMinutes };
  }
}

export interface ComposedHandoff {
  hub: EventHub;
  service: HandoffService;
  auth: ConsoleAuth;
  status: HandoffStatus;
  routes: Hono<ConsoleEnv>;
}

/** The advisor side: handoff service, console sign-in, console pages and API. */
export function composeHandoff(o: {
  config: Config;
  store: HandoffStore;
  /** Files people sent during a handoff (shown in the ticket's history). */
  media: { store: LibsqlMediaStore; worker: { kick(): Promise<void> } };
  assistant: Assistant;
  hub: EventHub;
  status: HandoffStatus;
  clock: Clock;
  ids: IdSource;
  i18n: I18n;
  graph: FlowGraph;
  log: Logger;
  kickOutbox: () => void;
  delivery: (channel: ChannelName) => 'push' | 'pull';
  trust: RequestTrust;
  serverHashing: boolean;
  /** The console's live stream: its ping, and its length (Workers). */
  live?: LiveStreamTiming;
  /** Tickets on a page of the console's queue (Workers: fewer). */
  queuePageSize?: number;
  /** What the console calls topics (by their articles' titles) and provinces: made with the content (prepareContent.ts). */
  vocab: ConsoleVocabulary;
}): ComposedHandoff {
  const { vocab } = o;
  // The console's date and number formatters, made now (on Workers, at the isolate's start) rather than in a request.
  warmConsoleFormats(o.config.TZ_CENTER);
  // The advisors' Telegram group reads the Center's default language (French when the console has no such language).
  const lang = isConsoleLang(o.config.DEFAULT_LOCALE) ? o.config.DEFAULT_LOCALE : 'fr';
  const named = (key: string, raw: string) => (o.i18n.has(lang, key, 'console') ? o.i18n.t(lang, key, undefined, 'console') : raw);
  const service = new HandoffService({
    store: o.store,
    assistant: o.assistant,
    clock: o.clock,
    ids: o.ids,
    i18n: o.i18n,
    graph: o.graph,
    hub: o.hub,
    log: o.log,
    kickOutbox: o.kickOutbox,
    escalateAfterMinutes: o.config.HANDOFF_ESCALATE_MINUTES,
    ...(o.config.TELEGRAM_ADVISORS_CHAT_ID && o.config.TELEGRAM_BOT_TOKEN ? { advisorsTelegramChatId: o.config.TELEGRAM_ADVISORS_CHAT_ID } : {}),
    defaultLocale: o.config.DEFAULT_LOCALE,
    delivery: o.delivery,
    describe: (t) => ({ topic: vocab.topic(t.topic, lang), language: named(`program.langs.${t.locale}`, t.locale ?? '?'), channel: named(`channels.${t.channel}`, t.channel) }),
  });
  const auth = new ConsoleAuth({ store: o.store, clock: o.clock, ids: o.ids, log: o.log, trust: o.trust, serverHashing: o.serverHashing });
  const media = {
    ...o.media,
    handoffStore: o.store,
    changed: (conversationId: string) => o.hub.publish({ kind: 'message', ticketId: '', conversationId }),
    now: () => o.clock.now(),
    maxMb: o.config.MEDIA_MAX_MB,
  };
  const routes = consoleRoutes({
    auth,
    handoff: service,
    store: o.store,
    media,
    i18n: o.i18n,
    hub: o.hub,
    now: () => o.clock.now(),
    vocab,
    timeZone: o.config.TZ_CENTER,
    whatsappTemplate: Boolean(o.config.WHATSAPP_TEMPLATE_NAME),
    ...(o.live ? { live: o.live } : {}),
    ...(o.queuePageSize ? { queuePageSize: o.queuePageSize } : {}),
  });
  return { hub: o.hub, service, auth, status: o.status, routes };
}

export { EventHub };
