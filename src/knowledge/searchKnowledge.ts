import type { Article } from '../content/contentTypes.js';
import { FuzzyVocabulary } from './fuzzyVocabulary.js';
import { tokenize } from './normalize.js';
import type { DangerSign } from './lexicon.js';
import { FIELD_WEIGHTS } from './bm25f.js';
import { newScratch, type Scratch } from './searchScratch.js';
import { decideAnswer } from './decideAnswer.js';
import { bestHits } from './bestHits.js';
import { queryWords } from './queryWords.js';
import { type IndexedDoc, indexArticles } from './indexArticles.js';
import type { SearchHit, SearchOptions, SearchResult } from './searchTypes.js';

export type { SearchHit, SearchOptions, SearchResult };
export { queryTerms, queryTermSequence, queryWords } from './queryWords.js';
export { FIELD_WEIGHTS };
import { FACTORS, type PairCodes, type PostingLists, TITLE_OR_KEYWORDS } from './postingLists.js';

/** A rare word (in the title or keywords of at most this many articles) anchors the question. */
const ANCHOR_MAX_DOCS = 3;

/** A word no article knows still carries information (it may be the point of the question). */
const UNKNOWN_TERM_INFORMATION = 0.6;

/** How much a pair of query words found side by side in an article adds ("carte de séjour"). */
const BIGRAM_WEIGHT = 0.6;

/**
 * The knowledge index: one document per article holding every language (a French word in a
 * Darija sentence still finds the article), BM25 per field over title, keywords, summary and body,
 * typo-tolerant term lookup, and an abstention rule based on how much of the query is covered.
 * Built once at start; a query touches only the postings of its own terms.
 */
export class KnowledgeIndex {
  /** What indexArticles.ts read from the articles (its IndexedArticles). */
  private readonly docs: IndexedDoc[];
  private readonly termIds: Map<string, number>;
  private readonly postings: PostingLists;
  private readonly pairCodes: PairCodes;
  private readonly bigrams: PostingLists;
  private readonly vocabulary: FuzzyVocabulary;
  private readonly maxIdf: number;
  private scratch: Scratch | null = null;

  constructor(
    articles: readonly Article[],
    private readonly options: SearchOptions = {},
  ) {
    ({ docs: this.docs, termIds: this.termIds, postings: this.postings, pairCodes: this.pairCodes, bigrams: this.bigrams } = indexArticles(articles));
    this.vocabulary = new FuzzyVocabulary(this.termIds.keys());
    this.maxIdf = this.idf(1);
  }

  /**
   * Whether an article uses this term (stemmed): a lexicon variant the articles know is kept as
   * typed. A method, not an arrow in a field: an index restored from its snapshot
   * (indexSnapshot.ts) gets its methods from the prototype, its fields from the snapshot.
   */
  private isKnown(term: string): boolean {
    return this.vocabulary.has(term);
  }

  get size(): number {
    return this.docs.length;
  }

  private idf(docFreq: number): number {
    const n = this.docs.length;
    return Math.log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
  }

  private scratchSpace(): Scratch {
    return (this.scratch ??= newScratch(this.docs.length));
  }

  /** Ranks every article that shares a term with the query. */
  rank(text: string, limit = 5): SearchHit[] {
    return this.rankWords(queryWords(this.tokensOf(text).tokens, this.options.lexicon, (t) => this.isKnown(t)), limit);
  }

  /**
   * A query touches only the postings of its terms; scores live in arrays reused by every query,
   * and only the `limit` best articles are kept (the same ones, in the same order, as sorting all).
   */
  private rankWords(words: { raw: string; term: string }[], limit: number): SearchHit[] {
    const sequence = words.map((w) => w.term);
    const rawOf = new Map(words.map((w) => [w.term, w.raw]));
    const terms = [...new Set(sequence)];
    if (terms.length === 0) return [];
    const bestMatch = new Map<string, string>();
    const sc = this.scratchSpace();
    const p = this.postings;
    const pp = this.bigrams;
    let touchedCount = 0;
    try {
      let totalInformation = 0;
      for (const q of terms) {
        const matches = this.vocabulary.lookup(q, rawOf.get(q));
        const top = matches.reduce<{ term: string; weight: number } | null>((m, x) => (!m || x.weight > m.weight ? x : m), null);
        if (top) bestMatch.set(q, top.term);
        // The information a query term carries: its idf if known, else as rare as it gets.
        const best = matches.reduce((m, x) => Math.max(m, x.weight * this.idf(this.postings.count(this.termIds.get(x.term)!))), 0);
        const information = matches.length ? Math.max(best, 0.35 * this.maxIdf) : UNKNOWN_TERM_INFORMATION * this.maxIdf;
        totalInformation += information;
        let termCount = 0;
        for (const { term, weight } of matches) {
          const id = this.termIds.get(term)!;
          const from = p.from(id);
          const to = p.to(id);
          const n = to - from;
          const idf = this.idf(n);
          for (let i = from; i < to; i++) {
            const doc = p.docs[i]!;
            const s = weight * idf * p.weighted[i]!;
            if (s > (sc.inPerDoc[doc] ? sc.perDoc[doc]! : 0)) {
              if (!sc.inPerDoc[doc]) {
                sc.inPerDoc[doc] = 1;
                sc.termDocs[termCount++] = doc;
              }
              sc.perDoc[doc] = s;
              // A guessed spelling is weaker evidence that the article is what was asked.
              sc.perDocInfo[doc] = Math.min(information, weight * weight * idf) * FACTORS[p.factors[i]!]!;
              if (weight === 1 && p.factors[i] === TITLE_OR_KEYWORDS && n <= ANCHOR_MAX_DOCS && [...term].length >= 4) sc.anchored[doc] = 1;
            }
          }
        }
        for (let j = 0; j < termCount; j++) {
          const doc = sc.termDocs[j]!;
          sc.inPerDoc[doc] = 0;
          if (!sc.inScores[doc]) {
            sc.inScores[doc] = 1;
            sc.touched[touchedCount++] = doc;
            sc.scores[doc] = 0;
            sc.covered[doc] = 0;
          }
          sc.scores[doc] = sc.scores[doc]! + sc.perDoc[doc]!;
          sc.covered[doc] = sc.covered[doc]! + sc.perDocInfo[doc]!;
        }
      }
      // Phrases: neighbouring query words that also stand side by side in the article.
      const seenPairs = new Set<number>();
      for (let i = 1; i < sequence.length; i++) {
        const a = bestMatch.get(sequence[i - 1]!);
        const b = bestMatch.get(sequence[i]!);
        if (!a || !b) continue;
        const pair = this.pairCodes.find(this.termIds.get(a)!, this.termIds.get(b)!);
        if (pair < 0 || seenPairs.has(pair)) continue;
        seenPairs.add(pair);
        const idf = this.idf(pp.count(pair));
        for (let k = pp.from(pair); k < pp.to(pair); k++) {
          const doc = pp.docs[k]!;
          if (!sc.inScores[doc]) {
            sc.inScores[doc] = 1;
            sc.touched[touchedCount++] = doc;
            sc.scores[doc] = 0;
            sc.covered[doc] = NaN; // no term of the query: no coverage (as before)
          }
          sc.scores[doc] = sc.scores[doc]! + BIGRAM_WEIGHT * idf * pp.weighted[k]!;
        }
      }
      const hitOf = (doc: number): SearchHit => ({
        articleId: this.docs[doc]!.articleId,
        score: sc.scores[doc]!,
        coverage: Math.min(1, sc.covered[doc]! / totalInformation),
        evidence: (sc.covered[doc]! || 0) / this.maxIdf,
        anchored: sc.anchored[doc] === 1,
      });
      return bestHits(sc.touched, touchedCount, limit, (doc) => sc.scores[doc]!, hitOf);
    } finally {
      for (let j = 0; j < touchedCount; j++) {
        const doc = sc.touched[j]!;
        sc.inScores[doc] = 0;
        sc.anchored[doc] = 0;
      }
    }
  }

  /**
   * The last message read, its tokens and its signs of danger: a turn reads one message for the
   * safety net, then searches it (and may ask both twice): normalizing a long story is the costly
   * part, so it is done once.
   */
  private lastRead: { text: string; tokens: string[]; signs?: DangerSign[] } | null = null;

  private tokensOf(text: string): { text: string; tokens: string[]; signs?: DangerSign[] } {
    if (this.lastRead?.text !== text) this.lastRead = { text, tokens: tokenize(text) };
    return this.lastRead;
  }

  /** Ranks the question's articles, then decides: answer, clarify or abstain (decideAnswer.ts). */
  search(text: string): SearchResult {
    const { tokens } = this.tokensOf(text);
    const words = queryWords(tokens, this.options.lexicon, (t) => this.isKnown(t));
    const offTopic = (this.options.lexicon?.offTopicPhrases(tokens).length ?? 0) > 0;
    return decideAnswer(words.length === 0 ? null : this.rankWords(words, 5), offTopic, this.options.decision, words.length);
  }

  /** The words a message is searched with: after the lexicon and the stopwords, stemmed. */
  readWords(text: string): { raw: string; term: string }[] {
    return queryWords(this.tokensOf(text).tokens, this.options.lexicon, (t) => this.isKnown(t));
  }

  /** What the safety net reads in a message, before any search (lexicon.ts). */
  dangerSigns(text: string): DangerSign[] {
    const read = this.tokensOf(text);
    return (read.signs ??= this.options.lexicon?.dangerSigns(read.tokens) ?? []);
  }
}
