import { EventEmitter } from 'node:events';
import type { WhatsAppWebClient, WhatsAppWebMessage } from '../../src/channels/whatsappWeb/whatsAppWebClient.js';

let serial = 0xa1b2c3;

/**
 * A fake whatsapp-web.js Client: the adapter's narrow interface over an EventEmitter. The test
 * emits what WhatsApp Web would (qr, ready, message, disconnected) and reads what was sent.
 */
export class FakeWhatsAppWebClient extends EventEmitter implements WhatsAppWebClient {
  readonly sent: { chatId: string; text: string }[] = [];
  initialized = false;
  destroyed = false;

  async initialize(): Promise<void> {
    this.initialized = true;
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.removeAllListeners();
  }

  async sendMessage(chatId: string, text: string): Promise<{ id: { _serialized: string } }> {
    if (this.destroyed) throw new Error('Protocol error (Runtime.callFunctionOn): Session closed.');
    this.sent.push({ chatId, text });
    return { id: { _serialized: `true_${chatId}_3EB0${(++serial).toString(16).toUpperCase()}` } };
  }

  /** A message as whatsapp-web.js's Message would carry it (a person's text by default). */
  receive(fields: Partial<WhatsAppWebMessage> & { from: string }): WhatsAppWebMessage {
    const message: WhatsAppWebMessage = {
      id: { _serialized: `false_${fields.from}_3EB0${(++serial).toString(16).toUpperCase()}${'0'.repeat(12)}` },
      body: '',
      type: 'chat',
      hasMedia: false,
      fromMe: false,
      isStatus: false,
      timestamp: Math.floor(Date.now() / 1000),
      ...fields,
    };
    this.emit('message', message);
    return message;
  }
}

/** The factory given to the app: every (re)connection makes a new fake client. */
export class FakeWhatsAppWeb {
  readonly clients: FakeWhatsAppWebClient[] = [];

  readonly factory = (): FakeWhatsAppWebClient => {
    const c = new FakeWhatsAppWebClient();
    this.clients.push(c);
    return c;
  };

  get current(): FakeWhatsAppWebClient {
    const c = this.clients.at(-1);
    if (!c) throw new Error('no whatsapp-web client yet');
    return c;
  }

  /** Every message sent to a chat, by every client. */
  sentTo(chatId: string): string[] {
    return this.clients.flatMap((c) => c.sent.filter((s) => s.chatId === chatId).map((s) => s.text));
  }

  async waitForClients(n: number, timeoutMs = 10_000): Promise<FakeWhatsAppWebClient> {
    const start = Date.now();
    while (this.clients.length < n || !this.clients[n - 1]!.initialized) {
      if (Date.now() - start > timeoutMs) throw new Error(`fake whatsapp-web: ${n} client(s) not initialized in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.clients[n - 1]!;
  }
}
