import { receiptKey } from '../../src/conversation/libsqlInbox.js';
import { expect } from 'vitest';
import type { WhatsAppWebMessage } from '../../src/channels/whatsappWeb/whatsAppWebClient.js';
import type { FakeWhatsAppWeb } from './whatsappWebFake.js';
import type { ManualClock } from './testServer.js';
import type { TestApp } from './testApp.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A person writing to the linked phone, for transcript tests:
 *   await person.says('bonjour'); person.sees('Choisissez votre langue'); await person.says('4');
 * Each message waits until the core has handled it and the outbox has sent every reply.
 */
export class WhatsAppWebPerson {
  last: string[] = [];

  constructor(
    private readonly fake: FakeWhatsAppWeb,
    private readonly server: TestApp,
    private readonly clock: ManualClock,
    readonly phone: string,
  ) {}

  get chatId(): string {
    return `${this.phone}@c.us`;
  }

  async sends(fields: Partial<WhatsAppWebMessage>): Promise<string[]> {
    const before = this.fake.sentTo(this.chatId).length;
    const message = this.fake.current.receive({ from: this.chatId, ...fields });
    await this.handled(message.id._serialized);
    await this.drain();
    this.last = this.fake.sentTo(this.chatId).slice(before);
    return this.last;
  }

  says(text: string): Promise<string[]> {
    return this.sends({ type: 'chat', body: text });
  }

  /** Waits until the core recorded the message as handled. */
  async handled(messageId: string, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const r = await this.server.db.execute({ sql: "SELECT status FROM inbound_receipts WHERE channel = 'whatsapp-web' AND channel_message_id = ?", args: [await receiptKey(messageId)] });
      if (r.rows[0]?.status === 'handled') return;
      if (Date.now() - start > timeoutMs) throw new Error(`message not handled in ${timeoutMs} ms (receipt: ${String(r.rows[0]?.status)})`);
      await sleep(10);
    }
  }

  /** Lets the outbox send everything queued for this person (one per second: the clock moves). */
  async drain(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const r = await this.server.db.execute({ sql: "SELECT count(*) AS n FROM outbox WHERE channel = 'whatsapp-web' AND recipient = ? AND status = 'pending'", args: [this.chatId] });
      if (Number(r.rows[0]?.n) === 0) return;
      this.clock.advance(1100);
      await this.server.app.outbox.kick();
    }
    throw new Error('the outbox did not empty');
  }

  text(): string {
    return this.last.join('\n---\n');
  }

  sees(expected: string | RegExp): void {
    if (typeof expected === 'string') expect(this.text()).toContain(expected);
    else expect(this.text()).toMatch(expected);
  }

  /** The labels of the numbered options ("1. label") of the last message, in order. */
  options(): string[] {
    const lines = (this.last.at(-1) ?? '').split('\n');
    const numbered = lines.map((l) => /^(\d+)\. (.+)$/.exec(l)).filter((m) => m !== null);
    numbered.forEach((m, i) => expect(Number(m[1])).toBe(i + 1));
    return numbered.map((m) => m[2]!);
  }
}
