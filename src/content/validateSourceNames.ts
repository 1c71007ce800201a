import type { Content } from './contentTypes.js';
import { publisherKey } from './publishers.js';
import type { ContentProblem } from './validateContent.js';

/** Cards a person holds: "بطاقة الإقامة" is a residence card, not an article. */
const REAL_CARDS = /^(ال)?(إقامة|اقامة|لاجئ|لاجئين|قنصلية|تعريف|وطنية|بنكية|رمادية|إعاقة)/u;

/** Arabic text that calls an article a "card" ("اقرأ بطاقة المساعدة القانونية"): an article is مقال. */
export function articleCalledCard(text: string): string | null {
  for (const m of text.matchAll(/(اقرأ|راجع|انظر|طالع)\s+(ال)?بطاقة\s+(\S+)/gu)) if (!REAL_CARDS.test(m[3]!)) return m[0];
  return null;
}

/**
 * Warnings for the curator: a source whose site has no publisher name in knowledge/publishers.yaml
 * (it is shown by its site, e.g. "example.org"), and Arabic text that calls an article "بطاقة".
 */
export function sourceNameWarnings(content: Content): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const unnamed = new Map<string, string>();
  for (const a of content.articles) {
    for (const t of Object.values(a.texts)) {
      for (const s of t!.sources) {
        if (!publisherKey(s, content.publishers ?? {})) {
          const host = (() => {
            try {
              return new URL(s).hostname.replace(/^www\./, '');
            } catch {
              return s;
            }
          })();
          if (!unnamed.has(host)) unnamed.set(host, `knowledge/${a.id}/${t!.lang}.md`);
        }
      }
      if (t!.lang === 'ar') {
        const card = articleCalledCard(`${t!.summary}\n${t!.body}`);
        if (card) problems.push({ file: `knowledge/${a.id}/ar.md`, message: `"${card}": an article is "مقال", not "بطاقة"`, severity: 'warning' });
      }
    }
  }
  for (const [host, file] of unnamed) problems.push({ file, message: `source site "${host}" has no publisher name in knowledge/publishers.yaml (shown as "${host}")`, severity: 'warning' });
  return problems;
}
