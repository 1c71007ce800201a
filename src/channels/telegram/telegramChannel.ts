import { Bot, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { InboundNotRecordedError, type Assistant } from '../../core/createAssistant.js';
import type { Logger } from '../../core/assistantDeps.js';
import type { Clock, OutboxStore } from '../../core/ports.js';
import { timingSafeEqualText } from '../../http/timingSafeEqual.js';
import { toTelegramInbound } from './telegramInbound.js';
import { telegramUpdateSchema } from './telegramUpdateSchema.js';
import { TelegramSender } from './telegramSender.js';

export const WEBHOOK_BODY_LIMIT = 64 * 1024;
export const TELEGRAM_ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

export interface TelegramChannelOptions {
  token: string;
  apiRoot: string;
  botInfo?: UserFromGetMe;
  webhookSecret?: string;
  /** webhook: updates arrive on POST /telegram/webhook; polling: getUpdates (no public URL). */
  mode: 'webhook' | 'polling';
  assistant: Assistant;
  store: OutboxStore;
  clock: Clock;
  log: Logger;
}

export interface TelegramChannel {
  bot: Bot;
  sender: TelegramSender;
  /** POST /telegram/webhook */
  routes: Hono;
  /** getMe once, unless the identity was given. */
  init(): Promise<void>;
  startPolling(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Telegram adapter on grammY: updates become InboundMessages for the core; replies leave
 * through the outbox (TelegramSender). A failing turn never fails the webhook: the message is
 * recorded and retried by the core, and Telegram gets its 200.
 */
export function createTelegramChannel(o: TelegramChannelOptions): TelegramChannel {
  const bot = new Bot(o.token, { ...(o.botInfo ? { botInfo: o.botInfo } : {}), client: { apiRoot: o.apiRoot } });
  const sender = new TelegramSender(bot.api);

  bot.use(async (ctx) => {
    const event = toTelegramInbound(ctx.update, o.clock.now());
    switch (event.kind) {
      case 'ignore':
        o.log.info('telegram.ignored', { update: ctx.update.update_id, reason: event.reason });
        return;
      case 'blocked':
        o.log.info('telegram.blocked', { update: ctx.update.update_id });
        await o.store.markUnreachable('telegram', event.chatId, o.clock.now());
        return;
      case 'unblocked':
        await o.store.markReachable('telegram', event.chatId);
        return;
      case 'message': {
        if (event.callbackQueryId) {
          // Stops the button's spinner; the answer itself comes through the outbox.
          await bot.api.answerCallbackQuery(event.callbackQueryId).catch(() => undefined);
        }
        try {
          const outcome = await o.assistant.handle(event.msg);
          if (outcome.status === 'rejected') o.log.warn('telegram.rejected', { update: ctx.update.update_id, reason: outcome.reason });
        } catch (error) {
          // Not recorded: let Telegram deliver it again (the webhook answers 5xx).
          if (error instanceof InboundNotRecordedError) throw error;
          // Recorded by the core and retried later; Telegram must not redeliver it.
          o.log.error('telegram.turn_failed', { update: ctx.update.update_id });
        }
      }
    }
  });
  bot.catch((err) => o.log.error('telegram.middleware_error', { error: err.error instanceof Error ? err.error.name : 'unknown' }));

  const routes = new Hono();
  if (o.mode === 'webhook') {
  const handleUpdate = webhookCallback(bot, 'hono', { secretToken: o.webhookSecret, onTimeout: 'return', timeoutMilliseconds: 9000 });
  routes.post(
    '/webhook',
    bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT, onError: (c) => c.json({ error: 'body too large' }, 413) }),
    async (c, next) => {
      const given = c.req.header('x-telegram-bot-api-secret-token') ?? '';
      if (!o.webhookSecret || !timingSafeEqualText(given, o.webhookSecret)) {
        o.log.warn('telegram.webhook_bad_secret');
        return c.json({ error: 'wrong secret token' }, 401);
      }
      let update: unknown;
      try {
        update = JSON.parse(await c.req.text());
      } catch {
        o.log.warn('telegram.webhook_bad_json');
        return c.json({ error: 'body must be JSON' }, 400);
      }
      if (!telegramUpdateSchema.safeParse(update).success) {
        o.log.warn('telegram.webhook_not_an_update');
        return c.json({ error: 'not a Telegram update' }, 400);
      }
      return next();
    },
    async (c) => handleUpdate(c),
  );
  } else {
    routes.post('/webhook', (c) => c.json({ error: 'Telegram runs in long-polling mode here (no PUBLIC_URL)' }, 404));
  }

  return {
    bot,
    sender,
    routes,
    async init() {
      if (!bot.isInited()) await bot.init();
    },
    async startPolling() {
      await bot.api.deleteWebhook();
      void bot.start({ allowed_updates: [...TELEGRAM_ALLOWED_UPDATES], onStart: () => o.log.info('telegram.polling') }).catch((e: unknown) => {
        o.log.error('telegram.polling_stopped', { error: e instanceof Error ? e.name : 'unknown' });
      });
    },
    async stop() {
      if (bot.isRunning()) await bot.stop();
    },
  };
}
