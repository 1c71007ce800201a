import type { Lexicon } from './lexicon.js';
import { tokenize } from './normalize.js';
import { stem } from './stem.js';
import { STOPWORDS } from './stopwords.js';

/**
 * Query words in order, as typed (normalized) and stemmed; stopwords dropped ("bonne nuit" has
 * none). `text` may be given already tokenized. With a lexicon, variants are first rewritten into the words the articles use
 * ("bailleur" -> "proprietaire") and its stopwords dropped too.
 */
export function queryWords(text: string | readonly string[], lexicon?: Lexicon, known?: (term: string) => boolean): { raw: string; term: string }[] {
  const typed = typeof text === 'string' ? tokenize(text) : text;
  const tokens = lexicon ? lexicon.rewrite(typed, known && ((t) => known(stem(t)))) : [...typed];
  const content = tokens.filter((t) => !STOPWORDS.has(t) && !lexicon?.isStopword(t));
  return content.map((raw) => ({ raw, term: stem(raw) })).filter((w) => w.term.length > 1);
}

export function queryTermSequence(text: string, lexicon?: Lexicon): string[] {
  return queryWords(text, lexicon).map((w) => w.term);
}

export function queryTerms(text: string, lexicon?: Lexicon): string[] {
  return [...new Set(queryTermSequence(text, lexicon))];
}

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

export function documentTerms(text: string): string[] {
  return tokenize(text)
    .filter((t) => !STOPWORDS.has(t))
    .map(memoStem)
    .filter((t) => t.length > 1);
}

/** The build's memory of stems is of no use to queries. */
export function forgetStemMemo(): void {
  stemMemo.clear();
}
