/** @jsxImportSource hono/jsx */
import { directionOf, isolateFor } from '../i18n/bidiIsolate.js';

/** Unicode's bidi formatting characters, by what they are called. */
const CONTROLS: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\u200E': 'LEFT-TO-RIGHT MARK',
  '\u200F': 'RIGHT-TO-LEFT MARK',
  '\u061C': 'ARABIC LETTER MARK',
};
const MARKS = new Set(['\u200E', '\u200F', '\u061C']);
const ANY = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;
const harmlessNeighbour = (ch: string | undefined) => ch === undefined || /[\p{L}\s]/u.test(ch);

export type TextPart = string | { control: string; name: string };

/**
 * A person's text cut where it carries bidi formatting characters, each of them as a part of its
 * own, to be shown rather than obeyed. Embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) always: "photo_<RLO>gnp.exe" would read "photo_exe.png". The invisible marks
 * (LRM, RLM, ALM) only where they can reorder what is shown: beside a digit, punctuation or another
 * mark ("0612<RLM>345678" reads "345678 0612"); between a letter and a space, where keyboards put
 * them, they change nothing visible and stay. Only what people send goes through this: the bot's own
 * text (isolates around numbers in Arabic) is shown as written.
 */
export function bidiParts(text: string): TextPart[] {
  if (!ANY.test(text)) return [text];
  const chars = [...text];
  const parts: TextPart[] = [];
  let run = '';
  chars.forEach((ch, i) => {
    const name = CONTROLS[ch];
    const shown = name !== undefined && (!MARKS.has(ch) || !harmlessNeighbour(chars[i - 1]) || !harmlessNeighbour(chars[i + 1]));
    if (!shown) return void (run += ch);
    if (run) parts.push(run);
    run = '';
    parts.push({ control: `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, name: name! });
  });
  if (run) parts.push(run);
  return parts;
}

/**
 * What a person wrote, with its bidi controls made visible (a small "U+202E" label) instead of
 * obeyed; then, like every message in the console, its left-to-right runs isolated when it reads
 * right to left (`isolateFor`: those isolates are the console's own, added after, never the person's).
 */
export function PersonText(props: { text: string; dir?: 'rtl' | 'ltr' }) {
  return (
    <>
      {bidiParts(props.text).map((p) =>
        typeof p === 'string' ? (
          isolateFor(p, props.dir ?? directionOf(p))
        ) : (
          <span class="bidi-control" title={p.name}>
            {p.control}
          </span>
        ),
      )}
    </>
  );
}

/** The same as plain text (CSV, chart labels): each control written as ⟦U+202E⟧. */
export function neutralizedText(text: string): string {
  return bidiParts(text)
    .map((p) => (typeof p === 'string' ? p : `⟦${p.control}⟧`))
    .join('');
}
