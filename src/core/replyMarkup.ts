/**
 * The little markup a reply's text may carry, and nothing more: `**bold**`, a link with a label
 * `[UNHCR Maroc](https://…)` and bare URLs. Each channel renders it its own way (web chat and
 * console: <strong> and <a>; Telegram: HTML; WhatsApp: `*bold*` and a short link), so one parser
 * serves them all. Isolate characters (U+2066–U+2069) are never part of a URL.
 */
export type MarkupSegment =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'url'; url: string };

const MARKUP = /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\((https?:\/\/[^\s)\u2066-\u2069]+)\)|(https?:\/\/[^\s<>"\u2066-\u2069]+)/gu;
const URL_TAIL = /[.,;:!?)\]»"'،؛…]+$/u;

export function parseMarkup(text: string): MarkupSegment[] {
  const out: MarkupSegment[] = [];
  let last = 0;
  const plain = (s: string) => {
    if (!s) return;
    const prev = out.at(-1);
    if (prev?.kind === 'text') prev.text += s;
    else out.push({ kind: 'text', text: s });
  };
  for (const m of text.matchAll(MARKUP)) {
    plain(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) out.push({ kind: 'bold', text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: 'link', label: m[2], url: m[3]! });
    else {
      const tail = URL_TAIL.exec(m[4]!)?.[0] ?? '';
      out.push({ kind: 'url', url: tail ? m[4]!.slice(0, -tail.length) : m[4]! });
      plain(tail);
    }
  }
  plain(text.slice(last));
  return out;
}

/** The text as it reads with the markup taken away (a link keeps its label). */
export function plainText(text: string): string {
  return parseMarkup(text)
    .map((s) => (s.kind === 'link' ? s.label : s.kind === 'url' ? s.url : s.text))
    .join('');
}

/** The host of a URL without "www.", or the URL itself if it is not one. */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
