import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGraphApi, type GraphCall } from './support/fakeGraphApi.js';
import { FakeTelegramApi, type ApiCall } from './support/fakeTelegramApi.js';
import { ManualClock, startTestServer, type TestServer } from './support/testServer.js';
import { startTestApp, type TestApp } from './support/testApp.js';
import { FakeWhatsAppWeb } from './support/whatsappWebFake.js';
import { WhatsAppWebPerson } from './support/whatsappWebPerson.js';
import { visualLines } from './support/bidiVisual.js';
import * as tg from './support/telegramUpdates.js';
import * as wa from './support/whatsappCloudPayloads.js';

/**
 * The emergency article in Arabic, as each messaging channel receives it from the real outbox:
 * what its client shows is computed with the Unicode Bidirectional Algorithm (bidi-js), each line
 * a paragraph whose direction comes from its first letter, as Telegram and WhatsApp lay it out.
 */

const SECRET = 'rtl-channels-secret-0123456789';
const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
let telegram: FakeTelegramApi;
let graph: FakeGraphApi;
let server: TestServer;
let clock: ManualClock;
let numbers: string[];

beforeAll(async () => {
  telegram = await new FakeTelegramApi().start();
  graph = await new FakeGraphApi().start();
  clock = new ManualClock();
  server = await startTestServer(
    {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      PUBLIC_URL: 'https://tawjih.example.org',
      WHATSAPP_TOKEN: graph.token,
      WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId,
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'tawjih-verify-0123456789',
      WHATSAPP_API_ROOT: graph.apiRoot,
    },
    { clock, background: false },
  );
  const body = (await readFile('knowledge/emergency-numbers/ar.md', 'utf8')).split(/^---$/m).at(-1)!;
  numbers = [...new Set([...body.matchAll(/\+?\d[\d ]{6,}\d/g)].map((m) => m[0]))];
  expect(numbers.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => {
  await server?.close();
  await telegram?.stop();
  await graph?.stop();
});

const ISOLATES = /[\u2066-\u2069]/g;
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
/** Telegram's HTML as its client shows it: tags gone (a link shows its label), entities decoded. */
const telegramShown = (html: string) => unescape(html.replace(/<[^>]+>/g, ''));

/** Each isolate is closed in the message that opens it. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch >= '\u2066' && ch <= '\u2068') depth++;
    else if (ch === '\u2069' && --depth < 0) return false;
  }
  return depth === 0;
}

/** What the phone shows, line by line (each line's direction from its first letter). */
const screen = (text: string) => visualLines(text, 'auto').join('\n');

function expectNumbersLeftToRight(shown: string, where: string): void {
  for (const n of numbers) expect(shown, `${where}: ${n}`).toContain(n);
  // and the bug, for the record: without isolates the first one would have been reversed
  expect(screen(`الخط ${numbers[0]}، واتساب`)).not.toContain(numbers[0]);
}

describe('the emergency article in Arabic on the messaging channels', () => {
  it('Telegram: numbers left to right, sources as named links, every message within 4,096 characters', async () => {
    const chat = 880_001;
    const post = async (update: unknown) => {
      clock.advance(1100);
      const res = await fetch(`${server.url}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(update) });
      expect(res.status).toBe(200);
      await server.app.assistant.idle();
      for (let i = 0; i < 6; i++) {
        clock.advance(1100);
        await server.app.outbox.kick();
      }
    };
    const tap = async (label: string) => {
      const keyboard = telegram.sent(chat).at(-1)!.payload.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] };
      const button = keyboard.inline_keyboard.flat().find((b) => b.text.replace(ISOLATES, '') === label);
      expect(button, `${label} among ${JSON.stringify(keyboard)}`).toBeDefined();
      await post(tg.callbackUpdate(chat, button!.callback_data, 'ar'));
    };
    await post(tg.textUpdate(chat, 'السلام عليكم', 'ar'));
    for (const label of ['العربية', 'أوافق', 'مهاجر في المغرب', 'إنزكان آيت ملول', 'لا شكرا']) await tap(label);
    await post(tg.textUpdate(chat, 'أرقام الطوارئ', 'ar'));
    const before = telegram.sent(chat).length;
    await tap('اقرأ المزيد');
    const article: ApiCall[] = telegram.sent(chat).slice(before);
    expect(article.length).toBeGreaterThan(0);
    const html = article.map((c) => String(c.payload.text)).join('\n');
    const shown = telegramShown(html);
    expectNumbersLeftToRight(screen(shown), 'Telegram');
    for (const c of article) {
      const text = telegramShown(String(c.payload.text));
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(balanced(text)).toBe(true);
    }
    // Sources: named links, no raw address on screen.
    const links = [...html.matchAll(/<a href="(https:[^"]+)">([^<]+)<\/a>/g)];
    expect(links.length).toBeGreaterThan(0);
    for (const [, , label] of links) expect(label).not.toMatch(/^https?:/);
    expect(shown).not.toMatch(/https?:\/\//);
    // The review date in words: Moroccan month and the standard one.
    expect(shown.replace(ISOLATES, '')).toMatch(/آخر مراجعة: \d{1,2} \p{Script=Arabic}+ \(\p{Script=Arabic}+\) \d{4}/u);
  });

  it('WhatsApp Cloud: numbers left to right, sources named with at most a short link, titles within Meta\'s limits', async () => {
    const phone = '212600088002';
    const post = async (message: { payload: unknown }) => {
      clock.advance(1100);
      const raw = JSON.stringify(message.payload);
      const res = await fetch(`${server.url}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.sign(raw, APP_SECRET) }, body: raw });
      expect(res.status, await res.clone().text()).toBe(200);
      await server.app.assistant.idle();
      for (let i = 0; i < 6; i++) {
        clock.advance(1100);
        await server.app.outbox.kick();
      }
    };
    type Interactive = { type: string; body: { text: string }; action: { buttons?: { reply: { id: string; title: string } }[]; sections?: { rows: { id: string; title: string }[] }[] } };
    const choose = async (label: string) => {
      const last = graph.sent(phone).at(-1)!;
      const i = last.body.interactive as Interactive | undefined;
      const options = i?.action.buttons?.map((b) => ({ id: b.reply.id, title: b.reply.title })) ?? i?.action.sections?.flatMap((s) => s.rows) ?? [];
      const o = options.find((x) => x.title.replace(ISOLATES, '') === label);
      if (o) return post(i!.type === 'button' ? wa.buttonReply(phone, o.id, o.title) : wa.listReply(phone, o.id, o.title));
      // Numbered text: the person types the number.
      const body = String((last.body.text as { body: string }).body);
      const n = [...body.matchAll(/^(\d+)\. (.+)$/gm)].find((m) => m[2]!.replace(ISOLATES, '') === label)?.[1];
      expect(n, `${label} in ${body}`).toBeDefined();
      return post(wa.textMessage(phone, n!));
    };
    await post(wa.textMessage(phone, 'السلام عليكم'));
    for (const label of ['العربية', 'أوافق', 'مهاجر في المغرب', 'إنزكان آيت ملول', 'لا شكرا']) await choose(label);
    await post(wa.textMessage(phone, 'أرقام الطوارئ'));
    const before = graph.sent(phone).length;
    await choose('اقرأ المزيد');
    const article: GraphCall[] = graph.sent(phone).slice(before);
    const texts = article.map((c) => ((c.body.text as { body?: string } | undefined)?.body ?? (c.body.interactive as Interactive | undefined)?.body.text ?? ''));
    expectNumbersLeftToRight(screen(texts.join('\n')), 'WhatsApp Cloud');
    for (const [i, c] of article.entries()) {
      expect([...texts[i]!].length).toBeLessThanOrEqual(c.body.type === 'interactive' ? 1024 : 4096);
      expect(balanced(texts[i]!)).toBe(true);
      const it = c.body.interactive as Interactive | undefined;
      for (const b of it?.action.buttons ?? []) expect([...b.reply.title].length).toBeLessThanOrEqual(20);
      for (const r of it?.action.sections?.flatMap((s) => s.rows) ?? []) expect([...r.title].length).toBeLessThanOrEqual(24);
    }
    const all = texts.join('\n');
    expect(all).not.toContain('**');
    for (const url of all.match(/https?:\/\/[^\s)\u2066-\u2069]+/g) ?? []) expect(url.length).toBeLessThanOrEqual(60);
  });
});

describe('the emergency article in Arabic on a linked phone (WhatsApp Web)', () => {
  let app: TestApp;
  afterAll(async () => app?.close());

  it('numbers left to right in the numbered text, sources short', async () => {
    const fake = new FakeWhatsAppWeb();
    const c = new ManualClock();
    app = await startTestApp({ WHATSAPP_WEB: '1' }, { clock: c, whatsappWebClient: fake.factory });
    (await fake.waitForClients(1)).emit('ready'); // the phone is linked
    const p = new WhatsAppWebPerson(fake, app, c, '212600188003');
    for (const t of ['السلام عليكم', 'العربية', '1', '1', '2', 'لا شكرا', 'أرقام الطوارئ']) await p.says(t);
    p.sees('أرقام الطوارئ في المغرب');
    await p.says('1'); // اقرأ المزيد
    const text = p.last.join('\n');
    expectNumbersLeftToRight(screen(text), 'WhatsApp Web');
    for (const m of p.last) {
      expect([...m].length).toBeLessThanOrEqual(4096);
      expect(balanced(m)).toBe(true);
    }
    expect(text).not.toContain('**');
    for (const url of text.match(/https?:\/\/[^\s)\u2066-\u2069]+/g) ?? []) expect(url.length).toBeLessThanOrEqual(60);
  });
});
