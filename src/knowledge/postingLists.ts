/**
 * Postings kept compact once an index is built: every list of one kind in three flat typed
 * arrays (the article, its BM25 term weight, how much the word says about the article), list i
 * being the range [start[i], start[i + 1]). A Map and an object per posting cost ~25 MB for the
 * 43 articles, most of it word pairs seen once; this holds the same numbers in under 1 MB.
 */
import { lowerBound } from './lowerBound.js';

/** How much a word says about an article (see `fieldFactor`): body only, summary, title or keywords. */
export const FACTORS = [0.45, 0.75, 1] as const;
export const TITLE_OR_KEYWORDS = 2;

export class PostingLists {
  /** `start[i]`..`start[i + 1]`: list i's postings; then per posting its article, its BM25
   * weight and an index into FACTORS. Made by PostingsBuilder. */
  constructor(
    private readonly start: Uint32Array,
    readonly docs: Int32Array,
    readonly weighted: Float64Array,
    readonly factors: Uint8Array,
  ) {}

  /** Where list `id` starts in the flat arrays. */
  from(id: number): number {
    return this.start[id]!;
  }

  /** Where list `id` ends (exclusive). */
  to(id: number): number {
    return this.start[id + 1]!;
  }

  /** How many articles list `id` holds. */
  count(id: number): number {
    return this.start[id + 1]! - this.start[id]!;
  }
}

/**
 * Word pairs by number, not by string: pair (a, b) of term ids is a * 2^26 + b (exact in a
 * double), the codes sorted once and found by binary search. Its position is the pair's list id.
 */
export class PairCodes {
  static code(a: number, b: number): number {
    return a * 67_108_864 + b;
  }

  constructor(private readonly codes: Float64Array) {}

  /** The list id of pair (a, b), or -1. */
  find(a: number, b: number): number {
    const code = PairCodes.code(a, b);
    const lo = lowerBound(this.codes.length, (i) => this.codes[i]! < code);
    return lo < this.codes.length && this.codes[lo] === code ? lo : -1;
  }
}
