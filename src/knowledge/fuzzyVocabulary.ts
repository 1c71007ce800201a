/**
 * Typo-tolerant lookup of query terms in the index vocabulary: exact, one or two edits
 * (symmetric-delete candidates checked with a real edit distance) and prefixes.
 * O(length of the term) per lookup, whatever the size of the vocabulary.
 */
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

export class FuzzyVocabulary {
  private readonly terms: Set<string>;
  private readonly deleteIndex = new Map<string, string[]>();
  private readonly sorted: string[];
  private readonly cache = new Map<string, TermMatch[]>();

  constructor(terms: Iterable<string>) {
    this.terms = new Set(terms);
    for (const term of this.terms) {
      if ([...term].length < 4) continue;
      for (const d of new Set(deletes1(term))) {
        const list = this.deleteIndex.get(d);
        if (list) list.push(term);
        else this.deleteIndex.set(d, [term]);
      }
    }
    this.sorted = [...this.terms].sort();
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  /** Index terms that the query term may stand for, each with a weight in (0, 1]. */
  lookup(q: string): TermMatch[] {
    const cached = this.cache.get(q);
    if (cached) return cached;
    const found = new Map<string, number>();
    const add = (term: string, w: number) => {
      if ((found.get(term) ?? 0) < w) found.set(term, w);
    };
    if (this.terms.has(q)) add(q, 1);
    const len = [...q].length;
    if (len >= 4) {
      const maxDist = len >= 8 ? 2 : 1;
      const candidates = new Set<string>();
      const qDeletes = deletes1(q);
      for (const key of [q, ...qDeletes]) for (const t of this.deleteIndex.get(key) ?? []) candidates.add(t);
      if (this.terms.has(q) === false) for (const d of qDeletes) if (this.terms.has(d)) candidates.add(d);
      for (const t of candidates) {
        if (t === q) continue;
        const d = editDistance(q, t, maxDist);
        if (d <= maxDist) add(t, d === 1 ? 0.75 : 0.5);
      }
      // Prefixes: "renouv" finds "renouvel", "passeport" finds "passeportn" but not 3-letter stubs.
      if (len >= 5) {
        let lo = 0;
        let hi = this.sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (this.sorted[mid]! < q) lo = mid + 1;
          else hi = mid;
        }
        for (let i = lo; i < this.sorted.length && i < lo + 12 && this.sorted[i]!.startsWith(q); i++) {
          const t = this.sorted[i]!;
          if (t !== q) add(t, [...t].length - len <= 3 ? 0.8 : 0.6);
        }
      }
    }
    const result = [...found].map(([term, weight]) => ({ term, weight }));
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(q, result);
    return result;
  }
}
