import { TITLE_OR_KEYWORDS } from './postingLists.js';

/** Field weights of the per-field BM25 (indexArticles.ts): a word in the title or keywords says more than one in the body. */
export const FIELD_WEIGHTS = { title: 3, keywords: 3, summary: 1, body: 0.3 };
export type Field = keyof typeof FIELD_WEIGHTS;
export const FIELDS: readonly Field[] = ['title', 'keywords', 'summary', 'body'];
export const K1 = 1.2;
export const B = 0.75;

/**
 * A word that an article has in its title or keywords is about the article; one that only its
 * body mentions in passing ("à temps") says less. Used for coverage, not for ranking.
 */
export function fieldFactor(counts: Uint32Array, at: number): number {
  if (counts[at] || counts[at + 1]) return TITLE_OR_KEYWORDS; // title or keywords: FACTORS[2], 1
  if (counts[at + 2]) return 1; // summary: 0.75
  return 0; // body: 0.45
}
