import type { SearchHit, SearchResult } from './searchTypes.js';

/** The bonus of a question that names what only this article (or very few) has in its title or keywords. */
export const ANCHOR_BONUS = 0.15;

/**
 * Whether to answer: only when the best article covers enough of the question, tempered by its
 * margin over the second; otherwise abstain with the candidates. `hits` null: the question had
 * nothing but small words ("merci", "bonne nuit").
 */
export function decideAnswer(hits: SearchHit[] | null, threshold: number): SearchResult {
  if (hits === null) return { kind: 'abstain', reason: 'empty', candidates: [], confidence: 0 };
  const best = hits[0];
  if (!best) return { kind: 'abstain', reason: 'unsure', candidates: [], confidence: 0 };
  const second = hits[1]?.score ?? 0;
  const margin = best.score > 0 ? (best.score - second) / best.score : 0;
  const confidence = Math.min(1, best.coverage * (0.75 + 0.25 * margin) + (best.anchored ? ANCHOR_BONUS : 0));
  if (confidence >= threshold) return { kind: 'answer', best, others: hits.slice(1, 3), confidence };
  return { kind: 'abstain', reason: 'unsure', candidates: hits.slice(0, 3), confidence };
}
