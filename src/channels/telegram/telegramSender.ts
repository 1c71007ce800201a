import { GrammyError, type Api } from 'grammy';
import type { Reply } from '../../core/message.js';
import type { ChannelSender, SendResult } from '../../core/ports.js';
import { renderTelegramReply } from './renderTelegramReply.js';
import { telegramOutage } from './telegramCalls.js';

/** Sends rendered replies through the Bot API and turns its errors into outbox decisions. */
export class TelegramSender implements ChannelSender {
  constructor(private readonly api: Api) {}

  async send(recipient: string, reply: Reply, from = 0): Promise<SendResult> {
    let lastId: string | undefined;
    const parts = renderTelegramReply(reply);
    let i = from;
    try {
      for (; i < parts.length; i++) {
        const { text, ...options } = parts[i]!;
        const chatId = /^-?\d+$/.test(recipient) ? Number(recipient) : recipient;
        const sent = await this.api.sendMessage(chatId, text, options);
        lastId = String(sent.message_id);
      }
      return { ok: true, ...(lastId ? { providerMessageId: lastId } : {}) };
    } catch (error) {
      const failed = classifyTelegramError(error);
      return i > from && !failed.ok ? { ...failed, partsSent: i } : failed;
    }
  }
}

export function classifyTelegramError(error: unknown): SendResult {
  // Telegram down, stalled, answering 5xx, or our token refused: the channel's outage, not this message's.
  const outage = telegramOutage(error);
  if (outage) return { ok: false, kind: 'unavailable', ...outage };
  if (error instanceof GrammyError) {
    const description = `telegram ${error.error_code}: ${error.description}`;
    if (error.error_code === 429) {
      const after = error.parameters.retry_after ?? 1;
      return { ok: false, kind: 'retry', error: description, retryAfterMs: after * 1000 };
    }
    if (error.error_code === 403) return { ok: false, kind: 'unreachable', error: description };
    if (error.error_code === 400) return { ok: false, kind: 'rejected', error: description };
    return { ok: false, kind: 'retry', error: description };
  }
  return { ok: false, kind: 'retry', error: error instanceof Error ? error.name : 'unknown' };
}
