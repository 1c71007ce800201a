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

export class DeleteIndex {
  private readonly hashes: Uint32Array;
  private readonly ids: Int32Array;

  /** `forms[i]`: the one-delete forms of terms[i] (distinct), or none. */
  constructor(
    private readonly terms: readonly string[],
    forms: readonly (readonly string[])[],
  ) {
    const entries: [number, number][] = [];
    forms.forEach((list, id) => {
      for (const form of list) entries.push([hash(form), id]);
    });
    entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    this.hashes = Uint32Array.from(entries, (e) => e[0]);
    this.ids = Int32Array.from(entries, (e) => e[1]);
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
