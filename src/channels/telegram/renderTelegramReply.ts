import type { Choice, Reply } from '../../core/message.js';
import { parseMarkup } from '../../core/replyMarkup.js';
import { stripIsolates } from '../../i18n/bidiIsolate.js';
import { splitMessage } from '../splitMessage.js';

export const TELEGRAM_TEXT_LIMIT = 4096;
/** Raw characters per message before escaping; leaves room for &amp; and <b>. */
const CHUNK = 3800;

export interface TelegramMessage {
  text: string;
  parse_mode: 'HTML';
  reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
  link_preview_options: { is_disabled: true };
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

/**
 * The reply's markup in Telegram's HTML parse mode: `**bold**` becomes <b>, a link shows its label
 * (the publisher's name, not a 100-character URL), everything else is escaped. Isolate characters
 * stay in the text: Telegram keeps them, and they count in its 4,096 characters.
 */
export function toTelegramHtml(text: string): string {
  return parseMarkup(text)
    .map((s) =>
      s.kind === 'bold'
        ? `<b>${escapeHtml(s.text)}</b>`
        : s.kind === 'link'
          ? `<a href="${escapeAttr(s.url)}">${escapeHtml(s.label)}</a>`
          : escapeHtml(s.kind === 'url' ? s.url : s.text),
    )
    .join('');
}

/** Splits long text at paragraph, then line, then word boundaries (see splitMessage). */
export function splitText(text: string, limit = CHUNK): string[] {
  return splitMessage(text, limit);
}

const width = (label: string) => [...stripIsolates(label)].length;

/** Short labels two per row, long ones alone: readable on a small phone (isolates take no room). */
export function inlineKeyboard(choices: Choice[]): { text: string; callback_data: string }[][] {
  const rows: { text: string; callback_data: string }[][] = [];
  for (let i = 0; i < choices.length; i++) {
    const a = choices[i]!;
    const b = choices[i + 1];
    if (b && width(a.label) <= 14 && width(b.label) <= 14) {
      rows.push([{ text: a.label, callback_data: a.id }, { text: b.label, callback_data: b.id }]);
      i++;
    } else rows.push([{ text: a.label, callback_data: a.id }]);
  }
  return rows;
}

/** One reply as Telegram messages: the keyboard goes with the last one. */
export function renderTelegramReply(reply: Reply): TelegramMessage[] {
  const body = reply.kind === 'link' ? `${reply.text}\n${reply.url}` : reply.text;
  const chunks = splitText(body);
  return chunks.map((chunk, i) => {
    const last = i === chunks.length - 1;
    const choices = reply.kind === 'text' ? reply.choices : undefined;
    return {
      text: toTelegramHtml(chunk),
      parse_mode: 'HTML' as const,
      link_preview_options: { is_disabled: true as const },
      ...(last && choices?.length ? { reply_markup: { inline_keyboard: inlineKeyboard(choices) } } : {}),
    };
  });
}
