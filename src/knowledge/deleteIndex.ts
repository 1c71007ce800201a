/**
 * The symmetric-delete index of the fuzzy vocabulary: every form of a term with one letter
 * deleted -> the term. Kept as two typed arrays sorted by a 32-bit hash of the form (term ids in
 * the order the terms were added) instead of a Map of strings to arrays, which cost 3.5 MB for
 * the 43 articles. A hash shared by two forms is told apart by checking the form against the term.
 */
import { lowerBound } from './lowerBound.js';

/** FNV-1a over UTF-16 code units. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Whether `form` is `term` with exactly one code point deleted. */
function isOneDeleteOf(form: string, term: string): boolean {
  const f = [...form];
  const t = [...term];
  if (t.length !== f.length + 1) return false;
  let i = 0;
  while (i < f.length && f[i] === t[i]) i++;
  for (let j = i; j < f.length; j++) if (f[j] !== t[j + 1]) return false;
  return true;
}

/** Term ids are below 2^21 (2 million terms; 10,000 articles have ~23,000). */
const TERM_ID_SPAN = 2 ** 21;

export class DeleteIndex {
  private readonly hashes: Uint32Array;
  private readonly ids: Int32Array;

  /** `forms[i]`: the one-delete forms of terms[i] (distinct), or none. */
  constructor(
    private readonly terms: readonly string[],
    forms: readonly (readonly string[])[],
  ) {
    // Each entry as one number, hash * 2^21 + term id (exact below 2^53), sorted as numbers: an
    // array of pairs sorted by a comparator took a tenth of a second for 10,000 articles.
    if (terms.length > TERM_ID_SPAN) throw new RangeError(`the delete index holds at most ${TERM_ID_SPAN} terms`);
    const packed: number[] = [];
    forms.forEach((list, id) => {
      for (const form of list) packed.push(hash(form) * TERM_ID_SPAN + id);
    });
    const entries = Float64Array.from(packed).sort();
    this.hashes = Uint32Array.from(entries, (e) => Math.floor(e / TERM_ID_SPAN));
    this.ids = Int32Array.from(entries, (e) => e % TERM_ID_SPAN);
  }

  /** The terms that `form` is a one-delete form of, in the order the terms were added. */
  get(form: string): string[] {
    const h = hash(form);
    const lo = lowerBound(this.hashes.length, (i) => this.hashes[i]! < h);
    const out: string[] = [];
    for (let i = lo; i < this.hashes.length && this.hashes[i] === h; i++) {
      const term = this.terms[this.ids[i]!]!;
      if (isOneDeleteOf(form, term)) out.push(term);
    }
    return out;
  }
}
