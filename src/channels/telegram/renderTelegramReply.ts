import type { Choice, Reply } from '../../core/message.js';

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

/** `**bold**` becomes <b>; everything else is escaped for Telegram's HTML parse mode. */
export function toTelegramHtml(text: string): string {
  return text
    .split(/(\*\*[^*\n]+\*\*)/g)
    .map((part) => (/^\*\*[^*\n]+\*\*$/.test(part) ? `<b>${escapeHtml(part.slice(2, -2))}</b>` : escapeHtml(part)))
    .join('');
}

/** Splits long text at paragraph, then line, then word boundaries. */
export function splitText(text: string, limit = CHUNK): string[] {
  const out: string[] = [];
  let rest = text;
  while ([...rest].length > limit) {
    const window = rest.slice(0, limit);
    let cut = window.lastIndexOf('\n\n');
    if (cut < limit / 2) cut = window.lastIndexOf('\n');
    if (cut < limit / 2) cut = window.lastIndexOf(' ');
    if (cut < limit / 2) cut = limit;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** Short labels two per row, long ones alone: readable on a small phone. */
export function inlineKeyboard(choices: Choice[]): { text: string; callback_data: string }[][] {
  const rows: { text: string; callback_data: string }[][] = [];
  for (let i = 0; i < choices.length; i++) {
    const a = choices[i]!;
    const b = choices[i + 1];
    if (b && [...a.label].length <= 14 && [...b.label].length <= 14) {
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
