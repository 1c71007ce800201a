import { isArabicScript } from './normalize.js';

const LATIN_SUFFIXES = ['ements', 'ement', 'ments', 'ment', 'ations', 'ation', 'tions', 'tion', 'ciones', 'cion', 'ing', 'ed', 'er', 'ir', 'ar', 'al', 'ite', 'ique', 'ie', 'ia'];
const ARABIC_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال', 'و', 'ب', 'ل'];
const ARABIC_SUFFIXES = ['ات', 'ين', 'ون', 'يه', 'ها', 'هم', 'نا', 'ه', 'ي'];

/** A light stemmer: enough to meet "renouveler"/"renouvellement", "الإقامة"/"إقامة". Input is normalized. */
export function stem(token: string): string {
  if (isArabicScript(token)) {
    let t = token;
    for (const p of ARABIC_PREFIXES) {
      if (t.startsWith(p) && t.length - p.length >= 3) {
        t = t.slice(p.length);
        break;
      }
    }
    for (const s of ARABIC_SUFFIXES) {
      if (t.endsWith(s) && t.length - s.length >= 3) {
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
  for (const s of LATIN_SUFFIXES) {
    if (t.endsWith(s) && t.length - s.length >= 4) {
      t = t.slice(0, -s.length);
      break;
    }
  }
  return t;
}
