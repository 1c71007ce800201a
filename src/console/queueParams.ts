import { SUPPORTED_LOCALES } from '../config/configSchema.js';
import type { ChannelName } from '../core/message.js';
import type { QueueFilter, QueueStatus } from '../handoff/handoffPorts.js';
import type { ConsoleVocabulary } from './consoleVocabulary.js';

export const QUEUE_STATUSES: QueueStatus[] = ['waiting', 'mine', 'all'];
export const QUEUE_CHANNELS: ChannelName[] = ['webchat', 'telegram', 'whatsapp-cloud', 'whatsapp-web'];

/** The queue as the advisor asked for it (the page's address, the API's query). */
export interface QueueParams {
  status: QueueStatus;
  q: string;
  channel?: ChannelName;
  language?: string;
  sensitive: boolean;
  /** Which page of the queue (1: the first; a page holds the console's page size). */
  page?: number;
}

export type ParsedQueue = { ok: true; params: QueueParams } | { ok: false; error: string };

/** Reads ?status, q, channel, language, sensitive; anything unknown is an error (the API says which). */
export function parseQueueParams(get: (name: string) => string | undefined): ParsedQueue {
  const status = get('status') || 'waiting';
  if (!(QUEUE_STATUSES as string[]).includes(status)) return { ok: false, error: 'status is waiting, mine or all' };
  const q = (get('q') ?? '').trim().slice(0, 200);
  const channel = get('channel') || undefined;
  if (channel && !(QUEUE_CHANNELS as string[]).includes(channel)) return { ok: false, error: `channel is one of ${QUEUE_CHANNELS.join(', ')}` };
  const language = get('language') || undefined;
  if (language && !(SUPPORTED_LOCALES as readonly string[]).includes(language)) return { ok: false, error: `language is one of ${SUPPORTED_LOCALES.join(', ')}` };
  const sensitive = ['1', 'true', 'on'].includes(get('sensitive') ?? '');
  const pageText = get('page');
  const page = pageText ? Number(pageText) : 1;
  if (!Number.isInteger(page) || page < 1 || page > 10_000) return { ok: false, error: 'page is a whole number from 1' };
  return { ok: true, params: { status: status as QueueStatus, q, ...(channel ? { channel: channel as ChannelName } : {}), ...(language ? { language } : {}), sensitive, ...(page > 1 ? { page } : {}) } };
}

/** The same queue, leniently: a page never fails on a stale or edited address. */
export function queueParamsOrDefault(get: (name: string) => string | undefined): QueueParams {
  const parsed = parseQueueParams(get);
  return parsed.ok ? parsed.params : { status: 'waiting', q: '', sensitive: false };
}

export function toQueueFilter(p: QueueParams, vocab: ConsoleVocabulary): QueueFilter {
  return {
    status: p.status,
    ...(p.q ? { words: vocab.words(p.q) } : {}),
    ...(p.channel ? { channel: p.channel } : {}),
    ...(p.language ? { locale: p.language } : {}),
    ...(p.sensitive ? { sensitive: true } : {}),
  };
}

/** "status=mine&q=…": what a link keeps of the queue (defaults left out). */
export function queueQuery(p: QueueParams, change: Partial<QueueParams> = {}): string {
  const v = { ...p, ...change };
  const s = new URLSearchParams();
  if (v.status !== 'waiting') s.set('status', v.status);
  if (v.q) s.set('q', v.q);
  if (v.channel) s.set('channel', v.channel);
  if (v.language) s.set('language', v.language);
  if (v.sensitive) s.set('sensitive', '1');
  if (v.page && v.page > 1) s.set('page', String(v.page));
  return s.toString();
}

export const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);
