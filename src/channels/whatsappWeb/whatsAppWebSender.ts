import type { Reply } from '../../core/message.js';
import type { ChannelSender, SendResult } from '../../core/ports.js';
import type { I18n } from '../../i18n/createI18n.js';
import type { WhatsAppWebClient } from './whatsAppWebClient.js';
import { renderWhatsAppWebReply } from './renderWhatsAppWebReply.js';

/** While the phone is not linked or reconnecting, the outbox waits this long. */
export const NOT_CONNECTED_RETRY_MS = 5000;

/** Sends replies through the linked phone (whatsapp-web.js), as numbered text (a typed number is read by the core: the buttons of the last message). */
export class WhatsAppWebSender implements ChannelSender {
  constructor(
    private readonly o: {
      /** The client when it is ready, else null. */
      connected: () => WhatsAppWebClient | null;
      i18n: I18n;
    },
  ) {}

  async send(recipient: string, reply: Reply): Promise<SendResult> {
    const client = this.o.connected();
    if (!client) return { ok: false, kind: 'retry', error: 'whatsapp-web not connected', retryAfterMs: NOT_CONNECTED_RETRY_MS };
    const { texts } = renderWhatsAppWebReply(reply, this.o.i18n);
    let lastId: string | undefined;
    try {
      for (const text of texts) lastId = (await client.sendMessage(recipient, text))?.id?._serialized ?? lastId;
    } catch (error) {
      return { ok: false, kind: 'retry', error: `whatsapp-web send failed: ${error instanceof Error ? error.name : 'unknown'}` };
    }
    return { ok: true, ...(lastId ? { providerMessageId: lastId } : {}) };
  }
}
