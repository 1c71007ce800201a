import type { Hono } from 'hono';
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../config/configSchema.js';
import type { Content } from '../content/contentTypes.js';
import { createAssistant, type Assistant } from '../core/createAssistant.js';
import type { Logger } from '../core/assistantDeps.js';
import { createIdSource } from '../core/ids.js';
import { createCommandMatcher } from '../core/matchCommand.js';
import type { Clock, OutboxStore, Store } from '../core/ports.js';
import { FlowGraph } from '../flows/flowGraph.js';
import { createI18n, type I18n } from '../i18n/createI18n.js';
import { detectLanguage } from '../knowledge/detectLanguage.js';
import { KnowledgeIndex } from '../knowledge/searchKnowledge.js';
import { SEARCH_THRESHOLD } from '../knowledge/searchSettings.js';
import { createHttpApp } from '../http/createHttpApp.js';
import { OutboxWorker, type OutboxChannel } from '../outbox/outboxWorker.js';
import { createTelegramChannel, type TelegramChannel } from '../channels/telegram/telegramChannel.js';

export const PRIVACY_NOTICE_VERSION = '2026-11-22';

export interface ComposedApp {
  http: Hono;
  assistant: Assistant;
  i18n: I18n;
  index: KnowledgeIndex;
  outbox: OutboxWorker;
  telegram: TelegramChannel | null;
}

/** The composition root: the same wiring for Node, Workers and tests. */
export function composeApp(opts: { config: Config; content: Content; store: Store & OutboxStore; clock: Clock; log: Logger }): ComposedApp {
  const { config, content, store, clock, log } = opts;
  const i18n = createI18n(content.locales);
  const index = new KnowledgeIndex(content.articles, { threshold: SEARCH_THRESHOLD });
  const articles = new Map(content.articles.map((a) => [a.id, a]));
  const ids = createIdSource(clock);
  let outbox: OutboxWorker | null = null;
  const assistant = createAssistant({
    store,
    clock,
    ids,
    graph: new FlowGraph(content.flows),
    i18n,
    knowledge: { search: (q) => index.search(q), article: (id) => articles.get(id), detectLanguage },
    commands: createCommandMatcher(content.commands),
    center: content.center,
    defaultLocale: config.DEFAULT_LOCALE,
    log,
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
    onOutbox: () => void outbox?.kick(),
  });

  const telegram = config.TELEGRAM_BOT_TOKEN
    ? createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        ...(config.TELEGRAM_BOT_INFO ? { botInfo: JSON.parse(config.TELEGRAM_BOT_INFO) as UserFromGetMe } : {}),
        ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
        mode: config.PUBLIC_URL ? 'webhook' : 'polling',
        assistant,
        store,
        clock,
        log,
      })
    : null;

  const channels: Record<string, OutboxChannel> = {};
  if (telegram) {
    channels.telegram = {
      sender: telegram.sender,
      limit: {
        global: { count: config.TELEGRAM_RATE_PER_SECOND, perMs: 1000 },
        perRecipient: { count: config.TELEGRAM_RATE_PER_CHAT_PER_SECOND, perMs: 1000 },
      },
    };
  }
  outbox = new OutboxWorker({ store, clock, log, channels });

  const http = createHttpApp({ assistant, store, clock, ids, log, i18n, defaultLocale: config.DEFAULT_LOCALE });
  if (telegram) http.route('/telegram', telegram.routes);
  return { http, assistant, i18n, index, outbox, telegram };
}
