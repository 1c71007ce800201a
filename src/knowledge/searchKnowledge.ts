import type { Article } from '../content/contentTypes.js';
import { FuzzyVocabulary } from './fuzzyVocabulary.js';
import { tokenize } from './normalize.js';
import { stem } from './stem.js';
import { STOPWORDS } from './stopwords.js';

/** Field weights of BM25F: a word in the title or keywords says more than one in the body. */
export const FIELD_WEIGHTS = { title: 3, keywords: 3, summary: 1, body: 0.3 };
type Field = keyof typeof FIELD_WEIGHTS;
let FIELDS: Record<Field, number> = FIELD_WEIGHTS;
/** Bumped by setFieldWeights: per-term values computed with older weights are dropped. */
let fieldsVersion = 0;
/** For calibration scripts only. */
export function setFieldWeights(w: Record<Field, number>) {
  FIELDS = w;
  fieldsVersion++;
}
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

/**
 * A term's postings as flat arrays, made the first time a query needs the term: the article, its
 * BM25F term weight (fieldWeighted), its fieldFactor, and whether the term is in its title or
 * keywords. The same numbers as computed per query before, done once.
 */
interface Packed {
  version: number;
  docs: Int32Array;
  weighted: Float64Array;
  factor: Float64Array;
  titleOrKeywords: Uint8Array;
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
function fieldFactor(tf: Partial<Record<Field, number>>): number {
  if (tf.title || tf.keywords) return 1;
  if (tf.summary) return 0.75;
  return 0.45;
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
  /** term -> postings: doc index -> term frequency per field */
  private readonly postings = new Map<string, Map<number, Partial<Record<Field, number>>>>();
  /** "a b" pairs of neighbouring terms -> postings, for phrases. */
  private readonly bigrams = new Map<string, Map<number, Partial<Record<Field, number>>>>();
  private readonly avgLength: Record<Field, number> = { title: 0, keywords: 0, summary: 0, body: 0 };
  private readonly vocabulary: FuzzyVocabulary;
  private readonly maxIdf: number;
  private readonly packedTerms = new Map<string, Packed>();
  private readonly packedPairs = new Map<string, Packed>();
  private scratch: Scratch | null = null;

  constructor(
    articles: readonly Article[],
    private readonly options: SearchOptions = { threshold: 0.5 },
  ) {
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
        for (const field of Object.keys(FIELDS) as Field[]) {
          const terms = documentTerms(fields[field]);
          lengths[field] += terms.length;
          const add = (map: typeof this.postings, term: string) => {
            let byDoc = map.get(term);
            if (!byDoc) map.set(term, (byDoc = new Map()));
            let tf = byDoc.get(docIndex);
            if (!tf) byDoc.set(docIndex, (tf = {}));
            tf[field] = (tf[field] ?? 0) + 1;
          };
          terms.forEach((term, i) => {
            add(this.postings, term);
            if (i > 0) add(this.bigrams, `${terms[i - 1]} ${term}`);
          });
        }
      }
      this.docs.push({ articleId: article.id, lengths });
      for (const f of Object.keys(FIELDS) as Field[]) this.avgLength[f] += lengths[f];
    }
    for (const f of Object.keys(FIELDS) as Field[]) this.avgLength[f] = this.avgLength[f] / Math.max(1, this.docs.length) || 1;
    this.vocabulary = new FuzzyVocabulary(this.postings.keys());
    this.maxIdf = this.idf(1);
    // Built once: the first question that uses a common word does not pay for all its articles.
    for (const term of this.postings.keys()) this.packed(this.packedTerms, this.postings, term);
    for (const [pair, byDoc] of this.bigrams) if (byDoc.size >= 32) this.packed(this.packedPairs, this.bigrams, pair);
  }

  get size(): number {
    return this.docs.length;
  }

  private fieldWeighted(doc: number, tf: Partial<Record<Field, number>>): number {
    const d = this.docs[doc]!;
    let weighted = 0;
    for (const f of Object.keys(tf) as Field[]) weighted += (FIELDS[f] * tf[f]!) / (1 - B + (B * d.lengths[f]) / this.avgLength[f]);
    return (weighted * (K1 + 1)) / (weighted + K1);
  }

  private idf(docFreq: number): number {
    const n = this.docs.length;
    return Math.log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
  }

  private packed(cache: Map<string, Packed>, source: Map<string, Map<number, Partial<Record<Field, number>>>>, key: string): Packed | undefined {
    const hit = cache.get(key);
    if (hit && hit.version === fieldsVersion) return hit;
    const byDoc = source.get(key);
    if (!byDoc) return undefined;
    const n = byDoc.size;
    const p: Packed = { version: fieldsVersion, docs: new Int32Array(n), weighted: new Float64Array(n), factor: new Float64Array(n), titleOrKeywords: new Uint8Array(n) };
    let i = 0;
    for (const [doc, tf] of byDoc) {
      p.docs[i] = doc;
      p.weighted[i] = this.fieldWeighted(doc, tf);
      p.factor[i] = fieldFactor(tf);
      p.titleOrKeywords[i] = tf.title || tf.keywords ? 1 : 0;
      i++;
    }
    cache.set(key, p);
    return p;
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
    let touchedCount = 0;
    try {
      let totalInformation = 0;
      for (const q of terms) {
        const matches = this.vocabulary.lookup(q, rawOf.get(q));
        const top = matches.reduce<{ term: string; weight: number } | null>((m, x) => (!m || x.weight > m.weight ? x : m), null);
        if (top) bestMatch.set(q, top.term);
        // The information a query term carries: its idf if known, else as rare as it gets.
        const best = matches.reduce((m, x) => Math.max(m, x.weight * this.idf(this.postings.get(x.term)!.size)), 0);
        const information = matches.length ? Math.max(best, 0.35 * this.maxIdf) : UNKNOWN_TERM_INFORMATION * this.maxIdf;
        totalInformation += information;
        let termCount = 0;
        for (const { term, weight } of matches) {
          const p = this.packed(this.packedTerms, this.postings, term)!;
          const n = p.docs.length;
          const idf = this.idf(n);
          for (let i = 0; i < n; i++) {
            const doc = p.docs[i]!;
            const s = weight * idf * p.weighted[i]!;
            if (s > (sc.inPerDoc[doc] ? sc.perDoc[doc]! : 0)) {
              if (!sc.inPerDoc[doc]) {
                sc.inPerDoc[doc] = 1;
                sc.termDocs[termCount++] = doc;
              }
              sc.perDoc[doc] = s;
              // A guessed spelling is weaker evidence that the article is what was asked.
              sc.perDocInfo[doc] = Math.min(information, weight * weight * idf) * p.factor[i]!;
              if (weight === 1 && p.titleOrKeywords[i] && n <= ANCHOR_MAX_DOCS && [...term].length >= 4) sc.anchored[doc] = 1;
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
      const seenPairs = new Set<string>();
      for (let i = 1; i < sequence.length; i++) {
        const a = bestMatch.get(sequence[i - 1]!);
        const b = bestMatch.get(sequence[i]!);
        if (!a || !b) continue;
        const pair = `${a} ${b}`;
        if (seenPairs.has(pair)) continue;
        seenPairs.add(pair);
        const p = this.packed(this.packedPairs, this.bigrams, pair);
        if (!p) continue;
        const idf = this.idf(p.docs.length);
        for (let k = 0; k < p.docs.length; k++) {
          const doc = p.docs[k]!;
          if (!sc.inScores[doc]) {
            sc.inScores[doc] = 1;
            sc.touched[touchedCount++] = doc;
            sc.scores[doc] = 0;
            sc.covered[doc] = NaN; // no term of the query: no coverage (as before)
          }
          sc.scores[doc] = sc.scores[doc]! + BIGRAM_WEIGHT * idf * p.weighted[k]!;
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
