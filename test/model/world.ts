import { expect } from 'vitest';
import type { Client } from '@libsql/client';
import { AdvisorClient, createAdvisor } from '../support/advisorClient.js';
import { FakeGraphApi } from '../support/fakeGraphApi.js';
import { FakeTelegramApi, FAKE_BOT } from '../support/fakeTelegramApi.js';
import { startTestApp, type TestApp } from '../support/testApp.js';
import { ManualClock } from '../support/testServer.js';
import * as tg from '../support/telegramUpdates.js';
import * as wa from '../support/whatsappCloudPayloads.js';
import { zonedToEpoch } from '../../src/program/centerTime.js';
import { count } from './stats.js';
import { libsqlProgramStore } from '../../src/program/storage/libsqlProgramStore.js';
import type { Fault } from '../support/faultyServer.js';
import type { Reply } from '../../src/core/message.js';
import { renderTelegramReply } from '../../src/channels/telegram/renderTelegramReply.js';
import { presentReply } from '../../src/core/presentReply.js';
import { renderWhatsAppCloudReply } from '../../src/channels/whatsappCloud/renderWhatsAppCloudReply.js';

export const SECRET = 'model-secret-0123456789';
export const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const RATE_LIMIT = 20;
/** Advisors answer during the first half of every hour: a step that waits 30 minutes crosses office hours. */
export const OFFICE_HOURS = Array.from({ length: 24 }, (_, h) => `mon-sun ${String(h).padStart(2, '0')}:00-${String(h).padStart(2, '0')}:30`).join('; ');

export type Channel = 'webchat' | 'telegram' | 'whatsapp-cloud';
export interface Button {
  id: string;
  label: string;
}

/** What a text is, for the invariants: a question, danger, or out of scope. */
export type Meaning = 'question' | 'danger' | 'offtopic';

/** What a person sent, and what the conversation was when it arrived. */
export interface Sent {
  meaning?: Meaning;
  /** The first message of a new conversation. */
  first?: boolean;
  kind: string;
  /** What the conversation keeps: the text, or a tap's label (any of `labels`, or none when the button is unknown). */
  text: string | null;
  labels?: string[];
  /** Free text (not a command, not a tap): the bot stays silent to it while an advisor has the conversation. */
  freeText: boolean;
  heldByAdvisor: boolean;
  ticketOpen: boolean;
  /** Sent faster than the rate limit: recorded, maybe not answered. */
  overLimit: boolean;
  /** What its turn answered (noted by the first check after it was sent): an article shown or offered, the safety offer. */
  replies?: { author: string; text: string | null; articles: boolean; safety: boolean }[];
}

let people = 0;
let sequences = 0;
let resent = 0;
/** A person on one channel, with what they sent since their data was last erased. */
export class Person {
  readonly id: string;
  /** A word only this person writes (their "name"): erasure must leave it nowhere. */
  readonly tag: string;
  sent: Sent[] = [];
  times: number[] = [];
  erasures = 0;
  /** Per open ticket: how far advisor 0 read it (the last seq they were shown) and the person's pseudonym. */
  seen = new Map<string, { seq: number; pseudonym: string }>();
  constructor(readonly channel: Channel) {
    const n = ++people;
    this.id = channel === 'webchat' ? `model-web-${n.toString(36)}-${Date.now().toString(36)}` : channel === 'telegram' ? String(900_000_000 + n) : `2126${String(10_000_000 + n)}`;
    this.tag = `zorrovski${n.toString(36)}x`;
  }
  toString() {
    return `${this.channel}#${this.id.slice(-4)}`;
  }
}

/** The real system: tawjih in this process on a libSQL file, Telegram and WhatsApp Cloud as fake servers on 127.0.0.1. */
export class World {
  telegram!: FakeTelegramApi;
  graph!: FakeGraphApi;
  app!: TestApp;
  clock = new ManualClock();
  advisors: { id: string; email: string; password: string; role: 'advisor' | 'admin'; client: AdvisorClient }[] = [];
  persons: Person[] = [];

  get db(): Client {
    return this.app.db;
  }

  async start(): Promise<void> {
    this.telegram = await new FakeTelegramApi().start();
    this.telegram.webhookUrl = 'https://tawjih.example.org/telegram/webhook';
    this.graph = await new FakeGraphApi().start();
    this.clock.set(zonedToEpoch('2026-12-01', '10:05', 'Africa/Casablanca'));
    this.app = await startTestApp(
      {
        TELEGRAM_BOT_TOKEN: this.telegram.token,
        TELEGRAM_API_ROOT: this.telegram.url,
        TELEGRAM_BOT_INFO: JSON.stringify(FAKE_BOT),
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        TELEGRAM_RATE_PER_CHAT_PER_SECOND: '5',
        PUBLIC_URL: 'https://tawjih.example.org',
        WHATSAPP_TOKEN: this.graph.token,
        WHATSAPP_PHONE_NUMBER_ID: this.graph.phoneNumberId,
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'verify-token-0123456789',
        WHATSAPP_API_ROOT: this.graph.apiRoot,
        OFFICE_HOURS,
        RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      },
      { clock: this.clock },
    );
    for (const [name, role] of [['Amina', 'advisor'], ['Yassine', 'advisor'], ['Khadija', 'admin']] as const) {
      // A cheap hash: every sequence signs in again (the clock runs for weeks, sessions last 12 hours).
      const a = await createAdvisor(this.app.db, name, role, 'model test password', 1000);
      this.advisors.push({ ...a, role, client: new AdvisorClient(this.app) });
    }
  }

  async stop(): Promise<void> {
    if (process.env.MODEL_STATS && this.app) {
      const r = await this.db.execute("SELECT status, count(*) AS n FROM registrations GROUP BY status");
      for (const row of r.rows) count(`registrations ${row.status}: ${row.n}`);
    }
    await this.app?.close();
    await this.telegram?.stop();
    await this.graph?.stop();
  }

  /** A new sequence: new people, advisors signed in, this week's workshops (one with a single seat). */
  async newSequence(): Promise<void> {
    this.persons = [new Person('webchat'), new Person('telegram'), new Person('whatsapp-cloud')];
    await this.db.execute("UPDATE events SET status = 'cancelled' WHERE status = 'active'");
    const store = libsqlProgramStore(this.db);
    const now = this.clock.now();
    const n = ++sequences;
    for (const [province, capacity, days] of [['tiznit', 1, 3], ['agadir-ida-outanane', 50, 5]] as const) {
      const startsAt = now + days * 86_400_000;
      await store.events.saveEvent({ id: `model_${n}_${capacity}`, titles: { fr: `Atelier ${n}`, ar: `ورشة ${n}` }, place: 'Centre', province, startsAt, remindAt: startsAt - 86_400_000, capacity, taken: 0, languages: ['fr'], status: 'active', createdAt: now });
    }
    for (const a of this.advisors) expect((await a.client.login(a.email, a.password)).status).toBe(200);
  }

  /** A request to the app: never a 5xx. */
  async request(path: string, init?: RequestInit): Promise<Response> {
    const res = await this.app.request(path, init);
    expect(res.status, `${init?.method ?? 'GET'} ${path}`).toBeLessThan(500);
    return res;
  }

  // ---- what a person sees ------------------------------------------------------------------

  /** The buttons of each message the person received, oldest first (what their phone or page shows). */
  async received(p: Person): Promise<{ buttons: Button[]; numbered: boolean }[]> {
    // Labels as the person reads them: right-to-left replies carry invisible isolates.
    const shown = (rows: { buttons: Button[]; numbered: boolean }[]) => rows.map((r) => ({ ...r, buttons: r.buttons.map((b) => ({ ...b, label: b.label.replace(/[\u2066-\u2069]/g, '') })) }));
    return shown(await this.deliveredButtons(p));
  }

  private async deliveredButtons(p: Person): Promise<{ buttons: Button[]; numbered: boolean }[]> {
    if (p.channel === 'webchat') {
      const res = await this.request(`/webchat/api/messages?conversationId=${p.id}`);
      const items = ((await res.json()) as { replies: { author: string; choices: Button[] }[] }).replies;
      // After the person's own last message, no button is live (the page disables them).
      return items.map((r) => ({ buttons: r.author === 'person' ? [] : r.choices, numbered: false }));
    }
    if (p.channel === 'telegram') {
      return this.telegram.sent(p.id).map((c) => ({
        buttons: ((c.payload.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((b) => ({ id: b.callback_data, label: b.text })),
        numbered: false,
      }));
    }
    return this.graph.sent(p.id).map((c) => {
      const i = c.body.interactive as { type: string; action: { buttons?: { reply: { id: string; title: string } }[]; sections?: { rows: { id: string; title: string }[] }[] } } | undefined;
      if (i?.type === 'button') return { buttons: i.action.buttons!.map((b) => ({ id: b.reply.id, label: b.reply.title })), numbered: false };
      if (i?.type === 'list') return { buttons: i.action.sections!.flatMap((s) => s.rows.map((r) => ({ id: r.id, label: r.title }))), numbered: false };
      // Numbered text ("1. …"): the person types the number.
      const body = String((c.body.text as { body?: string } | undefined)?.body ?? '');
      const lines = [...body.matchAll(/^(\d{1,2})\. (.+)$/gm)].map((m) => ({ id: m[1]!, label: m[2]! }));
      return { buttons: lines, numbered: lines.length > 0 };
    });
  }

  /** The text of every message the person received (a web chat reply, a Telegram message, a WhatsApp body), as sent. */
  async deliveredTexts(p: Person): Promise<string[]> {
    if (p.channel === 'webchat') {
      const res = await this.request(`/webchat/api/messages?conversationId=${p.id}`);
      return ((await res.json()) as { replies: { author: string; text: string }[] }).replies.filter((r) => r.author !== 'person').map((r) => r.text);
    }
    if (p.channel === 'telegram') return this.telegram.sent(p.id).map((c) => String(c.payload.text));
    return this.graph.sent(p.id).map((c) => String((c.body.text as { body?: string } | undefined)?.body ?? (c.body.interactive as { body?: { text: string } } | undefined)?.body?.text ?? ''));
  }

  /** The conversation's state and whether a ticket is open, as the system has them now. */
  async conversationState(p: Person): Promise<{ state: string | null; ticketOpen: boolean }> {
    const r = await this.db.execute({
      sql: "SELECT v.state, EXISTS (SELECT 1 FROM tickets t WHERE t.conversation_id = v.id AND t.status <> 'closed') AS open FROM conversations v WHERE v.channel = ? AND v.channel_user_id = ?",
      args: [p.channel, p.id],
    });
    const row = r.rows[0];
    return { state: row ? String(row.state) : null, ticketOpen: row ? Number(row.open) === 1 : false };
  }

  // ---- what a person does -------------------------------------------------------------------

  private async note(p: Person, sent: Omit<Sent, 'heldByAdvisor' | 'ticketOpen' | 'overLimit'>): Promise<void> {
    const now = this.clock.now();
    p.times = p.times.filter((t) => t > now - 60_000).concat(now);
    const { state, ticketOpen } = await this.conversationState(p);
    count(`${sent.kind}${state === 'with_advisor' ? ' to an advisor' : ticketOpen ? ' while waiting' : ''}`);
    p.sent.push({ ...sent, first: state === null, heldByAdvisor: state === 'with_advisor', ticketOpen, overLimit: p.times.length > RATE_LIMIT });
  }

  async says(p: Person, text: string, freeText: boolean, meaning?: Meaning): Promise<void> {
    await this.note(p, { kind: 'text', text, freeText, ...(meaning ? { meaning } : {}) });
    if (p.channel === 'webchat') {
      await this.request('/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: p.id, text }) });
    } else if (p.channel === 'telegram') {
      await this.telegramUpdate(tg.textUpdate(Number(p.id), text));
    } else {
      await this.whatsappPayload(wa.textMessage(p.id, text).payload);
    }
  }

  /** The web chat page sends a message again with its messageId (its first answer was lost): answered once. */
  async resends(p: Person, text: string): Promise<void> {
    await this.note(p, { kind: 'text', text, freeText: true });
    const messageId = `again${++resent}`;
    const post = async () => (await this.request('/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: p.id, text, messageId }) })).json() as Promise<{ replies: { id: string }[]; duplicate?: boolean }>;
    const first = await post();
    const again = await post();
    expect(again.duplicate, `${p}: a retry with the same messageId is answered as a duplicate`).toBe(true);
    expect(again.replies.map((r) => r.id), `${p}: and with the same replies`).toEqual(first.replies.map((r) => r.id));
  }

  /** A tap on a button (or, on WhatsApp's numbered text, the number typed). `labels`: what the conversation may call it. */
  async taps(p: Person, b: Button, labels: string[], numbered = false): Promise<void> {
    if (numbered) return this.says(p, b.id, false);
    await this.note(p, { kind: 'tap', text: b.label, labels, freeText: false });
    if (p.channel === 'webchat') {
      await this.request('/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ conversationId: p.id, choice: b.id }) });
    } else if (p.channel === 'telegram') {
      const answer = await this.telegramUpdate(tg.callbackUpdate(Number(p.id), b.id));
      // The button's spinner stops: the callback is acknowledged in the webhook's answer.
      expect(answer).toMatchObject({ method: 'answerCallbackQuery' });
    } else {
      await this.whatsappPayload(wa.buttonReply(p.id, b.id, b.label).payload);
    }
  }

  async sendsPhoto(p: Person): Promise<void> {
    if (p.channel === 'webchat') return;
    await this.note(p, { kind: p.channel === 'telegram' ? 'image' : 'audio', text: null, freeText: false });
    if (p.channel === 'telegram') await this.telegramUpdate(tg.photoUpdate(Number(p.id)));
    else await this.whatsappPayload(wa.voiceMessage(p.id).payload);
  }

  private async telegramUpdate(update: unknown): Promise<unknown> {
    const res = await this.request('/telegram/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
    expect(res.status).toBe(200);
    return res.json();
  }

  private async whatsappPayload(payload: unknown): Promise<void> {
    const body = JSON.stringify(payload);
    const res = await this.request('/whatsapp/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(body, APP_SECRET) }, body });
    expect(res.status).toBe(200);
  }

  // ---- a channel's API on a bad day ----------------------------------------------------------

  async fault(channel: 'telegram' | 'whatsapp-cloud', fault: Fault | null): Promise<void> {
    await (channel === 'telegram' ? this.telegram : this.graph).setFault(fault);
  }

  /** What the channel's API took for this person, message by message (Telegram's texts; the Graph API's accepted bodies). */
  delivered(p: Person): unknown[] {
    return p.channel === 'telegram' ? this.telegram.sent(p.id).map((c) => c.payload.text) : this.graph.sent(p.id).filter((c) => c.accepted).map((c) => c.body);
  }

  /** The person's rows in the outbox, oldest first. */
  async outboxRows(p: Person): Promise<{ id: string; status: string; attempts: number; reply: Reply }[]> {
    const r = await this.db.execute({ sql: 'SELECT id, status, attempts, payload FROM outbox WHERE channel = ? AND recipient = ? ORDER BY id', args: [p.channel, p.id] });
    return r.rows.map((x) => ({ id: String(x.id), status: String(x.status), attempts: Number(x.attempts), reply: JSON.parse(String(x.payload)) as Reply }));
  }

  /** The messages a reply becomes on the person's channel (a long one is split). */
  rendered(p: Person, stored: Reply): unknown[] {
    const reply = presentReply(stored); // as the outbox presents it before every push channel
    return p.channel === 'telegram' ? renderTelegramReply(reply).map((m) => m.text) : renderWhatsAppCloudReply(reply, p.id, this.app.app.i18n);
  }

  // ---- the advisors -------------------------------------------------------------------------

  /** The open tickets of this sequence's people. */
  async openTickets(): Promise<{ id: string; status: string; assignedTo: string | null }[]> {
    const ids = this.persons.map((p) => p.id);
    const r = await this.db.execute({
      sql: `SELECT t.id, t.status, t.assigned_to FROM tickets t JOIN conversations v ON v.id = t.conversation_id
            WHERE t.status <> 'closed' AND v.channel_user_id IN (${ids.map(() => '?').join(', ')}) ORDER BY t.created_at`,
      args: ids,
    });
    return r.rows.map((x) => ({ id: String(x.id), status: String(x.status), assignedTo: x.assigned_to === null ? null : String(x.assigned_to) }));
  }

  /** An advisor's action through the console's API: 200, or a 4xx that says why (taken, closed…), never a 5xx. */
  async advisorPost(who: number, path: string, body: unknown = {}): Promise<number> {
    const { status } = await this.advisors[who % this.advisors.length]!.client.post(path, body);
    count(`advisor ${path.split('/').at(-1)} -> ${status}`);
    expect(status, `advisor ${path}`).toBeLessThan(500);
    return status;
  }

  // ---- time ---------------------------------------------------------------------------------

  /**
   * Every recorded message has had its turn, retries and the outbox have run, replies have reached
   * the fakes (`except`: a channel that is down, whose replies wait).
   */
  async settle(except?: Channel): Promise<void> {
    // One message per second per person on WhatsApp: a burst's replies take a while of (fake) time.
    for (let i = 0; i < 60; i++) {
      await this.app.app.assistant.idle();
      await this.app.loop.runOnce();
      const left = await this.db.execute({ sql: "SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending') AND channel <> ?", args: [except ?? ''] });
      const unanswered = await this.db.execute("SELECT count(*) AS n FROM inbound_receipts WHERE status IN ('received', 'queued')");
      if (Number(left.rows[0]!.n) === 0 && Number(unanswered.rows[0]!.n) === 0) return;
      this.clock.advance(1100);
    }
  }
}
