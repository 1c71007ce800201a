/**
 * Typo-tolerant lookup of query terms in the index vocabulary: exact, one or two edits
 * (symmetric-delete candidates checked with a real edit distance) and prefixes.
 * O(length of the term) per lookup, whatever the size of the vocabulary.
 */
import { consonantSkeleton } from './consonantSkeleton.js';
import { DeleteIndex } from './deleteIndex.js';
import { lowerBound } from './lowerBound.js';

export interface TermMatch {
  term: string;
  weight: number;
}

function deletes1(term: string): string[] {
  const out: string[] = [];
  const chars = [...term];
  for (let i = 0; i < chars.length; i++) out.push(chars.slice(0, i).join('') + chars.slice(i + 1).join(''));
  return out;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions), capped. */
export function editDistance(a: string, b: string, cap = 3): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > cap) return cap + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) rows.push(new Array<number>(t.length + 1).fill(0));
  for (let i = 0; i <= s.length; i++) rows[i]![0] = i;
  for (let j = 0; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
      if (v < best) best = v;
    }
    if (best > cap) return cap + 1;
  }
  return rows[s.length]![t.length]!;
}

/** Arabic words are short (no written short vowels): one edit is allowed from 4 letters, Latin from 5. */
function minFuzzyLength(term: string): number {
  return /[\u0600-\u06FF]/.test(term) ? 4 : 5;
}

const SKELETON_WEIGHT = 0.6;
const ARABIC = /[\u0600-\u06FF]/;

/** The word without a glued-on Darija preposition or article, when enough is left. */
function detachPrefix(word: string): string[] {
  const out: string[] = [];
  const arabic = /^(?:وال|بال|فال|كال|لل|ال|و|ف|ب|ل|ك)(.{3,})$/.exec(word);
  if (arabic && /[\u0600-\u06FF]/.test(word)) {
    out.push(arabic[1]!);
    if (arabic[1]!.startsWith('ال') && arabic[1]!.length >= 5) out.push(arabic[1]!.slice(2));
  }
  const latin = /^(?:l|f|b|d|el|al)([a-z]{4,})$/.exec(word);
  if (latin) out.push(latin[1]!);
  return out;
}

export class FuzzyVocabulary {
  private readonly terms: Set<string>;
  private readonly deleteIndex: DeleteIndex;
  private readonly sorted: string[];
  private readonly cache = new Map<string, TermMatch[]>();
  private readonly skeletons = new Map<string, string[]>();

  constructor(terms: Iterable<string>) {
    this.terms = new Set(terms);
    const inOrder = [...this.terms];
    this.deleteIndex = new DeleteIndex(
      inOrder,
      inOrder.map((term) => ([...term].length < minFuzzyLength(term) ? [] : [...new Set(deletes1(term))])),
    );
    this.sorted = [...inOrder].sort();
    for (const term of this.terms) {
      const k = consonantSkeleton(term);
      if (!k) continue;
      const list = this.skeletons.get(k);
      if (list) list.push(term);
      else this.skeletons.set(k, [term]);
    }
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  /**
   * Index terms that the query term may stand for, each with a weight in (0, 1]. `raw` is the
   * word before stemming, for the consonant skeleton of Darija verbs ("kanjaded").
   */
  lookup(q: string, raw: string = q): TermMatch[] {
    const cacheKey = `${q}|${raw}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const found = new Map<string, number>();
    const add = (term: string, w: number) => {
      if ((found.get(term) ?? 0) < w) found.set(term, w);
    };
    const len = [...q].length;
    // A word the index knows is taken as typed: "carte" must not also mean "parte" or "carne".
    if (this.terms.has(q)) add(q, 1);
    // Darija glues short words on: "فمطار" (in the airport), "lkarta" (the card), "بمعلوماتي".
    else for (const rest of [q, raw].flatMap(detachPrefix)) if (this.terms.has(rest)) add(rest, 0.9);
    if (found.size) {
      this.cache.set(cacheKey, [...found].map(([term, weight]) => ({ term, weight })));
      return this.cache.get(cacheKey)!;
    }
    else if (len >= minFuzzyLength(q)) {
      const maxDist = len >= 8 ? 2 : 1;
      const candidates = new Set<string>();
      const qDeletes = deletes1(q);
      for (const key of [q, ...qDeletes]) for (const t of this.deleteIndex.get(key)) candidates.add(t);
      for (const d of qDeletes) if (this.terms.has(d)) candidates.add(d);
      for (const t of candidates) {
        if (t === q || [...t].length < minFuzzyLength(t)) continue;
        const d = editDistance(q, t, maxDist);
        if (d <= maxDist) add(t, d === 1 ? 0.75 : 0.5);
      }
      // Prefixes: "renouv" finds "renouvel"; never for short stubs.
      if (len >= 6) {
        const lo = lowerBound(this.sorted.length, (i) => this.sorted[i]! < q);
        for (let i = lo; i < this.sorted.length && i < lo + 12 && this.sorted[i]!.startsWith(q); i++) {
          const t = this.sorted[i]!;
          if (t !== q) add(t, [...t].length - len <= 3 ? 0.8 : 0.6);
        }
      }
    }
    // Last resort for an unknown word: the same consonants in another form of the word.
    if (found.size === 0) {
      for (const form of new Set([raw, q])) {
        const k = consonantSkeleton(form);
        // Within one script only: across scripts it made more false matches ("robot" ~ رباط,
        // "insulte" ~ قنصلية) than right ones once the lexicon knew the Arabizi words (docs/search.md).
        const arabic = ARABIC.test(form);
        for (const t of (k && this.skeletons.get(k)) || []) if (ARABIC.test(t) === arabic) add(t, SKELETON_WEIGHT);
      }
    }
    const result = [...found].map(([term, weight]) => ({ term, weight }));
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(cacheKey, result);
    return result;
  }
}
