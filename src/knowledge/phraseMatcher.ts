/**
 * Finds phrases (sequences of normalized tokens) in a normalized token sequence. A phrase token
 * may carry `*` at its start, its end or both: "baston*" matches "bastonne", "*ضربني" matches
 * "كيضربني" and "تيضربني", "*suicid*" matches "suicidaire"; a bare `*` is any one word, and `**`
 * up to four words ("mari ** tuer": "mon mari veut me tuer"). Each phrase has a value (the words
 * it stands for, a category...). The longest phrase starting at a position wins.
 */
type TokenPattern = { kind: 'exact' | 'prefix' | 'suffix' | 'infix'; text: string } | { kind: 'gap'; text: '' };

/** `**` in a phrase: this many words at most. */
export const MAX_GAP = 4;

interface Entry<T> {
  tokens: TokenPattern[];
  value: T;
}

/** Wildcard patterns shorter than this would match too much ("a*"): refused by the validator. */
export const MIN_WILDCARD_STEM = 3;

export function parseTokenPattern(token: string): TokenPattern {
  if (token === '**') return { kind: 'gap', text: '' };
  const start = token.startsWith('*');
  const end = token.endsWith('*') && token.length > 1;
  const text = token.slice(start ? 1 : 0, end ? -1 : undefined);
  return { kind: start && end ? 'infix' : start ? 'suffix' : end ? 'prefix' : 'exact', text };
}

function tokenMatches(p: TokenPattern, token: string): boolean {
  switch (p.kind) {
    case 'gap':
      return true;
    case 'exact':
      return token === p.text;
    case 'prefix':
      return token.startsWith(p.text);
    case 'suffix':
      return token.endsWith(p.text);
    case 'infix':
      return token.includes(p.text);
  }
}

/** Where a phrase matched from token `ti` ends (exclusive), or -1. Gaps try the shortest skip first. */
function matchFrom(pattern: readonly TokenPattern[], pi: number, tokens: readonly string[], ti: number): number {
  if (pi === pattern.length) return ti;
  const p = pattern[pi]!;
  if (p.kind === 'gap') {
    for (let skip = 0; skip <= MAX_GAP && ti + skip <= tokens.length; skip++) {
      const end = matchFrom(pattern, pi + 1, tokens, ti + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  return ti < tokens.length && tokenMatches(p, tokens[ti]!) ? matchFrom(pattern, pi + 1, tokens, ti + 1) : -1;
}

export interface PhraseMatch<T> {
  start: number;
  /** Tokens covered. */
  length: number;
  value: T;
}

export class PhraseMatcher<T> {
  /** Phrases whose first token is exact, by that token. */
  private readonly byFirst = new Map<string, Entry<T>[]>();
  /** Phrases whose first token is a prefix pattern, by its first two characters. */
  private readonly byPrefix = new Map<string, Entry<T>[]>();
  /** Phrases whose first token is a suffix pattern, by its last two characters. */
  private readonly bySuffix = new Map<string, Entry<T>[]>();
  /** Phrases starting with an infix pattern: checked at every position (keep them few). */
  private readonly loose: Entry<T>[] = [];
  private count = 0;

  /** `phrase`: normalized tokens separated by spaces, each maybe with `*`. */
  add(phrase: string, value: T): void {
    const tokens = phrase.split(' ').filter(Boolean).map(parseTokenPattern);
    if (tokens.length === 0) return;
    const entry = { tokens, value };
    const first = tokens[0]!;
    const list =
      first.kind === 'exact'
        ? this.listFor(this.byFirst, first.text)
        : first.kind === 'prefix' && first.text.length >= 2
          ? this.listFor(this.byPrefix, first.text.slice(0, 2))
          : first.kind === 'suffix' && first.text.length >= 2
            ? this.listFor(this.bySuffix, first.text.slice(-2))
            : this.loose;
    list.push(entry);
    this.count++;
  }

  get size(): number {
    return this.count;
  }

  private listFor(map: Map<string, Entry<T>[]>, key: string): Entry<T>[] {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    return list;
  }

  /** The longest phrase starting at `at`, if any. */
  matchAt(tokens: readonly string[], at: number): PhraseMatch<T> | null {
    const token = tokens[at]!;
    // No closure and one object per match found: this runs for every word of every message.
    let best = this.longest(this.byFirst.get(token), tokens, at, null);
    best = this.longest(this.byPrefix.get(token.slice(0, 2)), tokens, at, best);
    best = this.longest(this.bySuffix.get(token.slice(-2)), tokens, at, best);
    return this.longest(this.loose, tokens, at, best);
  }

  private longest(entries: Entry<T>[] | undefined, tokens: readonly string[], at: number, best: PhraseMatch<T> | null): PhraseMatch<T> | null {
    if (!entries) return best;
    for (const e of entries) {
      const end = matchFrom(e.tokens, 0, tokens, at);
      if (end > at && (!best || end - at > best.length)) best = { start: at, length: end - at, value: e.value };
    }
    return best;
  }

  /** Every match, left to right, not overlapping (the longest at each position). */
  findAll(tokens: readonly string[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; ) {
      const m = this.matchAt(tokens, i);
      if (m) {
        out.push(m);
        i += m.length;
      } else i++;
    }
    return out;
  }
}
