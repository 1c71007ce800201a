import { balanceIsolates } from '../i18n/bidiIsolate.js';

/**
 * Cutting a long reply into messages a channel accepts (Telegram and WhatsApp: 4,096 characters).
 * Shared by every channel that splits, so they cut alike: at a paragraph, else a line, else a word
 * in the second half of the window, else anywhere on a code point (never half an emoji); never
 * inside a link's markup, a bold span or an isolated run (a phone number, a date) when there is
 * another place; and an isolate open at a cut is closed there and reopened in the next message,
 * so each message reads right on its own. Lengths are in code points, isolates included.
 */

/** Room kept in each message for the isolates closed and reopened at a cut. */
export const ISOLATE_RESERVE = 4;

const UNITS = /\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^\s)]+\)|https?:\/\/\S+|[\u2066-\u2068][^\u2066-\u2069]*\u2069/gu;

/** The spans [start, end) of `text` (UTF-16 offsets) that a cut should not fall inside. */
function units(text: string): [number, number][] {
  return [...text.matchAll(UNITS)].map((m) => [m.index, m.index + m[0].length]);
}

const inside = (spans: [number, number][], at: number) => spans.some(([s, e]) => at > s && at < e);

/** The last separator in the second half of `window` (offsets into the whole text from `base`) that is not inside a unit, or -1. */
function lastBoundary(window: string, base: number, spans: [number, number][]): number {
  for (const sep of ['\n\n', '\n', ' ']) {
    for (let i = window.lastIndexOf(sep); i >= window.length / 2; i = window.lastIndexOf(sep, i - 1)) {
      if (!inside(spans, base + i)) return i;
      if (i === 0) break;
    }
  }
  return -1;
}

export function splitMessage(text: string, limit: number): string[] {
  const room = /[\u2066-\u2069]/.test(text) ? limit - ISOLATE_RESERVE : limit;
  // Most replies fit in one message: nothing to look for (UTF-16 length >= code points).
  if (text.length <= room) return balanceIsolates(text.trim() ? [text.trim() === text ? text : text.trimEnd()] : []);
  const spans = units(text);
  const out: string[] = [];
  let start = 0;
  let rest = text;
  while ([...rest].length > room) {
    const window = [...rest].slice(0, room).join('');
    let cut = lastBoundary(window, start, spans);
    if (cut <= 0) {
      // No separator: cut at the window's end, or before the unit it would split if that leaves something.
      cut = window.length;
      const unit = spans.find(([s, e]) => start + cut > s && start + cut < e);
      if (unit && unit[0] > start) cut = unit[0] - start;
    }
    const head = rest.slice(0, cut).trimEnd();
    const tail = rest.slice(cut);
    const next = tail.trimStart();
    if (head) out.push(head);
    start += cut + (tail.length - next.length);
    rest = next;
  }
  if (rest.trim()) out.push(rest.trim() === rest ? rest : rest.trimEnd());
  return balanceIsolates(out);
}
