import type { PreparedContent } from './prepareContent.js';
import { SUPPORTED_LOCALES } from '../config/configSchema.js';
import { formatDay } from '../i18n/formatDates.js';

/**
 * Words in each language the bot reads, a greeting, a typed question with a typo, Darija in
 * Arabic script and in Latin letters: enough to run every path of the language detector and the
 * search once (normalizing, stemming, the lexicon's phrases, typo tolerance).
 */
const SAMPLES = [
  'bonjour',
  'carte de sejoure renouvelement',
  'kifach njaded la carte',
  'كيفاش نجدد بطاقة الإقامة',
  'how do I renew my residence card',
  '¿cómo renuevo mi tarjeta de residencia?',
  'azul, mamek ad ssnfluɣ lkart',
];

/**
 * V8 compiles a function the first time it runs, and a Worker's first request paid for every
 * function its turn met first (the first typed question cost 17-23 ms of the free plan's 10 ms of CPU). Run at a Worker's module
 * start (its start-up, allowed 1 s): pure work on the content only, no I/O, clock or randomness
 * (refused there), nothing kept but what V8 compiled (and the search's typo memo, which these
 * words would fill at the first request anyway).
 */
export function warmContent(prepared: PreparedContent): void {
  for (const text of SAMPLES) {
    prepared.languages.detect(text);
    prepared.index.search(text);
  }
  // An article's "reviewed on" date: the first Intl.DateTimeFormat of each language loads its
  // locale data (~5-15 ms, the first typed question's cost before this), kept by formatDates.
  for (const locale of SUPPORTED_LOCALES) formatDay('2026-01-15', locale);
}
