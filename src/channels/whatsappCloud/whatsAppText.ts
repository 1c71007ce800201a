import type { Choice } from '../../core/message.js';
import { hostOf, parseMarkup } from '../../core/replyMarkup.js';
import { balanceIsolates, LRI, PDI } from '../../i18n/bidiIsolate.js';
import { ISOLATE_RESERVE, splitMessage } from '../splitMessage.js';

/** WhatsApp text formatting, shared by both WhatsApp adapters. Pure: runs on Node and Workers. */

export const WHATSAPP_TEXT_LIMIT = 4096;

/** A link's URL is written out when it is at most this long; a longer one shows its site only. */
export const SHORT_URL_MAX = 60;

/**
 * The reply's markup as WhatsApp text: `**bold**` becomes `*bold*`; WhatsApp has no link with a
 * label, so a link is its label and its URL when the URL is short, else its label and its site
 * (WhatsApp makes "unhcr.org" tappable): never a 400-character address.
 */
export function toWhatsAppText(text: string): string {
  return parseMarkup(text)
    .map((s) => {
      if (s.kind === 'bold') return `*${s.text}*`;
      if (s.kind === 'url') return s.url;
      if (s.kind === 'text') return s.text;
      const target = s.url.length <= SHORT_URL_MAX ? s.url : hostOf(s.url);
      // An Arabic label would turn its isolate right to left: the address keeps its own.
      return `${s.label} (${RTL_CHAR.test(s.label) ? LRI + target + PDI : target})`;
    })
    .join('');
}

const RTL_CHAR = /[\u0590-\u08FF]/;

/** Splits text into messages of at most `limit` characters, at paragraph, line or word boundaries. */
export function splitWhatsAppText(text: string, limit = WHATSAPP_TEXT_LIMIT): string[] {
  return splitMessage(text.trim(), limit);
}

/** The first boundary (paragraph, then line, then word) in the first half of `window`, or -1. */
function firstBoundary(window: string): number {
  for (const sep of ['\n\n', '\n', ' ']) {
    const i = window.indexOf(sep);
    if (i >= 0 && i <= window.length / 2) return i;
  }
  return -1;
}

/**
 * Splits off the end of `text` that fits in `limit` characters (the body of a message with
 * buttons, which WhatsApp caps lower than plain text). Returns [what goes before, the end], each
 * with its isolates balanced.
 */
export function splitTail(text: string, limit: number): [string, string] {
  const chars = [...text.trim()];
  if (chars.length <= limit) return ['', chars.join('')];
  const room = /[\u2066-\u2069]/.test(text) ? limit - ISOLATE_RESERVE : limit;
  const head = chars.slice(0, chars.length - room).join('');
  const window = chars.slice(chars.length - room).join('');
  const at = firstBoundary(window);
  const cut = head.length + (at >= 0 ? at : 0);
  const whole = chars.join('');
  const [before, end] = balanceIsolates([whole.slice(0, cut).trimEnd(), whole.slice(cut).trimStart()]);
  return [before!, end!];
}

/** A menu as text: the prompt, "1. label" lines, and how to answer. */
export function numberedMenu(text: string, choices: Choice[], hint: string): string {
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`);
  return `${text}\n\n${lines.join('\n')}\n\n${hint}`;
}
