import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../src/app/loadContent.js';
import { renderWhatsAppCloudReply } from '../src/channels/whatsappCloud/renderWhatsAppCloudReply.js';
import { splitTail, splitWhatsAppText } from '../src/channels/whatsappCloud/whatsAppText.js';
import { parseConfig } from '../src/config/configSchema.js';
import { readContentDir } from '../src/runtime/readContentDir.js';
import type { Reply } from '../src/core/message.js';
import { createI18n, type I18n } from '../src/i18n/createI18n.js';
import { FAKE_WHATSAPP_TOKEN } from './support/fakeGraphApi.js';

const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const VERIFY_TOKEN = 'tawjih-verify-0123456789';
let i18n: I18n;
beforeAll(async () => {
  i18n = createI18n(loadContent(await readContentDir(process.cwd())).locales);
});

describe('splitting text', () => {
  it('cuts under the limit at a paragraph, line or word, never inside an emoji', () => {
    const para = 'mot '.repeat(400).trim();
    const text = [para, para, para].join('\n\n');
    const parts = splitWhatsAppText(text, 4096);
    expect(parts.map((p) => [...p].length).every((n) => n <= 4096)).toBe(true);
    expect(parts.join('\n\n')).toBe(text);
    expect(splitWhatsAppText('😀'.repeat(5000)).map((p) => [...p].length)).toEqual([4096, 904]);
    const [head, tail] = splitTail(text, 1024);
    expect([...tail].length).toBeLessThanOrEqual(1024);
    expect(`${head} ${tail}`).toBe(text);
  });
});

describe('rendering within WhatsApp\'s limits', () => {
  const reply = (labels: string[], locale: Reply['locale'] = 'fr'): Reply => ({
    kind: 'text',
    text: 'Quel sujet ?',
    choices: labels.map((label, i) => ({ id: `t.menu.o${i}`, label })),
    dir: locale === 'ar' ? 'rtl' : 'ltr',
    locale,
  });
  const render = (r: Reply) => renderWhatsAppCloudReply(r, '212600000999', i18n);

  it('3 labels of 20 characters are buttons; a fourth, or a 21st character, makes a list', () => {
    expect(render(reply(['a'.repeat(20), 'b', 'c']))[0]!.type).toBe('interactive');
    expect(render(reply(['a'.repeat(20), 'b', 'c']))[0]).toMatchObject({ interactive: { type: 'button' } });
    expect(render(reply(['a', 'b', 'c', 'd']))[0]).toMatchObject({ interactive: { type: 'list', action: { button: 'Choisir' } } });
    expect(render(reply(['a'.repeat(21)]))[0]).toMatchObject({ interactive: { type: 'list' } });
    expect(render(reply(['Même', 'Même']))[0]).toMatchObject({ type: 'text' }); // Meta wants distinct titles: numbered text
  });

  it('more than 10 options, or a label over 24 characters, become numbered text with the hint', () => {
    for (const labels of [Array.from({ length: 11 }, (_, i) => `Option ${i + 1}`), ['court', 'x'.repeat(25)]]) {
      const [m] = render(reply(labels));
      expect(m!.type).toBe('text');
      const body = (m as { text: { body: string } }).text.body;
      expect(body).toContain(`1. ${labels[0]}\n2. ${labels[1]}`);
      expect(body).toContain(`Répondez avec un numéro (1-${labels.length})`);
    }
    const [ar] = render(reply(Array.from({ length: 11 }, (_, i) => `خيار ${i + 1}`), 'ar'));
    expect((ar as { text: { body: string } }).text.body).toContain('أرسل رقما (1-11)');
  });

  it('the list button and the hint exist in every language, the button within 20 characters', () => {
    for (const lng of ['ar', 'fr', 'en', 'es', 'shi', 'ary']) {
      const common = (JSON.parse(readFileSync(`locales/${lng}/bot.json`, 'utf8')) as { common: Record<string, string> }).common;
      expect([...common.choose!].length, lng).toBeLessThanOrEqual(20);
      expect(common.reply_number, lng).toContain('{{max}}');
    }
  });
});

describe('WhatsApp configuration', () => {
  const cloud = { WHATSAPP_TOKEN: FAKE_WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID: '106540352242922', WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN };

  it('has defaults: Meta\'s Graph API, 80 messages a second, whatsapp-web.js off, Debian\'s Chromium, 20 a minute', () => {
    const r = parseConfig({});
    expect(r.ok && r.config).toMatchObject({
      WHATSAPP_API_ROOT: 'https://graph.facebook.com/v24.0',
      WHATSAPP_CLOUD_RATE_PER_SECOND: 80,
      WHATSAPP_WEB: false,
      WHATSAPP_CHROMIUM_PATH: '/usr/bin/chromium',
      WHATSAPP_WEB_RATE_PER_MINUTE: 20,
    });
    expect(parseConfig({ WHATSAPP_WEB: '1' })).toMatchObject({ ok: true, config: { WHATSAPP_WEB: true } });
    expect(parseConfig(cloud).ok).toBe(true);
  });

  it('the Cloud API needs its four values together; a bad one is named', () => {
    const { WHATSAPP_APP_SECRET: _, ...partial } = cloud;
    expect(parseConfig(partial)).toEqual({
      ok: false,
      message: 'Missing WHATSAPP_APP_SECRET: the WhatsApp Cloud API needs WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN together',
    });
    expect(parseConfig({ ...cloud, WHATSAPP_PHONE_NUMBER_ID: '+212 600 000 000' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Invalid WHATSAPP_PHONE_NUMBER_ID /) });
    expect(parseConfig({ WHATSAPP_WEB: 'maybe' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Invalid WHATSAPP_WEB /) });
  });
});
