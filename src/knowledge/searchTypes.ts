import type { Lexicon } from './lexicon.js';
import type { DecisionSettings } from './searchSettings.js';

export interface SearchHit {
  articleId: string;
  score: number;
  /** Share of the query's information (idf-weighted terms) that this article covers, 0..1. */
  coverage: number;
  /**
   * The same information, not as a share: in units of the rarest word's. A story does not dilute
   * it: "mon patron garde mon passeport" says as much inside ten lines as alone.
   */
  evidence: number;
  /** The query names something only this article (or very few) has in its title or keywords. */
  anchored: boolean;
}

export type SearchResult =
  | { kind: 'answer'; best: SearchHit; others: SearchHit[]; confidence: number }
  /** About an article, but which one is not clear: the best two or three, to choose from. */
  | { kind: 'clarify'; candidates: SearchHit[]; confidence: number }
  /**
   * `empty`: nothing but small words ("merci", "bonne nuit"); `offtopic`: not for the Center
   * (flirting, a loan, football); `unsure`: no article covers enough of it.
   */
  | { kind: 'abstain'; reason: 'empty' | 'unsure' | 'offtopic'; candidates: SearchHit[]; confidence: number };

export interface SearchOptions {
  /** The vocabulary layer (knowledge/lexicon/): variants rewritten into the articles' words. */
  lexicon?: Lexicon;
  /** The decision's settings (searchSettings.ts) when not the calibrated ones: tools and tests. */
  decision?: DecisionSettings;
}
