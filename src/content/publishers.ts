/** Pure and free of zod: renderArticle runs it on Workers (knowledge/publishers.yaml is validated in parseContent). */

/** Site (or site and path) -> the publisher's name, one for all or one per article language. */
export type Publishers = Record<string, string | Partial<Record<string, string>>>;

/** The languages to try for a name, in order: Darija and Tachelhit read the Arabic, then the French. */
const NAME_FALLBACKS: Record<string, string[]> = { ary: ['ar', 'fr'], shi: ['fr', 'ar'], es: ['es', 'fr', 'en'], en: ['en', 'fr'], ar: ['ar', 'fr'], fr: ['fr', 'en'] };

/** "https://www.help.unhcr.org/morocco/en/x" -> ["help.unhcr.org/morocco/en/x", "help.unhcr.org/morocco/en", …, "help.unhcr.org", "unhcr.org"]. */
function candidates(url: URL): string[] {
  const host = url.hostname.replace(/^www\./, '');
  const segments = url.pathname.split('/').filter(Boolean);
  const withPath = segments.map((_, i) => `${host}/${segments.slice(0, segments.length - i).join('/')}`);
  const labels = host.split('.');
  const parents = labels.slice(1, -1).map((_, i) => labels.slice(i + 1).join('.'));
  return [...withPath, host, ...parents];
}

/** The key of `publishers` that names this source, or null (then its site names it). */
export function publisherKey(source: string, publishers: Publishers): string | null {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return null;
  }
  return candidates(url).find((k) => k in publishers) ?? null;
}

/** How a source is shown to a person of this language: its publisher's name, else its site ("service-public.ma"). */
export function publisherName(source: string, publishers: Publishers, lang: string): string {
  const key = publisherKey(source, publishers);
  const entry = key ? publishers[key] : undefined;
  if (typeof entry === 'string') return entry;
  if (entry) {
    for (const l of NAME_FALLBACKS[lang] ?? ['fr', 'en']) if (entry[l]) return entry[l]!;
    const any = Object.values(entry).find(Boolean);
    if (any) return any;
  }
  try {
    return new URL(source).hostname.replace(/^www\./, '');
  } catch {
    return source;
  }
}

/** A source as reply markup: "[UNHCR Maroc](https://help.unhcr.org/…)", which each channel renders short. */
export function sourceLink(source: string, publishers: Publishers, lang: string): string {
  const name = publisherName(source, publishers, lang).replace(/[[\]]/g, '');
  return /^https?:\/\//.test(source) ? `[${name}](${source})` : name;
}
