import { DECISION, type DecisionSettings } from './searchSettings.js';
import type { SearchHit, SearchResult } from './searchTypes.js';

/** At most this many articles are offered when the search hesitates (buttons and "none of these"). */
export const MAX_CANDIDATES = 3;

/**
 * The three outcomes, decided here and nowhere else:
 * - `answer`: the best article covers the message well and clearly beats the second;
 * - `clarify`: it is about some article, but which one is not clear: the best two or three are offered;
 * - `abstain`: nothing but small words (`empty`), an off-topic message (`offtopic`), or no article
 *   covers enough of it (`unsure`). A short message mostly covered by articles that share its words
 *   ("asylum": a word many articles use carries little evidence) is offered them instead.
 *
 * Confidence is the square root of the best article's coverage times its margin over the second
 * ((s1 - s2) / s1): the margin says "this one, not another", coverage says "and it is what was
 * asked". A long story lowers coverage but not the evidence, so relevance is tested on evidence, or
 * on coverage for a short message.
 */
/** The message is about this article: enough evidence, or a short message it mostly covers. */
function isRelevant(best: SearchHit, s: DecisionSettings): boolean {
  return best.evidence >= s.relevant || (best.coverage >= s.coveredShare && best.evidence >= s.coveredEvidence);
}

export function decideAnswer(hits: SearchHit[] | null, offTopic: boolean, settings: DecisionSettings = DECISION, words = Infinity): SearchResult {
  if (hits === null) return { kind: 'abstain', reason: 'empty', candidates: [], confidence: 0 };
  const best = hits[0];
  if (offTopic) return { kind: 'abstain', reason: 'offtopic', candidates: [], confidence: 0 };
  if (!best) return { kind: 'abstain', reason: 'unsure', candidates: [], confidence: 0 };
  if (!isRelevant(best, settings)) {
    const offer = words <= settings.shortWords && best.coverage >= settings.coveredShare ? hits.slice(0, MAX_CANDIDATES).filter((h) => h.score >= settings.candidateRatio * best.score) : [];
    if (offer.length >= 2) return { kind: 'clarify', candidates: offer, confidence: 0 };
    return { kind: 'abstain', reason: 'unsure', candidates: hits.slice(0, MAX_CANDIDATES), confidence: 0 };
  }
  const second = hits[1]?.score ?? 0;
  const margin = best.score > 0 ? (best.score - second) / best.score : 0;
  const confidence = Math.min(1, Math.sqrt(best.coverage) * margin + (best.anchored ? settings.anchorBonus : 0));
  if (confidence >= (words <= settings.shortWords ? settings.answerShort : settings.answer)) return { kind: 'answer', best, others: hits.slice(1, 3), confidence };
  const close = hits.slice(1, MAX_CANDIDATES).filter((h) => h.score >= settings.candidateRatio * best.score);
  // Always two at least: one button alone would be an answer in disguise.
  const candidates = [best, ...(close.length ? close : hits.slice(1, 2))];
  if (candidates.length < 2) return { kind: 'answer', best, others: [], confidence };
  return { kind: 'clarify', candidates, confidence };
}
