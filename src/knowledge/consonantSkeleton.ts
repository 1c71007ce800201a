/**
 * A consonant skeleton that is the same for the conjugated forms of one Darija root:
 * "تجديد" and "نجدد" give "jdd", "njaded" and "tjdid" too. Used only for words the index does not
 * know as typed, and only within one script (fuzzyVocabulary.ts): across scripts it matched
 * unrelated words ("robot" ~ رباط) more often than it helped once the lexicon knew Arabizi.
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
