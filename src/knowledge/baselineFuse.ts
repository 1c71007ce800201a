import Fuse from 'fuse.js';
import type { Article } from '../content/contentTypes.js';

/** Plain Fuse.js with default options over every language version: the baseline we measure against. */
export function createBaselineSearch(articles: readonly Article[]): (query: string) => string[] {
  const docs = articles.flatMap((a) =>
    Object.values(a.texts).map((t) => ({ id: a.id, title: t!.title, keywords: t!.keywords, summary: t!.summary, body: t!.body })),
  );
  const fuse = new Fuse(docs, { keys: ['title', 'keywords', 'summary', 'body'] });
  return (query) => {
    const seen: string[] = [];
    for (const r of fuse.search(query)) if (!seen.includes(r.item.id)) seen.push(r.item.id);
    return seen;
  };
}
