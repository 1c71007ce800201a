import type { Article } from '../content/contentTypes.js';
import { ArticleCounts } from './articleCounts.js';
import { B, FIELD_WEIGHTS, FIELDS, fieldFactor, K1, type Field } from './bm25f.js';
import { forgetTokenMemo } from './normalize.js';
import { PairPostings } from './pairPostings.js';
import { PieceTerms } from './pieceTerms.js';
import type { PairCodes, PostingLists } from './postingLists.js';
import { type FieldOrder, PostingsBuilder } from './postingsBuilder.js';
import { documentTerms, forgetStemMemo } from './queryWords.js';

export interface IndexedDoc {
  articleId: string;
  /** How many terms each field of the article has (every language together). */
  lengths: Record<Field, number>;
}

/** What KnowledgeIndex searches, built from the articles (searchKnowledge.ts). */
export interface IndexedArticles {
  docs: IndexedDoc[];
  /** term -> its id: the list of the articles holding it (its document frequency is their number). */
  termIds: Map<string, number>;
  postings: PostingLists;
  /** Pairs of neighbouring terms ("carte séjour") -> the articles holding them, for phrases. */
  pairCodes: PairCodes;
  bigrams: PostingLists;
}

/**
 * Reads every article into postings: one document per article holding every language, BM25 per
 * field (title, keywords, summary, body), and the pairs of neighbouring terms. Term ids are given
 * in the order the terms are first met. The same pieces of text recur across articles ("carte",
 * "séjour,"), so each piece is normalized and stemmed once (pieceTerms.ts): a 10,000-article
 * build spent 4 of its 13 s normalizing and stemming every word (docs/performance.md).
 */
export function indexArticles(articles: readonly Article[]): IndexedArticles {
  const termIds = new Map<string, number>();
  const docs: IndexedDoc[] = [];
  const terms = new PostingsBuilder();
  const pairs = new PairPostings();
  const docTerms = new ArticleCounts();
  const pieces = new PieceTerms((piece) =>
    documentTerms(piece).map((term) => {
      let id = termIds.get(term);
      if (id === undefined) termIds.set(term, (id = termIds.size));
      return id;
    }),
  );
  const fieldLengths = [0, 0, 0, 0];
  for (const article of articles) {
    const doc = docs.length;
    docTerms.begin(doc);
    fieldLengths.fill(0);
    for (const text of Object.values(article.texts)) {
      if (!text) continue;
      const fields = [text.title, text.keywords.join(' , '), text.summary, text.body];
      for (let field = 0; field < 4; field++) {
        let previous = -1;
        pieces.forEach(fields[field]!, (ids, from, to) => {
          for (let i = from; i < to; i++) {
            const id = ids[i]!;
            docTerms.add(id, field);
            if (previous >= 0) pairs.add(previous, id, field);
            previous = id;
          }
          fieldLengths[field]! += to - from;
        });
      }
    }
    for (let slot = 0; slot < docTerms.size; slot++) terms.add(docTerms.keys[slot]!, doc, docTerms.orders[slot]!, docTerms.counts, slot * 4);
    pairs.endArticle(doc);
    const [title, keywords, summary, body] = fieldLengths as [number, number, number, number];
    docs.push({ articleId: article.id, lengths: { title, keywords, summary, body } });
  }
  const weigh = fieldWeighting(docs);
  const postings = terms.build(termIds.size, weigh, fieldFactor);
  // Pair lists are laid out in the order of their codes, which are searched by bisection.
  const { pairCodes, lists: bigrams } = pairs.build(termIds.size, weigh, fieldFactor);
  // The build's memories are of no use to queries.
  forgetStemMemo();
  forgetTokenMemo();
  return { docs, termIds, postings, pairCodes, bigrams };
}

/**
 * A posting's term weight: BM25 in each field, saturated there, summed with the field weights
 * (title 3, keywords 3, summary 1, body 0.3), in the order the article met the fields. An article
 * that has a word in its title, its keywords and its summary is about it; BM25F, which saturated
 * the fields' counts together, let a rare word met once in a body win (docs/search.md, "Ranking":
 * first-ranked right 0.83 -> 0.85 on dev-messy, 0.77 -> 0.85 on the messy held-out set).
 */
function fieldWeighting(docs: readonly IndexedDoc[]): (doc: number, order: FieldOrder, counts: Uint32Array, at: number) => number {
  const avgLength = FIELDS.map((f) => docs.reduce((sum, d) => sum + d.lengths[f], 0) / Math.max(1, docs.length) || 1);
  /** Each article's length normalization per field, `1 - B + B * length / average`. */
  const norms = new Float64Array(docs.length * 4);
  docs.forEach((d, doc) => FIELDS.forEach((f, i) => (norms[doc * 4 + i] = 1 - B + (B * d.lengths[f]) / avgLength[i]!)));
  const weights = FIELDS.map((f) => FIELD_WEIGHTS[f]);
  return (doc, order, counts, at) => {
    let sum = 0;
    for (let o = order; o !== 0; o >>>= 3) {
      const i = (o & 7) - 1;
      const tf = counts[at + i]! / norms[doc * 4 + i]!;
      sum += (weights[i]! * tf * (K1 + 1)) / (tf + K1);
    }
    return sum;
  };
}
