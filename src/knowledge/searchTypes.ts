import type { Lexicon } from './lexicon.js';

export interface SearchHit {
  articleId: string;
  score: number;
  /** Share of the query's information (idf-weighted terms) that this article covers, 0..1. */
  coverage: number;
  /** The query names something only this article (or very few) has in its title or keywords. */
  anchored: boolean;
}

export type SearchResult =
  | { kind: 'answer'; best: SearchHit; others: SearchHit[]; confidence: number }
  /** `empty`: nothing but small words ("merci", "bonne nuit"); `unsure`: no article is a safe answer. */
  | { kind: 'abstain'; reason: 'empty' | 'unsure'; candidates: SearchHit[]; confidence: number };

export interface SearchOptions {
  /** Minimum confidence to answer; calibrated on the dev set (see docs/search.md). */
  threshold: number;
  /** The vocabulary layer (knowledge/lexicon/): variants rewritten into the articles' words. */
  lexicon?: Lexicon;
}
