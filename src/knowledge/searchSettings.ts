/**
 * The search's decision (decideAnswer.ts), calibrated on the shared dev sets and checked on the
 * held-out ones (docs/search.md, "The decision"). Change them only with `npm run kb:eval` on every
 * set beside you.
 */
export interface DecisionSettings {
  /**
   * Evidence (decideAnswer's `evidence`: the information of the message the best article covers,
   * in units of the rarest word's) under which nothing is offered: the message is not about any
   * article. Out-of-scope messages mostly fall under it.
   */
  relevant: number;
  /**
   * A short message is about an article when that article covers at least this share of it
   * ("sbitar", "carte sejour": little evidence, all of it covered)...
   */
  coveredShare: number;
  /** ...and at least this much evidence. */
  coveredEvidence: number;
  /** Confidence (coverage and margin over the second, see decideAnswer) from which the best article is answered. */
  answer: number;
  /** The same for a short message (at most `shortWords` words once read): its coverage says more. */
  answerShort: number;
  shortWords: number;
  /** Added to the confidence when the message names what only this article (or very few) has in its title or keywords. */
  anchorBonus: number;
  /** A candidate offered beside the best has at least this share of its score. */
  candidateRatio: number;
}

export const DECISION: DecisionSettings = {
  relevant: 0.6,
  coveredShare: 0.5,
  coveredEvidence: 0.3,
  answer: 0.3,
  answerShort: 0.25,
  shortWords: 5,
  anchorBonus: 0.1,
  candidateRatio: 0.3,
};
