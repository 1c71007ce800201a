import { GrammyError, type Bot } from 'grammy';
import type { Logger } from '../../core/assistantDeps.js';
import { keepTrying, type KeepTrying } from '../../health/keepTrying.js';
import type { Backoff, ServiceHealth } from '../../health/serviceHealth.js';
import { telegramOutage } from './telegramCalls.js';

export interface TelegramConnectionOptions {
  bot: Bot;
  health: ServiceHealth;
  mode: 'webhook' | 'polling';
  /** Where Telegram should post updates (webhook mode): PUBLIC_URL + /telegram/webhook. */
  webhookUrl?: string;
  allowedUpdates: readonly string[];
  log: Logger;
  backoff?: Backoff;
}

/** Reports a failed call to the channel's health: Telegram's outage, or something else it answered. */
export function reportTelegramFailure(health: ServiceHealth, error: unknown): void {
  const outage = telegramOutage(error);
  if (outage) health.failed(outage.reason, outage.error);
  else health.failed('server_error', error instanceof GrammyError ? `telegram ${error.error_code}` : 'telegram error');
}

/**
 * Connects the Telegram channel in the background, never holding the start: who the bot is
 * (getMe, unless TELEGRAM_BOT_INFO says it), then in webhook mode whether Telegram posts to our
 * address (getWebhookInfo: if not, the admin is told to run `npm run telegram:webhook -- set`, and
 * it is checked again every minute), in polling mode the long polling. Each try is retried with
 * capped backoff and reported to the channel's health (logged once per change of state).
 */
export function connectTelegram(o: TelegramConnectionOptions): { stop(): Promise<void>; done: Promise<void> } {
  let current: KeepTrying | null = null;
  let stopped = false;

  const startPolling = () => {
    void o.bot
      .start({ allowed_updates: [...o.allowedUpdates] as never, onStart: () => o.log.info('telegram.polling') })
      .then(() => undefined)
      .catch((error: unknown) => {
        if (stopped) return;
        // 401 (token revoked), 409 (a webhook was set, or another process polls): connect again, with backoff.
        o.log.error('telegram.polling_stopped', { error: error instanceof GrammyError ? `telegram ${error.error_code}` : error instanceof Error ? error.name : 'unknown' });
        reportTelegramFailure(o.health, error);
        connect(o.health.retryInMs());
      });
  };

  const attempt = async (): Promise<boolean> => {
    try {
      if (!o.bot.isInited()) o.bot.botInfo = await o.bot.api.getMe();
      if (o.mode === 'polling') {
        await o.bot.api.deleteWebhook();
        o.health.ok();
        if (!stopped) startPolling();
        return true;
      }
      const info = await o.bot.api.getWebhookInfo();
      o.health.ok();
      if (o.webhookUrl && info.url !== o.webhookUrl) {
        o.health.needsAction('webhook_not_set', info.url ? 'another address is registered' : 'no address registered');
        return false;
      }
      o.health.resolved('webhook_not_set');
      if (o.mode === 'webhook') o.log.info('telegram.webhook_mode', { path: '/telegram/webhook' });
      return true;
    } catch (error) {
      reportTelegramFailure(o.health, error);
      return false;
    }
  };

  function connect(afterMs = 0): void {
    current = keepTrying(attempt, o.backoff, afterMs);
  }

  connect();
  return {
    get done() {
      return current!.done;
    },
    async stop() {
      stopped = true;
      current?.stop();
      if (o.bot.isRunning()) await o.bot.stop();
    },
  };
}
