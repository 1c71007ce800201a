import { describe, expect, it } from 'vitest';
import { renderTelegramReply, splitText, toTelegramHtml } from '../src/channels/telegram/renderTelegramReply.js';
import type { Reply } from '../src/core/message.js';

const reply = (text: string, choices: { id: string; label: string }[] = []): Reply => ({ kind: 'text', text, choices, dir: 'ltr', locale: 'fr' });

describe('rendering replies for Telegram', () => {
  it('escapes HTML and turns **bold** into <b>', () => {
    expect(toTelegramHtml('**Loi 02-03** & <décret> 2-09-607')).toBe('<b>Loi 02-03</b> &amp; &lt;décret&gt; 2-09-607');
  });

  it('keeps Arabic text intact, right to left, with no added direction marks', () => {
    const text = '**تجديد بطاقة الإقامة**\n\nتحصل على وصل إيداع صالح لمدة 3 أشهر.';
    const [m] = renderTelegramReply({ ...reply(text), dir: 'rtl', locale: 'ar' });
    expect(m!.text).toBe('<b>تجديد بطاقة الإقامة</b>\n\nتحصل على وصل إيداع صالح لمدة 3 أشهر.');
    expect(m!.text).not.toMatch(/[\u200e\u200f\u202a-\u202e]/);
  });

  it('splits a long answer under 4,096 characters, at paragraph boundaries, with the keyboard on the last part', () => {
    const paragraph = 'Un paragraphe de réponse. '.repeat(40).trim();
    const long = Array.from({ length: 10 }, (_, i) => `${i + 1}. ${paragraph}`).join('\n\n');
    const parts = renderTelegramReply(reply(long, [{ id: 'cmd.menu', label: 'Menu principal' }]));
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect([...p.text].length).toBeLessThanOrEqual(4096);
    expect(parts.slice(0, -1).every((p) => !p.reply_markup)).toBe(true);
    expect(parts.at(-1)!.reply_markup?.inline_keyboard).toEqual([[{ text: 'Menu principal', callback_data: 'cmd.menu' }]]);
    expect(parts.map((p) => p.text).join('\n\n')).toBe(long);
    expect(parts.every((p) => /^\d+\. /.test(p.text))).toBe(true);
  });

  it('splits even text without any break', () => {
    const parts = splitText('x'.repeat(9000));
    expect(parts.map((p) => p.length)).toEqual([3800, 3800, 1400]);
  });

  it('puts short buttons two per row and long ones alone', () => {
    const [m] = renderTelegramReply(
      reply('?', [
        { id: 'a', label: 'Français' },
        { id: 'b', label: 'English' },
        { id: 'c', label: 'Un conseiller humain' },
        { id: 'd', label: 'Retour' },
      ]),
    );
    expect(m!.reply_markup!.inline_keyboard.map((row) => row.map((b) => b.callback_data))).toEqual([['a', 'b'], ['c'], ['d']]);
  });
});
