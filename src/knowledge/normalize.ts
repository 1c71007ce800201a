/**
 * Text normalization shared by search, command keywords and option labels.
 * Pure functions, no dependencies: runs the same on Node and Workers.
 */

const ARABIC_CHAR_MAP: Record<string, string> = {
  'ة': 'ه', // taa marbuta
  'ى': 'ي', // alef maqsura
  'ی': 'ي', // farsi yeh
  'ک': 'ك', // keheh
  'گ': 'ك', // Moroccan gaf, often typed as kaf
  'ڭ': 'ك',
  'ڤ': 'ف',
  'پ': 'ب',
  'ٱ': 'ا',
};

const ARABIC_INDIC_DIGITS = /[٠-٩۰-۹]/g;

/** Arabizi: digits that stand for Arabic letters inside Latin words. */
const ARABIZI_DIGITS: Record<string, string> = { '2': 'a', '3': 'a', '5': 'kh', '6': 't', '7': 'h', '8': 'gh', '9': 'k' };

export function isArabicScript(text: string): boolean {
  return /[\u0600-\u06FF]/.test(text);
}

/** Normalizes one Latin token the way chat users spell: Arabizi digits, ch/sh, ou/u, q/k, repeats. */
function normalizeLatinToken(token: string): string {
  let t = token;
  if (/[a-z]/.test(t) && /[0-9]/.test(t)) {
    t = t.replace(/3'/g, 'gh').replace(/[2356789]/g, (d) => ARABIZI_DIGITS[d] ?? d);
  }
  t = t
    .replace(/sh/g, 'ch')
    .replace(/ou/g, 'u')
    .replace(/q/g, 'k')
    .replace(/ph/g, 'f')
    .replace(/y/g, 'i')
    .replace(/w/g, 'u');
  return t.replace(/(.)\1+/g, '$1');
}

function normalizeArabicToken(token: string): string {
  let t = token.replace(/[\u0640]/g, ''); // tatweel
  t = t.replace(/[ةىیکگڭڤپٱ]/g, (c) => ARABIC_CHAR_MAP[c] ?? c);
  t = t.replace(/ء/g, ''); // lone hamza
  return t.replace(/(.)\1{2,}/g, '$1');
}

/**
 * Full normalization: NFKC, case folding, accents and Arabic diacritics removed, alef/hamza/yaa/
 * taa-marbuta unified, Arabizi digits and digraphs mapped, punctuation to spaces.
 * Returns space-separated tokens.
 */
export function normalizeText(input: string): string {
  const folded = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(ARABIC_INDIC_DIGITS, (d) => String((d.charCodeAt(0) & 0xf) % 10))
    .normalize('NFD')
    .replace(/\p{M}/gu, '') // Latin accents, Arabic harakat, hamza above/below (أ إ آ ؤ ئ -> ا و ي)
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[’'`´]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (!folded) return '';
  return folded.split(' ').map(normalizeToken).filter(Boolean).join(' ');
}

/**
 * Per-token results, remembered: building the index normalizes the same words over and over.
 * Pure function of the token; the memory is emptied when it grows past TOKEN_MEMO_MAX.
 */
const tokenMemo = new Map<string, string>();
const TOKEN_MEMO_MAX = 30_000;

/** Empties the memory (an index calls it once built: queries need few of the build's words). */
export function forgetTokenMemo(): void {
  tokenMemo.clear();
}

function normalizeToken(tok: string): string {
  let out = tokenMemo.get(tok);
  if (out === undefined) {
    out = isArabicScript(tok) ? normalizeArabicToken(tok) : normalizeLatinToken(tok);
    if (tokenMemo.size >= TOKEN_MEMO_MAX) tokenMemo.clear();
    tokenMemo.set(tok, out);
  }
  return out;
}

export function tokenize(input: string): string[] {
  const n = normalizeText(input);
  return n ? n.split(' ') : [];
}
