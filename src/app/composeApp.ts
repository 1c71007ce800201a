import type { Hono } from 'hono';
import { BackgroundLoop } from './backgroundLoop.js';
import type { Stores } from './createStores.js';
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../config/configSchema.js';
import type { Content } from '../content/contentTypes.js';
import { createAssistant, type Assistant } from '../core/createAssistant.js';
import type { Logger } from '../core/assistantDeps.js';
import { createIdSource } from '../core/ids.js';
import { createCommandMatcher } from '../core/matchCommand.js';
import type { Clock } from '../core/ports.js';
import { FlowGraph } from '../flows/flowGraph.js';
import { createI18n, type I18n } from '../i18n/createI18n.js';
import { detectLanguage } from '../knowledge/detectLanguage.js';
import { KnowledgeIndex } from '../knowledge/searchKnowledge.js';
import { SEARCH_THRESHOLD } from '../knowledge/searchSettings.js';
import { createHttpApp } from '../http/createHttpApp.js';
import { OutboxWorker, type OutboxChannel } from '../outbox/outboxWorker.js';
import { createTelegramChannel, type TelegramChannel } from '../channels/telegram/telegramChannel.js';
import { createWhatsAppCloudChannel, type WhatsAppCloudChannel } from '../channels/whatsappCloud/whatsAppCloudChannel.js';
import type { WhatsAppWebChannel, createWhatsAppWebChannel } from '../channels/whatsappWeb/whatsAppWebChannel.js';
import type { WhatsAppWebClientFactory } from '../channels/whatsappWeb/whatsAppWebClient.js';
import { composeHandoff, EventHub, HandoffStatus, type ComposedHandoff } from './composeHandoff.js';
import { ProgramService } from '../program/programService.js';
import type { ProgramDeps } from '../program/programDeps.js';
import { adminRoutes } from '../console/adminRoutes.js';
import { adminApi } from '../console/adminApi.js';

export const PRIVACY_NOTICE_VERSION = '2026-11-22';

export interface ComposedApp {
  http: Hono;
  assistant: Assistant;
  i18n: I18n;
  index: KnowledgeIndex;
  outbox: OutboxWorker;
  telegram: TelegramChannel | null;
  whatsappCloud: WhatsAppCloudChannel | null;
  /** Started and stopped by the Node runtime (startNode). */
  whatsappWeb: WhatsAppWebChannel | null;
  handoff: ComposedHandoff;
  /** The Center's program (subscriptions, campaigns, events, surveys, dashboard). */
  program: ProgramService;
}

/** The composition root: the same wiring for Node, Workers and tests. */
export function composeApp(opts: { config: Config; content: Content; stores: Stores; clock: Clock; log: Logger; whatsappWebClient?: WhatsAppWebClientFactory; whatsappWebChannel?: typeof createWhatsAppWebChannel; telegramMode?: 'webhook' | 'polling'; webhookAck?: 'recorded' | 'answered'; loopUtilization?: () => number; /** Built already (it is pure and read-only: one per content). */ index?: KnowledgeIndex }): ComposedApp {
  const { config, content, clock, log } = opts;
  const { conversations: store, outbox: outboxStore, handoff: handoffStore, program: programStore } = opts.stores;
  const hub = new EventHub();
  const handoffStatus = new HandoffStatus(config, handoffStore, clock);
  const graph = new FlowGraph(content.flows);
  const i18n = createI18n(content.locales);
  const index = opts.index ?? new KnowledgeIndex(content.articles, { threshold: SEARCH_THRESHOLD });
  const articles = new Map(content.articles.map((a) => [a.id, a]));
  const ids = createIdSource(clock);
  let outbox: OutboxWorker | null = null;
  // The channels a campaign can use, with their rates: filled once the channels exist (below).
  const programChannels: ProgramDeps['channels'] = {};
  const program = new ProgramService({ store: programStore, clock, ids, i18n, graph, log, timeZone: config.TZ_CENTER, defaultLocale: config.DEFAULT_LOCALE, channels: programChannels, kickOutbox: () => void outbox?.kick(), retentionDays: config.RETENTION_DAYS });
  const assistant = createAssistant({
    store,
    clock,
    ids,
    graph,
    i18n,
    knowledge: { search: (q) => index.search(q), article: (id) => articles.get(id), detectLanguage },
    commands: createCommandMatcher(content.commands),
    center: content.center,
    defaultLocale: config.DEFAULT_LOCALE,
    log,
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    onOutbox: () => void outbox?.kick(),
    onHandoffActivity: (conversationId) => hub.publish({ kind: 'message', ticketId: '', conversationId }),
    handoffStatus: (now) => handoffStatus.now(now),
    timeZone: config.TZ_CENTER,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    delivery: (channel) => (channel === 'webchat' || channel === 'cli' ? 'pull' : 'push'),
    ...(opts.loopUtilization ? { loopUtilization: opts.loopUtilization } : {}),
    program,
  });

  const telegram = config.TELEGRAM_BOT_TOKEN
    ? createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        ...(config.TELEGRAM_BOT_INFO ? { botInfo: JSON.parse(config.TELEGRAM_BOT_INFO) as UserFromGetMe } : {}),
        ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
        mode: opts.telegramMode ?? (config.PUBLIC_URL ? 'webhook' : 'polling'),
        acknowledge: opts.webhookAck ?? 'answered',
        assistant,
        store: outboxStore,
        clock,
        log,
      })
    : null;

  const whatsappCloud =
    config.WHATSAPP_TOKEN && config.WHATSAPP_PHONE_NUMBER_ID && config.WHATSAPP_APP_SECRET && config.WHATSAPP_VERIFY_TOKEN
      ? createWhatsAppCloudChannel({
          token: config.WHATSAPP_TOKEN,
          phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID,
          appSecret: config.WHATSAPP_APP_SECRET,
          verifyToken: config.WHATSAPP_VERIFY_TOKEN,
          apiRoot: config.WHATSAPP_API_ROOT,
          ...(config.WHATSAPP_TEMPLATE_NAME ? { templateName: config.WHATSAPP_TEMPLATE_NAME } : {}),
          acknowledge: opts.webhookAck ?? 'answered',
          assistant,
          store: outboxStore,
          i18n,
          clock,
          log,
        })
      : null;
  const whatsappWeb =
    // Node only (a long-lived browser): the Node runtime passes the channel's factory, the Worker does not.
    config.WHATSAPP_WEB && opts.whatsappWebClient && opts.whatsappWebChannel ? opts.whatsappWebChannel({ createClient: opts.whatsappWebClient, assistant, i18n, clock, log }) : null;

  const channels: Record<string, OutboxChannel> = {};
  if (whatsappCloud) {
    channels['whatsapp-cloud'] = {
      sender: whatsappCloud.sender,
      limit: { global: { count: config.WHATSAPP_CLOUD_RATE_PER_SECOND, perMs: 1000 }, perRecipient: { count: 1, perMs: 1000 } },
    };
  }
  if (whatsappWeb) {
    // A linked phone that sends too fast gets banned: 1 per second per chat, 20 per minute overall.
    channels['whatsapp-web'] = {
      sender: whatsappWeb.sender,
      limit: { global: { count: config.WHATSAPP_WEB_RATE_PER_MINUTE, perMs: 60_000 }, perRecipient: { count: 1, perMs: 1000 } },
    };
  }
  if (telegram) {
    channels.telegram = {
      sender: telegram.sender,
      limit: {
        global: { count: config.TELEGRAM_RATE_PER_SECOND, perMs: 1000 },
        perRecipient: { count: config.TELEGRAM_RATE_PER_CHAT_PER_SECOND, perMs: 1000 },
      },
    };
  }
  outbox = new OutboxWorker({ store: outboxStore, clock, log, channels });
  for (const [name, ch] of Object.entries(channels)) programChannels[name as keyof ProgramDeps['channels']] = { perSecond: (ch.limit.global.count * 1000) / ch.limit.global.perMs };

  const http = createHttpApp({ assistant, store, clock, ids, log, i18n, defaultLocale: config.DEFAULT_LOCALE });
  const handoff = composeHandoff({ config, store: handoffStore, assistant, hub, status: handoffStatus, clock, ids, i18n, graph, log, kickOutbox: () => void outbox?.kick() });
  if (telegram) http.route('/telegram', telegram.routes);
  if (whatsappCloud) http.route('/whatsapp', whatsappCloud.routes);
  // Admin pages (the WhatsApp QR code links a phone to the service): admins of the console only.
  http.use(
    '/admin/*',
    handoff.auth.require('admin', (c, status) => (status === 401 ? c.redirect('/advisor/login', 303) : c.json({ error: 'admins only' }, 403))),
  );
  if (whatsappWeb) http.route('/admin/whatsapp', whatsappWeb.routes);
  http.route('/admin/api', adminApi({ store: programStore, handoffStore, clock, timeZone: config.TZ_CENTER }));
  http.route('/advisor', handoff.routes);
  // The program's admin pages, under the console (its sign-in, CSRF and headers), for admins only.
  http.route('/advisor/admin', adminRoutes({ auth: handoff.auth, program, handoffStore, i18n, graph, timeZone: config.TZ_CENTER }));
  return { http, assistant, i18n, index, outbox, telegram, whatsappCloud, whatsappWeb, handoff, program };
}

/** The periodic work (outbox, resumed turns, escalations, program, retention), the same for Node's timer and Workers' cron. */
export function composeLoop(app: ComposedApp, o: { config: Config; stores: Stores; clock: Clock; log: Logger }): BackgroundLoop {
  const { privacy } = o.stores;
  return new BackgroundLoop({
    outbox: app.outbox,
    assistant: app.assistant,
    clock: o.clock,
    log: o.log,
    handoff: app.handoff,
    program: app.program,
    retention: { days: o.config.RETENTION_DAYS, purge: (cutoff) => privacy.purgeOlderThan(cutoff) },
  });
}
