import type { Config } from '../config/configSchema.js';
import type { Content } from '../content/contentTypes.js';
import { createAssistant, type Assistant } from '../core/createAssistant.js';
import type { Logger } from '../core/assistantDeps.js';
import { createIdSource } from '../core/ids.js';
import { createCommandMatcher } from '../core/matchCommand.js';
import type { Clock, Store } from '../core/ports.js';
import { FlowGraph } from '../flows/flowGraph.js';
import { createI18n, type I18n } from '../i18n/createI18n.js';
import { detectLanguage } from '../knowledge/detectLanguage.js';
import { KnowledgeIndex } from '../knowledge/searchKnowledge.js';
import { SEARCH_THRESHOLD } from '../knowledge/searchSettings.js';
import { createHttpApp } from '../http/createHttpApp.js';
import type { Hono } from 'hono';

export const PRIVACY_NOTICE_VERSION = '2026-11-22';

export interface ComposedApp {
  http: Hono;
  assistant: Assistant;
  i18n: I18n;
  index: KnowledgeIndex;
}

/** The composition root: the same wiring for Node, Workers and tests. */
export function composeApp(opts: { config: Config; content: Content; store: Store; clock: Clock; log: Logger }): ComposedApp {
  const { config, content, store, clock, log } = opts;
  const i18n = createI18n(content.locales);
  const index = new KnowledgeIndex(content.articles, { threshold: SEARCH_THRESHOLD });
  const articles = new Map(content.articles.map((a) => [a.id, a]));
  const ids = createIdSource(clock);
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
  });
  const http = createHttpApp({ assistant, store, clock, ids, log, i18n, defaultLocale: config.DEFAULT_LOCALE });
  return { http, assistant, i18n, index };
}
