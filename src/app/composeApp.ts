import type { LiveStreamTiming } from '../console/consoleEvents.js';
import type { Hono } from 'hono';
import { BackgroundLoop } from './backgroundLoop.js';
import type { Stores } from './createStores.js';
import { composeChannels, deliveryOf, type ChannelOptions, type ComposedChannels } from './composeChannels.js';
import { composeHandoff, EventHub, HandoffStatus, type ComposedHandoff } from './composeHandoff.js';
import type { Config } from '../config/configSchema.js';
import type { Content } from '../content/contentTypes.js';
import { createAssistant, type Assistant } from '../core/createAssistant.js';
import type { Logger } from '../core/assistantDeps.js';
import { createIdSource } from '../core/ids.js';
import type { ChannelName } from '../core/message.js';
import type { Clock } from '../core/ports.js';
import type { Channel } from '../channels/channel.js';
import type { I18n } from '../i18n/createI18n.js';
import type { KnowledgeIndex } from '../knowledge/searchKnowledge.js';
import { prepareContent, type PreparedContent } from './prepareContent.js';
import { createHttpApp } from '../http/createHttpApp.js';
import type { RequestTrust } from '../http/requestTrust.js';
import { OutboxWorker, type OutboxChannel } from '../outbox/outboxWorker.js';
import { ProgramService } from '../program/programService.js';
import type { ProgramDeps } from '../program/programDeps.js';
import { adminRoutes } from '../console/adminRoutes.js';
import { adminApi } from '../console/adminApi.js';
import { MediaWorker } from '../media/mediaWorker.js';
import type { MediaSources } from '../media/mediaPorts.js';
import { HealthBoard } from '../health/healthBoard.js';
import { healthRoutes } from '../health/healthRoutes.js';

export const PRIVACY_NOTICE_VERSION = '2026-11-22';

export interface ComposedApp extends Omit<ComposedChannels, 'list'> {
  http: Hono;
  assistant: Assistant;
  i18n: I18n;
  index: KnowledgeIndex;
  outbox: OutboxWorker;
  /** Every channel this runtime serves (the Node runtime starts and stops them). */
  channels: Channel[];
  handoff: ComposedHandoff;
  /** The Center's program (subscriptions, campaigns, events, surveys, dashboard). */
  program: ProgramService;
  /** Files people send during a handoff: fetched from the channels, then erased with the ticket. */
  media: MediaWorker;
  /** Each channel's state (and the database's, when remote). */
  health: HealthBoard;
}

export interface ComposeOptions extends Pick<ChannelOptions, 'telegramMode' | 'webhookAck' | 'whatsappWebClient' | 'whatsappWebChannel' | 'resilience' | 'apiFetch'> {
  /** The runtime's, when it tracks the database too; else one is made. */
  health?: HealthBoard;
  config: Config;
  content: Content;
  stores: Stores;
  clock: Clock;
  log: Logger;
  /** Built already (it is pure and read-only: one per content). */
  index?: KnowledgeIndex;
  /** Everything made from the content alone, made already (prepareContent.ts: the Worker makes it at start). */
  prepared?: PreparedContent;
  /** Where a request's client address is without a trusted proxy: Node's socket (default), Cloudflare's header on Workers. */
  addressSource?: RequestTrust['addressSource'];
  /** Gzip responses in the app (Node); Workers leave it to Cloudflare's edge. */
  compressResponses?: boolean;
  /** Whether a console password may be checked here without the sign-in page's key (default yes; no on Workers: advisors/passwords.ts). */
  serverHashing?: boolean;
  /** The console's live stream: Workers end theirs after a minute (a request's CPU is limited). */
  liveStream?: LiveStreamTiming;
  /** Tickets on a page of the console's queue (default 200; Workers 25: a request's CPU is limited). */
  queuePageSize?: number;
}

/** The composition root: the same wiring for Node, Workers and tests. */
export function composeApp(opts: ComposeOptions): ComposedApp {
  const { config, content, clock, log } = opts;
  const { conversations, outbox: outboxStore, handoff: handoffStore, program: programStore } = opts.stores;
  const hub = new EventHub(() => clock.now());
  const handoffStatus = new HandoffStatus(config, handoffStore, clock);
  const prepared = opts.prepared ?? prepareContent(content, opts.index ? { index: opts.index } : {});
  const { graph, i18n, index, languages } = prepared;
  const articles = new Map(content.articles.map((a) => [a.id, a]));
  const ids = createIdSource(clock);
  const health = opts.health ?? new HealthBoard({ clock, log, ...(opts.resilience?.backoff ? { backoff: opts.resilience.backoff } : {}) });
  // The channels exist after the services that use them: these read them when called.
  let outbox: OutboxWorker | null = null;
  let delivery: (channel: ChannelName) => 'push' | 'pull' = () => 'push';
  const kickOutbox = () => void outbox?.kick(); // never rejects: each lane logs its own trouble
  let media: MediaWorker | null = null;
  const programChannels: ProgramDeps['channels'] = {};
  const program = new ProgramService({ store: programStore, clock, ids, i18n, graph, log, timeZone: config.TZ_CENTER, defaultLocale: config.DEFAULT_LOCALE, channels: programChannels, delivery: (c) => delivery(c), kickOutbox, retentionDays: config.RETENTION_DAYS });
  const assistant = createAssistant({
    store: conversations,
    clock,
    ids,
    graph,
    i18n,
    knowledge: {
      search: (q) => index.search(q),
      dangerSigns: (q) => index.dangerSigns(q),
      safety: content.safety,
      article: (id) => articles.get(id),
      detectLanguage: (q) => languages.detect(q),
    },
    commands: prepared.commands,
    center: content.center,
    ...(content.publishers ? { publishers: content.publishers } : {}),
    defaultLocale: config.DEFAULT_LOCALE,
    log,
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    onOutbox: kickOutbox,
    onMedia: () => void media?.kick(),
    mediaMaxBytes: config.MEDIA_MAX_MB * 1024 * 1024,
    onHandoffActivity: (conversationId) => hub.publish({ kind: 'message', ticketId: '', conversationId }),
    handoffStatus: (now) => handoffStatus.now(now),
    timeZone: config.TZ_CENTER,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    delivery: (c) => delivery(c),
    program,
  });

  const { list: channels, ...named } = composeChannels({ ...opts, assistant, conversations, outboxStore, ids, i18n, health });
  delivery = deliveryOf(channels);
  const sending: Partial<Record<ChannelName, OutboxChannel>> = {};
  for (const c of channels) {
    if (!c.outbox) continue;
    sending[c.name] = c.outbox;
    programChannels[c.name] = { perSecond: (c.outbox.limit.global.count * 1000) / c.outbox.limit.global.perMs };
  }
  outbox = new OutboxWorker({ store: outboxStore, clock, log, channels: sending });
  const sources: MediaSources = Object.fromEntries(channels.flatMap((c) => (c.media ? [[c.name, c.media]] : [])));
  media = new MediaWorker({
    store: opts.stores.media,
    sources,
    clock,
    log,
    maxBytes: config.MEDIA_MAX_MB * 1024 * 1024,
    retentionDays: config.RETENTION_DAYS,
    onChange: (conversationId) => hub.publish({ kind: 'message', ticketId: '', conversationId }),
  });

  const trust: RequestTrust = { publicUrl: config.PUBLIC_URL, trustProxy: config.TRUST_PROXY, addressSource: opts.addressSource ?? 'socket' };
  const http = createHttpApp({ store: conversations, log, trust, database: health.database, ...(opts.compressResponses ? { compress: true } : {}) });
  http.route('/healthz', healthRoutes(health));
  const handoff = composeHandoff({ config, store: handoffStore, media: { store: opts.stores.media, worker: media }, assistant, hub, status: handoffStatus, clock, ids, i18n, graph, log, kickOutbox, delivery: (c) => delivery(c), trust, vocab: prepared.vocab, serverHashing: opts.serverHashing ?? true, ...(opts.liveStream ? { live: opts.liveStream } : {}), ...(opts.queuePageSize ? { queuePageSize: opts.queuePageSize } : {}) });
  // Admin pages (the WhatsApp QR code links a phone to the service): admins of the console only.
  http.use(
    '/admin/*',
    handoff.auth.require('admin', (c, status) => (status === 401 ? c.redirect('/advisor/login', 303) : c.json({ error: 'admins only' }, 403))),
  );
  for (const c of channels) if (c.routes) http.route(c.routes.path, c.routes.app);
  http.route('/admin/api', adminApi({ program, handoffStore, i18n, timeZone: config.TZ_CENTER, csrfOk: (s, given) => handoff.auth.csrfOk(s, given) }));
  http.route('/advisor', handoff.routes);
  // The program's admin pages, under the console (its sign-in, CSRF and headers), for admins only.
  http.route('/advisor/admin', adminRoutes({ auth: handoff.auth, program, handoffStore, i18n, graph, timeZone: config.TZ_CENTER, health, waiting: () => outboxStore.waitingByChannel() }));
  return { http, assistant, i18n, index, outbox, channels, ...named, handoff, program, media, health };
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
    media: app.media,
    retention: { days: o.config.RETENTION_DAYS, purge: (cutoff) => privacy.purgeOlderThan(cutoff) },
  });
}
