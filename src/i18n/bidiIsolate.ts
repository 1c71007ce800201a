/**
 * Left-to-right islands in right-to-left text, as Unicode isolates (UAX #9, "Explicit Directional
 * Isolates"). In an Arabic paragraph the bidi algorithm orders neutral characters (spaces, "+",
 * "-", "/", ":") by the Arabic around them, so "+212 5 37 54 54 00" displays as
 * "00 54 54 37 5 212+", "2026-11-22" as "22-11-2026", and a link's last "/" jumps to the front.
 * Wrapped as LRI … PDI, each such run is laid out on its own, left to right, and placed as one
 * unit in the Arabic sentence; the isolates are invisible and, unlike LRM/RLM marks, cannot leak
 * their direction into the text around them.
 *
 * Pure string functions (no DOM, no Intl): the same code runs on Node, Workers and in tests.
 */

export const LRI = '\u2066';
export const RLI = '\u2067';
export const FSI = '\u2068';
export const PDI = '\u2069';

const ISOLATE_CHARS = /[\u2066-\u2069]/g;
const HAS_ISOLATE = /[\u2066-\u2069]/;
const DIGIT = String.raw`[0-9\u0660-\u0669\u06F0-\u06F9]`;
const LATIN = String.raw`\p{Script=Latin}`;
/** What a run is made of: Latin letters (with their combining marks) and digits. */
const UNIT = String.raw`(?:(?:${LATIN}|${DIGIT})\p{M}*)`;
/** What may join two parts of one run, when a letter or digit follows: one space, or punctuation inside a number, a name, a domain, an address. */
const JOIN = String.raw`(?:[ \u00A0\u202F]|[.,:/\-_'’&+@])`;

/**
 * One pattern, tried left to right; the first alternative that matches at a position wins.
 * 1 an isolate already there (kept as it is: the helper is idempotent)
 * 2 a Markdown link [label](url) (the url must stay intact for the renderers)
 * 3 a URL (up to whitespace; closing punctuation is trimmed below)
 * 4 a run of Latin words, numbers, dates, times, phone numbers, amounts, e-mail addresses and
 *   domains, with an optional leading "+" or currency sign and trailing "%" or currency sign
 */
const TOKEN = new RegExp(
  [
    String.raw`(?<isolated>[\u2066-\u2068][^\u2066-\u2069]*\u2069)`,
    String.raw`(?<link>\[[^\]\n]+\]\(https?:\/\/[^\s)\u2066-\u2069]+\))`,
    String.raw`(?<url>https?:\/\/[^\s<>"\u2066-\u2069]+)`,
    String.raw`(?<run>(?:[+$€£]\s?)?${UNIT}+(?:${JOIN}${UNIT}+)*(?:\s?[%€$])?)`,
  ].join('|'),
  'gu',
);

/** Closing punctuation that ends a sentence, not a URL. */
const URL_TAIL = /[.,;:!?)\]»"'،؛…]+$/u;
const HAS_LATIN = new RegExp(LATIN, 'u');
const LONE_NUMBER = new RegExp(String.raw`^${DIGIT}+$`, 'u');

/**
 * Wraps every left-to-right run of a right-to-left text in isolates: URLs, e-mail addresses,
 * phone numbers, dates, times, amounts and Latin-script words. A number alone ("19", "2020")
 * is left as it is: the bidi algorithm already shows it right, and buttons keep their length.
 * Markdown links are isolated whole with FSI (the label decides their direction).
 */
export function isolateLtrRuns(text: string): string {
  return text.replace(TOKEN, (match: string, ...rest: unknown[]) => {
    const groups = rest.at(-1) as Record<string, string | undefined>;
    if (groups.isolated) return match;
    if (groups.link) return FSI + match + PDI;
    if (groups.url) {
      const tail = URL_TAIL.exec(match)?.[0] ?? '';
      const url = tail ? match.slice(0, -tail.length) : match;
      return url ? LRI + url + PDI + tail : match;
    }
    return HAS_LATIN.test(match) || !LONE_NUMBER.test(match) ? LRI + match + PDI : match;
  });
}

/** The text as a person of this direction should get it: right-to-left text gets its islands; left-to-right is returned as is. */
export function isolateFor(text: string, dir: 'rtl' | 'ltr'): string {
  return dir === 'rtl' ? isolateLtrRuns(text) : text;
}

const STRONG = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]|\p{Script=Latin}/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

/**
 * The direction of a text someone typed: right to left when its first letter is Arabic (or
 * another right-to-left script), as dir="auto" and Telegram decide. "Bonjour, رقمي" is left to
 * right; "رقمي 0612345678, merci" right to left.
 */
export function directionOf(text: string): 'rtl' | 'ltr' {
  const first = STRONG.exec(text)?.[0];
  return first && RTL_SCRIPT.test(first) ? 'rtl' : 'ltr';
}

/** The text without any isolate (for lengths that must not count them, and for search). */
export function stripIsolates(text: string): string {
  return text.replace(ISOLATE_CHARS, '');
}

/**
 * After a long text was cut into several messages: an isolate open at the end of one message is
 * closed there and opened again at the start of the next, so that each message stands alone
 * (an isolate left open would run to the end of the message; a stray PDI does nothing, but is
 * dropped all the same). Adds at most two characters per isolate open across a cut.
 */
export function balanceIsolates(chunks: string[]): string[] {
  let open: string[] = [];
  return chunks.map((chunk) => {
    // Nothing open, nothing in it: as it is (most messages; no copy character by character).
    if (!open.length && !HAS_ISOLATE.test(chunk)) return chunk;
    const stack = [...open];
    let out = open.join('');
    for (const ch of chunk) {
      if (ch === LRI || ch === RLI || ch === FSI) stack.push(ch);
      else if (ch === PDI) {
        if (!stack.length) continue;
        stack.pop();
      }
      out += ch;
    }
    open = stack;
    return out + PDI.repeat(stack.length);
  });
}

/** How many characters the isolates of `text` take. */
export function isolateCount(text: string): number {
  return text.match(ISOLATE_CHARS)?.length ?? 0;
}

/** A button label within `max` characters: its isolates are dropped if they alone make it too long. */
export function labelWithin(label: string, max: number): string {
  return [...label].length > max ? stripIsolates(label) : label;
}
