import { Bot } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { Hono } from 'hono';
import type { Assistant } from '../../core/createAssistant.js';
import type { RateLimit } from '../../outbox/rateLimiter.js';
import type { Channel } from '../channel.js';
import type { ApiFetch } from '../apiFetch.js';
import { passToAssistant } from '../passToAssistant.js';
import type { Logger } from '../../core/assistantDeps.js';
import type { Clock, OutboxStore } from '../../core/ports.js';
import { BODY_TOO_LARGE, readRequestText } from '../../http/readRequestBody.js';
import { timingSafeEqualText } from '../../http/timingSafeEqual.js';
import { toTelegramInbound } from './telegramInbound.js';
import { telegramUpdateSchema } from './telegramUpdateSchema.js';
import { TelegramSender } from './telegramSender.js';
import { telegramMediaSource } from './telegramMediaSource.js';
import { callDeadlines, TELEGRAM_CALL_TIMEOUT_MS, telegramOutage } from './telegramCalls.js';
import { connectTelegram } from './telegramConnection.js';
import { isDatabaseUnavailable } from '../../storage/databaseUnavailable.js';
import type { Backoff, ServiceHealth } from '../../health/serviceHealth.js';
import type { ChannelProbe } from '../../outbox/outboxChannel.js';

export const WEBHOOK_BODY_LIMIT = 64 * 1024;
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

export interface TelegramChannelOptions {
  token: string;
  apiRoot: string;
  botInfo?: UserFromGetMe;
  webhookSecret?: string;
  /** webhook: updates arrive on POST /telegram/webhook; polling: getUpdates (no public URL). */
  mode: 'webhook' | 'polling';
  /**
   * When a webhook update gets its 200: once the message is recorded (its turn runs right after,
   * from the database: a long-running Node process), or once its turn is committed (Workers,
   * where nothing runs after the response but what the request waits for).
   */
  acknowledge?: 'recorded' | 'answered';
  /** Sends at most this fast (overall, and to one chat). */
  limit: RateLimit;
  assistant: Assistant;
  store: OutboxStore;
  clock: Clock;
  log: Logger;
  /** The channel's state: fed by its connection, its long polling and its lane of the outbox. */
  health: ServiceHealth;
  /** Webhook mode: the address Telegram should post to (checked at start). */
  webhookUrl?: string;
  /** A Bot API call with no answer in this time fails (default TELEGRAM_CALL_TIMEOUT_MS). */
  callTimeoutMs?: number;
  backoff?: Backoff;
  /** The Bot API calls' HTTP client (Node: undici); grammY's default (node-fetch) without it. */
  fetch?: ApiFetch;
}

export interface TelegramChannel extends Channel {
  bot: Bot;
  sender: TelegramSender;
  health: ServiceHealth;
  /**
   * Connects in the background and resolves at once: getMe (unless the identity was given), then
   * the webhook check or long polling, retried with capped backoff until Telegram answers.
   */
  start(): Promise<void>;
  /** Resolves when the background connection is done (tests). */
  connected(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Telegram adapter on grammY: updates become InboundMessages for the core; replies leave
 * through the outbox (TelegramSender). A failing turn never fails the webhook: the message is
 * recorded and retried by the core, and Telegram gets its 200.
 */
export function createTelegramChannel(o: TelegramChannelOptions): TelegramChannel {
  const timeoutMs = o.callTimeoutMs ?? TELEGRAM_CALL_TIMEOUT_MS;
  // grammY's own timeout (500 s by default) stays as a backstop behind our deadlines.
  const bot = new Bot(o.token, { ...(o.botInfo ? { botInfo: o.botInfo } : {}), client: { apiRoot: o.apiRoot, timeoutSeconds: Math.ceil(timeoutMs / 1000) + 60, ...(o.fetch ? { fetch: o.fetch as never } : {}) } });
  bot.api.config.use(callDeadlines(timeoutMs, o.health));
  const sender = new TelegramSender(bot.api);
  // After an outage: is Telegram back? (getMe: nobody gets a message for it.)
  const probe: ChannelProbe = async () => {
    try {
      await bot.api.getMe();
      return { ok: true };
    } catch (error) {
      return { ok: false, ...(telegramOutage(error) ?? { reason: 'server_error' as const, error: 'telegram error' }) };
    }
  };

  /**
   * One update, from the webhook or from long polling. Returns the id of a button tap to stop its
   * spinner (the webhook does it in its response, polling with a call); throws
   * InboundNotRecordedError when the message could not be stored (Telegram must deliver it again).
   */
  async function handleUpdate(update: Update, ack: 'recorded' | 'answered'): Promise<string | undefined> {
    const event = toTelegramInbound(update, o.clock.now());
    switch (event.kind) {
      case 'ignore':
        o.log.info('telegram.ignored', { update: update.update_id, reason: event.reason });
        return undefined;
      case 'blocked':
        o.log.info('telegram.blocked', { update: update.update_id });
        await o.store.markUnreachable('telegram', event.chatId, o.clock.now());
        return undefined;
      case 'unblocked':
        await o.store.markReachable('telegram', event.chatId);
        return undefined;
      case 'message':
        await passToAssistant(o.assistant, event.msg, ack, o.log, 'telegram');
        return event.callbackQueryId;
    }
  }

  bot.use(async (ctx) => {
    const tapped = await handleUpdate(ctx.update, 'answered');
    // Stops the button's spinner; the answer itself comes through the outbox.
    if (tapped) await bot.api.answerCallbackQuery(tapped).catch(() => undefined);
  });
  bot.catch((err) => o.log.error('telegram.middleware_error', { error: err.error instanceof Error ? err.error.name : 'unknown' }));

  const routes = new Hono();
  if (o.mode === 'webhook') {
    routes.post('/webhook', async (c) => {
      const given = c.req.header('x-telegram-bot-api-secret-token') ?? '';
      if (!o.webhookSecret || !timingSafeEqualText(given, o.webhookSecret)) {
        o.log.warn('telegram.webhook_bad_secret');
        return c.json({ error: 'wrong secret token' }, 401);
      }
      const body = await readRequestText(c, WEBHOOK_BODY_LIMIT);
      if (body === BODY_TOO_LARGE) return c.json({ error: 'body too large' }, 413);
      let update: unknown;
      try {
        update = JSON.parse(body);
      } catch {
        o.log.warn('telegram.webhook_bad_json');
        return c.json({ error: 'body must be JSON' }, 400);
      }
      if (!telegramUpdateSchema.safeParse(update).success) {
        o.log.warn('telegram.webhook_not_an_update');
        return c.json({ error: 'not a Telegram update' }, 400);
      }
      let tapped: string | undefined;
      try {
        tapped = await handleUpdate(update as Update, o.acknowledge ?? 'answered');
      } catch (error) {
        // Not recorded (the database is unreachable): Telegram delivers it again later. A remote
        // database's outage is logged once by its own state, not once per update.
        if (!isDatabaseUnavailable(error)) o.log.error('telegram.webhook_not_recorded', { update: (update as Update).update_id, error: error instanceof Error ? error.name : 'unknown' });
        return c.json({ error: 'try again later' }, 503);
      }
      // A button tap's spinner stops with the webhook's own response (a Bot API call in the reply).
      if (tapped) return c.json({ method: 'answerCallbackQuery', callback_query_id: tapped });
      return c.json({});
    });
  } else {
    routes.post('/webhook', (c) => c.json({ error: 'Telegram runs in long-polling mode here (no PUBLIC_URL)' }, 404));
  }

  let connection: ReturnType<typeof connectTelegram> | null = null;
  return {
    name: 'telegram',
    delivery: 'push',
    outbox: { sender, limit: o.limit, health: o.health, probe },
    media: telegramMediaSource(bot.api, { token: o.token, apiRoot: o.apiRoot }),
    routes: { path: '/telegram', app: routes },
    bot,
    sender,
    health: o.health,
    async start() {
      connection ??= connectTelegram({ bot, health: o.health, mode: o.mode, ...(o.webhookUrl ? { webhookUrl: o.webhookUrl } : {}), allowedUpdates: TELEGRAM_ALLOWED_UPDATES, log: o.log, ...(o.backoff ? { backoff: o.backoff } : {}) });
    },
    connected: () => connection?.done ?? Promise.resolve(),
    async stop() {
      await connection?.stop();
      connection = null;
      o.health.stopped();
    },
  };
}
