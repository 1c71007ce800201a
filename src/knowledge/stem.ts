import { isArabicScript } from './normalize.js';

/** Suffix and the shortest stem it may leave: short endings only come off long words. */
const LATIN_SUFFIXES: [string, number][] = [
  ['ements', 4], ['ement', 4], ['ments', 4], ['ment', 4], ['ations', 4], ['ation', 4], ['tions', 4], ['tion', 4],
  ['ciones', 4], ['cion', 4], ['ing', 4], ['ite', 5], ['ique', 4], ['ed', 5], ['er', 5], ['ir', 5], ['ar', 5], ['al', 5], ['ie', 5], ['ia', 5],
];
/** Prefix and the shortest stem it may leave: a lone و comes off only long words. */
const ARABIC_PREFIXES: [string, number][] = [['وال', 3], ['بال', 3], ['كال', 3], ['فال', 3], ['لل', 3], ['ال', 3], ['و', 4]];
const ARABIC_SUFFIXES: [string, number][] = [['ات', 4], ['ين', 4], ['ون', 4], ['يه', 3], ['ها', 3], ['هم', 3], ['نا', 4], ['ه', 3], ['ي', 3], ['ا', 4]];

/** A light stemmer: enough to meet "renouveler"/"renouvellement", "الإقامة"/"إقامة". Input is normalized. */
export function stem(token: string): string {
  if (isArabicScript(token)) {
    let t = token;
    for (const [p, min] of ARABIC_PREFIXES) {
      if (t.startsWith(p) && t.length - p.length >= min) {
        t = t.slice(p.length);
        break;
      }
    }
    for (const [s, min] of ARABIC_SUFFIXES) {
      if (t.endsWith(s) && t.length - s.length >= min) {
        t = t.slice(0, -s.length);
        break;
      }
    }
    return t;
  }
  if (token.length <= 4 || /\d/.test(token)) return token;
  let t = token;
  if (t.endsWith('s') && t.length > 4) t = t.slice(0, -1);
  if (t.endsWith('e') && t.length > 5) t = t.slice(0, -1);
  for (const [s, min] of LATIN_SUFFIXES) {
    if (t.endsWith(s) && t.length - s.length >= min) {
      t = t.slice(0, -s.length);
      break;
    }
  }
  return t;
}
