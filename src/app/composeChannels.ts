import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../config/configSchema.js';
import type { Assistant } from '../core/createAssistant.js';
import type { Logger } from '../core/assistantDeps.js';
import type { ChannelName } from '../core/message.js';
import type { Clock, IdSource } from '../core/ports.js';
import type { I18n } from '../i18n/createI18n.js';
import { CLI_CHANNEL, type Channel } from '../channels/channel.js';
import type { ApiFetch } from '../channels/apiFetch.js';
import { createTelegramChannel, type TelegramChannel } from '../channels/telegram/telegramChannel.js';
import { createWebchatChannel } from '../channels/webchat/webchatChannel.js';
import { createWhatsAppCloudChannel, type WhatsAppCloudChannel } from '../channels/whatsappCloud/whatsAppCloudChannel.js';
import type { createWhatsAppWebChannel, WhatsAppWebChannel } from '../channels/whatsappWeb/whatsAppWebChannel.js';
import type { WhatsAppWebClientFactory } from '../channels/whatsappWeb/whatsAppWebClient.js';
import type { LibsqlConversationStore } from '../conversation/libsqlConversationStore.js';
import type { LibsqlOutboxStore } from '../outbox/libsqlOutboxStore.js';
import type { HealthBoard, Resilience } from '../health/healthBoard.js';

export interface ChannelOptions {
  config: Config;
  assistant: Assistant;
  conversations: LibsqlConversationStore;
  outboxStore: LibsqlOutboxStore;
  ids: IdSource;
  i18n: I18n;
  clock: Clock;
  log: Logger;
  telegramMode?: 'webhook' | 'polling';
  /** When a webhook gets its 200: once the message is recorded (Node), or once its turn is committed (Workers). */
  webhookAck?: 'recorded' | 'answered';
  /** whatsapp-web.js, on Node only (a long-lived browser): the Node runtime passes them, the Worker does not. */
  whatsappWebClient?: WhatsAppWebClientFactory;
  whatsappWebChannel?: typeof createWhatsAppWebChannel;
  /** Each channel's state. */
  health: HealthBoard;
  /** Timeouts and backoff (tests shorten them). */
  resilience?: Resilience;
  /** The HTTP client of the channels' API calls (Node: undici); each library's default without it. */
  apiFetch?: ApiFetch;
}

export interface ComposedChannels {
  list: Channel[];
  telegram: TelegramChannel | null;
  whatsappCloud: WhatsAppCloudChannel | null;
  whatsappWeb: WhatsAppWebChannel | null;
}

/** The channels the configuration enables, each with its limits: the web chat and the terminal always. */
export function composeChannels(o: ChannelOptions): ComposedChannels {
  const { config, assistant, i18n, clock, log } = o;
  const ack = o.webhookAck ?? 'answered';
  const backoff = o.health.backoff ? { backoff: o.health.backoff } : {};
  const callTimeoutMs = o.resilience?.callTimeoutMs ? { callTimeoutMs: o.resilience.callTimeoutMs } : {};
  const mode = o.telegramMode ?? (config.PUBLIC_URL ? 'webhook' : 'polling');
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        ...(config.TELEGRAM_BOT_INFO ? { botInfo: JSON.parse(config.TELEGRAM_BOT_INFO) as UserFromGetMe } : {}),
        ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
        mode,
        ...(mode === 'webhook' && config.PUBLIC_URL ? { webhookUrl: `${config.PUBLIC_URL.replace(/\/$/, '')}/telegram/webhook` } : {}),
        acknowledge: ack,
        limit: { global: { count: config.TELEGRAM_RATE_PER_SECOND, perMs: 1000 }, perRecipient: { count: config.TELEGRAM_RATE_PER_CHAT_PER_SECOND, perMs: 1000 } },
        assistant,
        store: o.outboxStore,
        clock,
        log,
        health: o.health.channel('telegram'),
        ...callTimeoutMs,
        ...backoff,
        ...(o.apiFetch ? { fetch: o.apiFetch } : {}),
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
          acknowledge: ack,
          limit: { global: { count: config.WHATSAPP_CLOUD_RATE_PER_SECOND, perMs: 1000 }, perRecipient: { count: 1, perMs: 1000 } },
          assistant,
          store: o.outboxStore,
          i18n,
          clock,
          log,
          health: o.health.channel('whatsapp-cloud'),
          ...callTimeoutMs,
          ...backoff,
          ...(o.apiFetch ? { fetch: o.apiFetch } : {}),
        })
      : null;
  const whatsappWeb =
    config.WHATSAPP_WEB && o.whatsappWebClient && o.whatsappWebChannel
      ? o.whatsappWebChannel({
          createClient: o.whatsappWebClient,
          // A linked phone that sends too fast gets banned: 1 per second per chat, 20 per minute overall.
          limit: { global: { count: config.WHATSAPP_WEB_RATE_PER_MINUTE, perMs: 60_000 }, perRecipient: { count: 1, perMs: 1000 } },
          assistant,
          i18n,
          clock,
          log,
          health: o.health.channel('whatsapp-web'),
          ...backoff,
        })
      : null;
  const webchat = createWebchatChannel({ assistant, store: o.conversations, clock, ids: o.ids, i18n, defaultLocale: config.DEFAULT_LOCALE });
  const list = [webchat, CLI_CHANNEL, telegram, whatsappCloud, whatsappWeb].filter((c): c is Channel => c !== null);
  return { list, telegram, whatsappCloud, whatsappWeb };
}

/**
 * How a channel's messages reach people, from the descriptors. A channel this runtime does not
 * run (the linked phone, on Workers) is `push`: its messages wait in the shared outbox for the
 * process that sends on it.
 */
export function deliveryOf(list: Channel[]): (channel: ChannelName) => 'push' | 'pull' {
  const pulled = new Set(list.filter((c) => c.delivery === 'pull').map((c) => c.name));
  return (channel) => (pulled.has(channel) ? 'pull' : 'push');
}
