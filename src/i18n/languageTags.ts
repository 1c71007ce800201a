import type { Locale } from '../config/configSchema.js';

/**
 * The BCP 47 tag of a locale for HTML's `lang`: Tachelhit is written here in Latin script, while
 * CLDR's default script for `shi` is Tifinagh, so it is `shi-Latn`; the others are their codes.
 */
export const LANGUAGE_TAGS: Record<Locale, string> = { ar: 'ar', ary: 'ary', shi: 'shi-Latn', fr: 'fr', en: 'en', es: 'es' };

/**
 * The tag of a text in this language (a locale, or another language the words were recognised in,
 * such as `it`): Darija typed in Latin letters ("wach kayn") is `ary-Latn`.
 */
export function languageTag(language: Locale | string, text = ''): string {
  if (language === 'ary' && text && !/\p{Script=Arabic}/u.test(text) && /\p{Script=Latin}/u.test(text)) return 'ary-Latn';
  return LANGUAGE_TAGS[language as Locale] ?? language;
}
