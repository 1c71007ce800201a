/**
 * A consonant skeleton that is the same for a Darija word in Arabic script and in Arabizi:
 * "تجديد", "نجدد" and "njaded" all give "jdd"; "السبيطار" and "sbitar" give "sbtr".
 * Used only for words the index does not know as typed: a bridge between scripts and between
 * the conjugated forms of one root, not a replacement for the words themselves.
 */
const ARABIC_TO_LATIN: Record<string, string> = {
  'ب': 'b', 'ت': 't', 'ث': 't', 'ج': 'j', 'ح': 'h', 'خ': 'kh', 'د': 'd', 'ذ': 'd', 'ر': 'r', 'ز': 'z',
  'س': 's', 'ش': 'ch', 'ص': 's', 'ض': 'd', 'ط': 't', 'ظ': 'd', 'غ': 'gh', 'ف': 'f', 'ق': 'k', 'ك': 'k',
  'ل': 'l', 'م': 'm', 'ن': 'n', 'ه': 'h',
};
/** Darija prefixes: ka-/ki- (habitual aspect), n-/t-/y- (person), l- (the article). */
const PREFIX = /^(?:k[nt]|[ntyl])(?=[^aeiou]{2})/;

export function consonantSkeleton(term: string): string | null {
  let latin: string;
  if (/[\u0600-\u06FF]/.test(term)) {
    // Long vowels and alef carry no consonant; the article ال is gone already (stemming).
    latin = [...term].map((c) => ARABIC_TO_LATIN[c] ?? '').join('');
  } else {
    if (!/^[a-z]+$/.test(term)) return null;
    latin = term.replace(/[aeiou]/g, '');
  }
  let s = latin.replace(/(.)\1+/g, '$1$1').replace(PREFIX, '');
  s = s.replace(PREFIX, '');
  return s.length >= 3 ? s : null;
}
