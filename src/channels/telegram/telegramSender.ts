import { GrammyError, HttpError, type Api } from 'grammy';
import type { Reply } from '../../core/message.js';
import type { ChannelSender, SendResult } from '../../core/ports.js';
import { renderTelegramReply } from './renderTelegramReply.js';

/** Sends rendered replies through the Bot API and turns its errors into outbox decisions. */
export class TelegramSender implements ChannelSender {
  constructor(private readonly api: Api) {}

  async send(recipient: string, reply: Reply): Promise<SendResult> {
    let lastId: string | undefined;
    try {
      for (const m of renderTelegramReply(reply)) {
        const { text, ...options } = m;
        const chatId = /^-?\d+$/.test(recipient) ? Number(recipient) : recipient;
        const sent = await this.api.sendMessage(chatId, text, options);
        lastId = String(sent.message_id);
      }
      return { ok: true, ...(lastId ? { providerMessageId: lastId } : {}) };
    } catch (error) {
      return classifyTelegramError(error);
    }
  }
}

export function classifyTelegramError(error: unknown): SendResult {
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
  if (error instanceof HttpError) return { ok: false, kind: 'retry', error: 'telegram unreachable' };
  return { ok: false, kind: 'retry', error: error instanceof Error ? error.name : 'unknown' };
}
