import type { Reply } from '../../core/message.js';
import type { ChannelSender, SendResult } from '../../core/ports.js';
import type { I18n } from '../../i18n/createI18n.js';
import type { WhatsAppWebClient } from './whatsAppWebClient.js';
import { renderWhatsAppWebReply } from './renderWhatsAppWebReply.js';

/** Sends replies through the linked phone (whatsapp-web.js), as numbered text (a typed number is read by the core: the buttons of the last message). */
export class WhatsAppWebSender implements ChannelSender {
  constructor(
    private readonly o: {
      /** The client when it is ready, else null. */
      connected: () => WhatsAppWebClient | null;
      i18n: I18n;
      /** A send with no answer in this time (a browser that hangs) fails: default SEND_TIMEOUT_MS. */
      timeoutMs?: number;
    },
  ) {}

  async send(recipient: string, reply: Reply, from = 0): Promise<SendResult> {
    const client = this.o.connected();
    // Not linked, or between two connections: the channel's outage (its lane holds everything).
    if (!client) return { ok: false, kind: 'unavailable', reason: 'unreachable', error: 'whatsapp-web not connected' };
    const { texts } = renderWhatsAppWebReply(reply, this.o.i18n);
    let lastId: string | undefined;
    let i = from;
    try {
      for (; i < texts.length; i++) lastId = (await withTimeout(client.sendMessage(recipient, texts[i]!), this.o.timeoutMs ?? SEND_TIMEOUT_MS))?.id?._serialized ?? lastId;
    } catch (error) {
      const partsSent = i > from ? { partsSent: i } : {};
      // A browser that no longer answers is the channel's trouble; an error from a live one is this message's.
      if (error instanceof SendTimeout) return { ok: false, kind: 'unavailable', reason: 'timeout', error: 'whatsapp-web send timed out', ...partsSent };
      if (this.o.connected() !== client) return { ok: false, kind: 'unavailable', reason: 'crashed', error: 'whatsapp-web disconnected', ...partsSent };
      return { ok: false, kind: 'retry', error: `whatsapp-web send failed: ${error instanceof Error ? error.name : 'unknown'}`, ...partsSent };
    }
    return { ok: true, ...(lastId ? { providerMessageId: lastId } : {}) };
  }
}

/** A send through the linked phone's browser with no answer in this time has failed. */
export const SEND_TIMEOUT_MS = 30_000;

class SendTimeout extends Error {
  override name = 'SendTimeout';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new SendTimeout()), ms)))]).finally(() => clearTimeout(timer));
}
