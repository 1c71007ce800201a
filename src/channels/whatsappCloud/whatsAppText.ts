import type { Choice } from '../../core/message.js';

/** WhatsApp text formatting, shared by both WhatsApp adapters. Pure: runs on Node and Workers. */

export const WHATSAPP_TEXT_LIMIT = 4096;

const length = (s: string) => [...s].length;

/** Article markup `**bold**` becomes WhatsApp's `*bold*`. */
export function toWhatsAppText(text: string): string {
  return text.replace(/\*\*([^*\n]+)\*\*/g, '*$1*');
}

/** The first boundary (paragraph, then line, then word) in the first half of `window`, or -1. */
function firstBoundary(window: string): number {
  for (const sep of ['\n\n', '\n', ' ']) {
    const i = window.indexOf(sep);
    if (i >= 0 && i <= window.length / 2) return i;
  }
  return -1;
}

/** The last boundary (paragraph, then line, then word) in the second half of `window`, or -1. */
function lastBoundary(window: string): number {
  for (const sep of ['\n\n', '\n', ' ']) {
    const i = window.lastIndexOf(sep);
    if (i >= window.length / 2) return i;
  }
  return -1;
}

/** Splits text into messages of at most `limit` characters, at paragraph, line or word boundaries. */
export function splitWhatsAppText(text: string, limit = WHATSAPP_TEXT_LIMIT): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (length(rest) > limit) {
    // Cut on a code point boundary: never half of an emoji.
    const window = [...rest].slice(0, limit).join('');
    const at = lastBoundary(window);
    const cut = at > 0 ? at : window.length;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * Splits off the end of `text` that fits in `limit` characters (the body of a message with
 * buttons, which WhatsApp caps lower than plain text). Returns [what goes before, the end].
 */
export function splitTail(text: string, limit: number): [string, string] {
  const chars = [...text.trim()];
  if (chars.length <= limit) return ['', chars.join('')];
  const head = chars.slice(0, chars.length - limit).join('');
  const window = chars.slice(chars.length - limit).join('');
  const at = firstBoundary(window);
  const cut = head.length + (at >= 0 ? at : 0);
  const whole = chars.join('');
  return [whole.slice(0, cut).trimEnd(), whole.slice(cut).trimStart()];
}

/** A menu as text: the prompt, "1. label" lines, and how to answer. */
export function numberedMenu(text: string, choices: Choice[], hint: string): string {
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`);
  return `${text}\n\n${lines.join('\n')}\n\n${hint}`;
}
