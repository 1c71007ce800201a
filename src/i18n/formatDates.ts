import type { Locale } from '../config/configSchema.js';

/**
 * Dates and days as a person reads them, from Intl (CLDR) in the sentence's own language: never an
 * ISO date, never a French day name inside a Tachelhit or Arabic sentence.
 * - Arabic and Darija: Moroccan month names (ar-MA: "غشت", "نونبر"); in Arabic the standard name
 *   follows in brackets, "22 نونبر (نوفمبر) 2026", for a Sudanese or Syrian reader who does not know
 *   the Moroccan one. Latin digits, as Moroccans write them.
 * - Tachelhit: CLDR's Tachelhit in Latin script (shi-Latn: "asiḍyas 15 ɣuct 2026").
 * - French, English, Spanish: their own (en-GB for a day-month order).
 */
export const INTL_LOCALE: Record<Locale, string> = { ar: 'ar-MA', ary: 'ar-MA', shi: 'shi-Latn-MA', fr: 'fr-MA', en: 'en-GB', es: 'es' };

/** When a runtime has no CLDR data for a language (Intl falls back to its default), this one is used instead. */
const INTL_FALLBACK: Record<Locale, string> = { ar: 'ar', ary: 'ar', shi: 'fr-MA', fr: 'fr', en: 'en', es: 'es' };

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formats.set(key, f);
  }
  return f;
}

function intlFor(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const wanted = INTL_LOCALE[locale] ?? 'fr-MA';
  const f = formatter(wanted, options);
  const lang = wanted.split('-')[0]!;
  return f.resolvedOptions().locale.startsWith(lang) ? f : formatter(INTL_FALLBACK[locale] ?? 'fr', options);
}

/** Formats `date` for `locale`; in Arabic a Moroccan month name gets its standard one beside it. */
function format(date: Date, locale: Locale, options: Intl.DateTimeFormatOptions): string {
  const parts = intlFor(locale, options).formatToParts(date);
  if (locale === 'ar' && options.month === 'long') {
    const standard = formatter('ar', { month: 'long', timeZone: options.timeZone ?? 'UTC' }).format(date);
    for (const p of parts) if (p.type === 'month' && p.value !== standard) p.value = `${p.value} (${standard})`;
  }
  return parts.map((p) => p.value).join('');
}

/** A calendar day ("2026-11-22") in words: "22 novembre 2026", "22 نونبر (نوفمبر) 2026", "22 nuwanbir 2026". */
export function formatDay(isoDay: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!m) return isoDay;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return format(date, locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
}

/** A day of the week and a time in the Center's time zone: "lundi 09:00", "الاثنين 09:00", "aynas 09:00". */
export function formatWeekdayTime(at: number, locale: Locale, timeZone: string): string {
  return format(new Date(at), locale, { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/** A date and time in the Center's time zone: "jeudi 12 décembre, 10:00", "الخميس 12 دجنبر (ديسمبر) 10:00". */
export function formatDateTime(at: number, locale: Locale, timeZone: string): string {
  return format(new Date(at), locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}
