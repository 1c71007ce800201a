import { expect } from 'vitest';
import type { Resilience } from '../../src/health/healthBoard.js';
import type { Reply } from '../../src/core/message.js';
import { renderTelegramReply } from '../../src/channels/telegram/renderTelegramReply.js';
import { presentReply } from '../../src/core/presentReply.js';
import { FakeGraphApi } from './fakeGraphApi.js';
import { FakeTelegramApi } from './fakeTelegramApi.js';
import { eventually, MemoryLogger, startTestServer, type TestServer } from './testServer.js';
import * as tg from './telegramUpdates.js';
import * as wa from './whatsappCloudPayloads.js';
import { FakeWhatsAppWeb } from './whatsappWebFake.js';

export const SECRET = 'outage-secret-0123456789abcdef';
const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let serial = 0;

/**
 * tawjih as in production for the fault tests: the real server on 127.0.0.1 with its background
 * loop and the real clock, every channel at once (web chat, Telegram by webhook, WhatsApp Cloud,
 * a linked phone), the Bot API and the Graph API as fake servers that can fail on demand.
 */
export class OutageWorld {
  telegram!: FakeTelegramApi;
  graph!: FakeGraphApi;
  phone = new FakeWhatsAppWeb();
  server!: TestServer;
  log = new MemoryLogger();

  static async start(o: { resilience?: Resilience; before?: (w: OutageWorld) => Promise<void> } = {}): Promise<OutageWorld> {
    const w = new OutageWorld();
    w.telegram = await new FakeTelegramApi().start();
    // As after `npm run telegram:webhook -- set`.
    w.telegram.webhookUrl = 'https://tawjih.example.org/telegram/webhook';
    w.graph = await new FakeGraphApi().start();
    await o.before?.(w);
    const crashing = w.phone.crashes > 0;
    w.server = await startTestServer(
      {
        TELEGRAM_BOT_TOKEN: w.telegram.token,
        TELEGRAM_API_ROOT: w.telegram.url,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: 'https://tawjih.example.org',
        WHATSAPP_TOKEN: w.graph.token,
        WHATSAPP_PHONE_NUMBER_ID: w.graph.phoneNumberId,
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'verify-token-0123456789',
        WHATSAPP_API_ROOT: w.graph.apiRoot,
        WHATSAPP_WEB: '1',
        LOG_LEVEL: 'info',
      },
      { background: true, log: w.log, whatsappWebClient: w.phone.factory, ...(o.resilience ? { resilience: o.resilience } : {}) },
    );
    // The linked phone: its first browser gets ready (unless the test made it crash).
    if (!crashing) (await w.phone.waitForClients(1)).emit('ready');
    return w;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await this.telegram?.stop();
    await this.graph?.stop();
  }

  channel(name: string): { state: string; reason?: string } | undefined {
    return this.server.app.health.report().channels[name];
  }

  async waitUp(...names: string[]): Promise<void> {
    for (const n of names) await eventually(() => this.channel(n)?.state === 'up', `${n} up`, 30_000);
  }

  // ---- people -------------------------------------------------------------------------------

  /** A person on the web chat: the answer comes in the HTTP response. */
  async webSays(conversationId: string, text: string): Promise<string[]> {
    const res = await fetch(`${this.server.url}/webchat/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId, text }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: { text: string }[] }).replies.map((r) => r.text);
  }

  /** A person on Telegram: the webhook takes the update (200 once recorded). */
  async telegramSays(chatId: number, text: string): Promise<void> {
    const res = await fetch(`${this.server.url}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(tg.textUpdate(chatId, text)),
    });
    expect(res.status).toBe(200);
  }

  /** A person on WhatsApp Cloud: Meta posts the signed webhook. */
  async whatsappSays(phone: string, text: string): Promise<void> {
    const body = JSON.stringify(wa.textMessage(phone, text).payload);
    const res = await fetch(`${this.server.url}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(body, APP_SECRET) }, body });
    expect(res.status).toBe(200);
  }

  /** A person writing to the linked phone. */
  phoneSays(chatId: string, text: string): void {
    this.phone.current.receive({ from: chatId, body: text });
  }

  /** New people, unique per test. */
  static chat = () => 8_100_000 + ++serial;
  static wa = () => `2126${String(70_000_000 + ++serial)}`;
  static web = () => `outage-web-${++serial}-${Date.now().toString(36)}`;
  static linked = () => `2126${String(80_000_000 + ++serial)}@c.us`;

  // ---- what arrived, what waits -------------------------------------------------------------

  /** The texts a Telegram chat received, in order. */
  telegramTexts(chatId: number): string[] {
    return this.telegram.sent(chatId).map((c) => String(c.payload.text));
  }

  /** The messages the Graph API accepted for a person, in order. */
  whatsappAccepted(phone: string): unknown[] {
    return this.graph.sent(phone).filter((c) => c.accepted);
  }

  /** A person's replies in the outbox, oldest first: status, attempts, and the reply each holds. */
  async outbox(channel: string, recipient: string | number): Promise<{ status: string; attempts: number; text: string; reply: Reply }[]> {
    const r = await this.server.db.execute({ sql: 'SELECT status, attempts, payload FROM outbox WHERE channel = ? AND recipient = ? ORDER BY id', args: [channel, String(recipient)] });
    return r.rows.map((x) => {
      const reply = JSON.parse(String(x.payload)) as Reply;
      return { status: String(x.status), attempts: Number(x.attempts), text: reply.text, reply };
    });
  }

  /** What Telegram should have received for these replies, message by message (a long one is split). */
  static telegramMessages(replies: { reply: Reply }[]): string[] {
    return replies.flatMap((r) => renderTelegramReply(presentReply(r.reply)).map((m) => m.text));
  }

  /** Log lines of an event for a channel, since line `from`. */
  events(event: string, channel: string, from = 0) {
    return this.log.lines.slice(from).filter((l) => l.event === event && l.fields?.channel === channel);
  }
}
