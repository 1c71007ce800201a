import type { Article } from '../content/contentTypes.js';
import { FuzzyVocabulary } from './fuzzyVocabulary.js';
import { tokenize } from './normalize.js';
import { stem } from './stem.js';
import { STOPWORDS } from './stopwords.js';

/** Field weights of BM25F: a word in the title or keywords says more than one in the body. */
const FIELDS = { title: 3, keywords: 3, summary: 1.5, body: 1 } as const;
type Field = keyof typeof FIELDS;
const K1 = 1.2;
const B = 0.75;

export interface SearchHit {
  articleId: string;
  score: number;
  /** Share of the query's information (idf-weighted terms) that this article covers, 0..1. */
  coverage: number;
}

export type SearchResult =
  | { kind: 'answer'; best: SearchHit; others: SearchHit[]; confidence: number }
  | { kind: 'abstain'; candidates: SearchHit[]; confidence: number };

export interface SearchOptions {
  /** Minimum confidence to answer; calibrated on the dev set (see docs/search.md). */
  threshold: number;
}

interface Doc {
  articleId: string;
  lengths: Record<Field, number>;
}

/** Query terms with their stems; stopwords dropped (unless nothing else is left). */
export function queryTerms(text: string): string[] {
  const tokens = tokenize(text);
  const content = tokens.filter((t) => !STOPWORDS.has(t));
  return [...new Set((content.length ? content : tokens).map(stem).filter((t) => t.length > 1))];
}

function documentTerms(text: string): string[] {
  return tokenize(text)
    .filter((t) => !STOPWORDS.has(t))
    .map(stem)
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
  private readonly avgLength: Record<Field, number> = { title: 0, keywords: 0, summary: 0, body: 0 };
  private readonly vocabulary: FuzzyVocabulary;
  private readonly maxIdf: number;

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
          for (const term of terms) {
            let byDoc = this.postings.get(term);
            if (!byDoc) this.postings.set(term, (byDoc = new Map()));
            let tf = byDoc.get(docIndex);
            if (!tf) byDoc.set(docIndex, (tf = {}));
            tf[field] = (tf[field] ?? 0) + 1;
          }
        }
      }
      this.docs.push({ articleId: article.id, lengths });
      for (const f of Object.keys(FIELDS) as Field[]) this.avgLength[f] += lengths[f];
    }
    for (const f of Object.keys(FIELDS) as Field[]) this.avgLength[f] = this.avgLength[f] / Math.max(1, this.docs.length) || 1;
    this.vocabulary = new FuzzyVocabulary(this.postings.keys());
    this.maxIdf = this.idf(1);
  }

  get size(): number {
    return this.docs.length;
  }

  private idf(docFreq: number): number {
    const n = this.docs.length;
    return Math.log(1 + (n - docFreq + 0.5) / (docFreq + 0.5));
  }

  /** Ranks every article that shares a term with the query. */
  rank(text: string, limit = 5): SearchHit[] {
    const terms = queryTerms(text);
    if (terms.length === 0) return [];
    const scores = new Map<number, number>();
    const covered = new Map<number, number>();
    let totalInformation = 0;
    for (const q of terms) {
      const matches = this.vocabulary.lookup(q);
      // The information a query term carries: its idf if known, else as rare as it gets.
      const best = matches.reduce((m, x) => Math.max(m, x.weight * this.idf(this.postings.get(x.term)!.size)), 0);
      const information = matches.length ? Math.max(best, 0.35 * this.maxIdf) : this.maxIdf;
      totalInformation += information;
      const perDoc = new Map<number, number>();
      const perDocInfo = new Map<number, number>();
      for (const { term, weight } of matches) {
        const byDoc = this.postings.get(term)!;
        const idf = this.idf(byDoc.size);
        for (const [doc, tf] of byDoc) {
          const d = this.docs[doc]!;
          let weighted = 0;
          for (const f of Object.keys(tf) as Field[]) {
            weighted += (FIELDS[f] * tf[f]!) / (1 - B + (B * d.lengths[f]) / this.avgLength[f]);
          }
          const s = weight * idf * ((weighted * (K1 + 1)) / (weighted + K1));
          if (s > (perDoc.get(doc) ?? 0)) {
            perDoc.set(doc, s);
            perDocInfo.set(doc, Math.min(information, weight * idf));
          }
        }
      }
      for (const [doc, s] of perDoc) {
        scores.set(doc, (scores.get(doc) ?? 0) + s);
        covered.set(doc, (covered.get(doc) ?? 0) + perDocInfo.get(doc)!);
      }
    }
    return [...scores]
      .map(([doc, score]) => ({
        articleId: this.docs[doc]!.articleId,
        score,
        coverage: Math.min(1, covered.get(doc)! / totalInformation),
      }))
      .sort((a, b) => b.score - a.score || a.articleId.localeCompare(b.articleId))
      .slice(0, limit);
  }

  /** Answers only when the best article covers enough of the query; otherwise abstains. */
  search(text: string): SearchResult {
    const hits = this.rank(text, 5);
    const best = hits[0];
    if (!best) return { kind: 'abstain', candidates: [], confidence: 0 };
    const second = hits[1]?.score ?? 0;
    const margin = best.score > 0 ? (best.score - second) / best.score : 0;
    const confidence = best.coverage * (0.75 + 0.25 * margin);
    if (confidence >= this.options.threshold) return { kind: 'answer', best, others: hits.slice(1, 3), confidence };
    return { kind: 'abstain', candidates: hits.slice(0, 3), confidence };
  }
}
