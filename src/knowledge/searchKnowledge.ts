import type { Article } from '../content/contentTypes.js';
import { FuzzyVocabulary } from './fuzzyVocabulary.js';
import { forgetTokenMemo, tokenize } from './normalize.js';
import { FACTORS, PairCodes, type PostingLists, TITLE_OR_KEYWORDS } from './postingLists.js';
import { type FieldOrder, forEachField, PostingsBuilder } from './postingsBuilder.js';
import { stem } from './stem.js';
import { STOPWORDS } from './stopwords.js';

/** Field weights of BM25F: a word in the title or keywords says more than one in the body. */
export const FIELD_WEIGHTS = { title: 3, keywords: 3, summary: 1, body: 0.3 };
type Field = keyof typeof FIELD_WEIGHTS;
const FIELDS: readonly Field[] = ['title', 'keywords', 'summary', 'body'];
/** A word's count in each field of one article, in the order the fields were first met. */
type TermFrequency = Partial<Record<Field, number>>;
const K1 = 1.2;
const B = 0.75;

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
}

interface Doc {
  articleId: string;
  lengths: Record<Field, number>;
}

/** Per-query working arrays, one slot per article, reused by every query (search is synchronous). */
interface Scratch {
  scores: Float64Array;
  covered: Float64Array;
  perDoc: Float64Array;
  perDocInfo: Float64Array;
  /** Article indexes in the order they first got a score (the order the ranking used to see them). */
  touched: Int32Array;
  inScores: Uint8Array;
  inPerDoc: Uint8Array;
  anchored: Uint8Array;
  termDocs: Int32Array;
}

/** Query words in order, as typed (normalized) and stemmed; stopwords dropped ("bonne nuit" has none). */
export function queryWords(text: string): { raw: string; term: string }[] {
  const tokens = tokenize(text);
  const content = tokens.filter((t) => !STOPWORDS.has(t));
  return content.map((raw) => ({ raw, term: stem(raw) })).filter((w) => w.term.length > 1);
}

export function queryTermSequence(text: string): string[] {
  return queryWords(text).map((w) => w.term);
}

export function queryTerms(text: string): string[] {
  return [...new Set(queryTermSequence(text))];
}

/** A rare word (in the title or keywords of at most this many articles) anchors the question. */
const ANCHOR_MAX_DOCS = 3;
const ANCHOR_BONUS = 0.15;

/** A word no article knows still carries information (it may be the point of the question). */
const UNKNOWN_TERM_INFORMATION = 0.6;

/**
 * A word that an article has in its title or keywords is about the article; one that only its
 * body mentions in passing ("à temps") says less. Used for coverage, not for ranking.
 */
function fieldFactor(counts: Uint32Array, at: number): number {
  if (counts[at] || counts[at + 1]) return TITLE_OR_KEYWORDS; // title or keywords: FACTORS[2], 1
  if (counts[at + 2]) return 1; // summary: 0.75
  return 0; // body: 0.45
}

/** The fields a word was counted in, in the order they were met (the order its weight adds them). */
function fieldOrder(tf: TermFrequency): FieldOrder {
  let order = 0;
  Object.keys(tf).forEach((f, k) => (order |= (FIELDS.indexOf(f as Field) + 1) << (3 * k)));
  return order;
}

/** How much a pair of query words found side by side in an article adds ("carte de séjour"). */
const BIGRAM_WEIGHT = 0.6;

/** Stems of document words, remembered while an index is built (the same words recur). */
const stemMemo = new Map<string, string>();

function memoStem(t: string): string {
  let s = stemMemo.get(t);
  if (s === undefined) {
    s = stem(t);
    if (stemMemo.size >= 30_000) stemMemo.clear();
    stemMemo.set(t, s);
  }
  return s;
}

function documentTerms(text: string): string[] {
  return tokenize(text)
    .filter((t) => !STOPWORDS.has(t))
    .map(memoStem)
    .filter((t) => t.length > 1);
}

/**
 * The knowledge index: one document per article holding every language (a French word in a
 * Darija sentence still finds the article), BM25F over title, keywords, summary and body,
 * typo-tolerant term lookup, and an abstention rule based on how much of the query is covered.
 * Built once at start; a query touches only the postings of its own terms.
 */
export class KnowledgeIndex {
  private readonly docs: Doc[] = [];
  /** term -> its id: the list of the articles holding it (its document frequency is their number). */
  private readonly termIds = new Map<string, number>();
  private readonly postings: PostingLists;
  /** Pairs of neighbouring terms ("carte séjour") -> the articles holding them, for phrases. */
  private readonly pairCodes: PairCodes;
  private readonly bigrams: PostingLists;
  private readonly avgLength: Record<Field, number> = { title: 0, keywords: 0, summary: 0, body: 0 };
  private readonly vocabulary: FuzzyVocabulary;
  private readonly maxIdf: number;
  private scratch: Scratch | null = null;

  constructor(
    articles: readonly Article[],
    private readonly options: SearchOptions = { threshold: 0.5 },
  ) {
    // Each article's terms and pairs are counted apart, then added to the builders.
    const terms = new PostingsBuilder();
    const pairs = new PostingsBuilder();
    /** Pair code -> its list id while building (in the order first met). */
    const pairIds = new Map<number, number>();
    const idOf = (term: string) => {
      let id = this.termIds.get(term);
      if (id === undefined) this.termIds.set(term, (id = this.termIds.size));
      return id;
    };
    const docTerms = new Map<number, TermFrequency>();
    const docPairs = new Map<number, TermFrequency>();
    for (const article of articles) {
      const docIndex = this.docs.length;
      const lengths: Record<Field, number> = { title: 0, keywords: 0, summary: 0, body: 0 };
      for (const text of Object.values(article.texts)) {
        if (!text) continue;
        const fields: Record<Field, string> = {
          title: text.title,
          keywords: text.keywords.join(' , '),
          summary: text.summary,
          body: text.body,
        };
        for (const field of FIELDS) {
          const words = documentTerms(fields[field]);
          lengths[field] += words.length;
          const add = (counts: Map<number, TermFrequency>, key: number) => {
            let tf = counts.get(key);
            if (!tf) counts.set(key, (tf = {}));
            tf[field] = (tf[field] ?? 0) + 1;
          };
          let previous = -1;
          for (const term of words) {
            const id = idOf(term);
            add(docTerms, id);
            if (previous >= 0) {
              const code = PairCodes.code(previous, id);
              let pair = pairIds.get(code);
              if (pair === undefined) pairIds.set(code, (pair = pairIds.size));
              add(docPairs, pair);
            }
            previous = id;
          }
        }
      }
      for (const [builder, counts] of [[terms, docTerms], [pairs, docPairs]] as const) {
        for (const [list, tf] of counts) builder.add(list, docIndex, fieldOrder(tf), FIELDS.map((f) => tf[f] ?? 0));
        counts.clear();
      }
      this.docs.push({ articleId: article.id, lengths });
      for (const f of FIELDS) this.avgLength[f] += lengths[f];
    }
    for (const f of FIELDS) this.avgLength[f] = this.avgLength[f] / Math.max(1, this.docs.length) || 1;
    const weigh = this.fieldWeighted.bind(this);
    this.postings = terms.build(this.termIds.size, weigh, fieldFactor);
    // Pair lists are laid out in the order of their codes, which are searched by bisection.
    const codes = Float64Array.from(pairIds.keys()).sort();
    const position = new Int32Array(pairIds.size);
    codes.forEach((code, at) => (position[pairIds.get(code)!] = at));
    this.pairCodes = new PairCodes(codes);
    this.bigrams = pairs.build(pairIds.size, weigh, fieldFactor, position);
    this.vocabulary = new FuzzyVocabulary(this.termIds.keys());
    this.maxIdf = this.idf(1);
    // The build's memories are of no use to queries.
    stemMemo.clear();
    forgetTokenMemo();
  }

  get size(): number {
    return this.docs.length;
  }

  /** A posting's BM25F term weight, from its counts per field (added in the order the fields were met). */
  private fieldWeighted(doc: number, order: FieldOrder, counts: Uint32Array, at: number): number {
    const d = this.docs[doc]!;
    let weighted = 0;
    forEachField(order, (i) => {
      const f = FIELDS[i]!;
      weighted += (FIELD_WEIGHTS[f] * counts[at + i]!) / (1 - B + (B * d.lengths[f]) / this.avgLength[f]);
    });
    return (weighted * (K1 + 1)) / (weighted + K1);
  }

  private idf(docFreq: number): number {
    const n = this.docs.length;
    return Math.log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
  }

  private scratchSpace(): Scratch {
    const n = this.docs.length;
    return (this.scratch ??= {
      scores: new Float64Array(n),
      covered: new Float64Array(n),
      perDoc: new Float64Array(n),
      perDocInfo: new Float64Array(n),
      touched: new Int32Array(n),
      inScores: new Uint8Array(n),
      inPerDoc: new Uint8Array(n),
      anchored: new Uint8Array(n),
      termDocs: new Int32Array(n),
    });
  }

  /** Ranks every article that shares a term with the query. */
  rank(text: string, limit = 5): SearchHit[] {
    return this.rankWords(queryWords(text), limit);
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
        anchored: sc.anchored[doc] === 1,
      });
      const order = (a: SearchHit, b: SearchHit) => b.score - a.score || a.articleId.localeCompare(b.articleId);
      if (!(limit > 0 && limit < touchedCount)) {
        const all: SearchHit[] = [];
        for (let j = 0; j < touchedCount; j++) all.push(hitOf(sc.touched[j]!));
        return all.sort(order).slice(0, limit);
      }
      // The `limit` best, kept in order; an equal one stays after those seen before (a stable sort).
      const best: SearchHit[] = [];
      for (let j = 0; j < touchedCount; j++) {
        const doc = sc.touched[j]!;
        if (best.length === limit && sc.scores[doc]! < best[limit - 1]!.score) continue;
        const hit = hitOf(doc);
        let at = best.length;
        while (at > 0 && order(best[at - 1]!, hit) > 0) at--;
        if (at < limit) {
          best.splice(at, 0, hit);
          if (best.length > limit) best.pop();
        }
      }
      return best;
    } finally {
      for (let j = 0; j < touchedCount; j++) {
        const doc = sc.touched[j]!;
        sc.inScores[doc] = 0;
        sc.anchored[doc] = 0;
      }
    }
  }

  /** Answers only when the best article covers enough of the query; otherwise abstains. */
  search(text: string): SearchResult {
    const words = queryWords(text);
    if (words.length === 0) return { kind: 'abstain', reason: 'empty', candidates: [], confidence: 0 };
    const hits = this.rankWords(words, 5);
    const best = hits[0];
    if (!best) return { kind: 'abstain', reason: 'unsure', candidates: [], confidence: 0 };
    const second = hits[1]?.score ?? 0;
    const margin = best.score > 0 ? (best.score - second) / best.score : 0;
    const confidence = Math.min(1, best.coverage * (0.75 + 0.25 * margin) + (best.anchored ? ANCHOR_BONUS : 0));
    if (confidence >= this.options.threshold) return { kind: 'answer', best, others: hits.slice(1, 3), confidence };
    return { kind: 'abstain', reason: 'unsure', candidates: hits.slice(0, 3), confidence };
  }
}
