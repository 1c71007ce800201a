import type { Locale } from '../config/configSchema.js';

/**
 * Dates and days as a person reads them, from Intl (CLDR) in the sentence's own language: never an
 * ISO date, never a French day name inside a Tachelhit or Arabic sentence.
 * - Arabic and Darija: Moroccan month names (ar-MA: "غشت", "نونبر"); in Arabic the standard name
 *   follows in brackets, "22 نونبر (نوفمبر) 2026", for a Sudanese or Syrian reader who does not know
 *   the Moroccan one. Latin digits, as Moroccans write them.
 * - Tachelhit: CLDR's Tachelhit in Latin script (shi-Latn: "asiḍyas 15 ɣuct 2026"); where Intl has
 *   no Tachelhit (workerd), the same CLDR names from a table.
 * - French, English, Spanish: their own (en-GB for a day-month order).
 */
export const INTL_LOCALE: Record<Locale, string> = { ar: 'ar-MA', ary: 'ar-MA', shi: 'shi-Latn-MA', fr: 'fr-MA', en: 'en-GB', es: 'es' };

/** When a runtime has no CLDR data for a language (Intl falls back to its default), this one is used instead (Tachelhit: its own table below). */
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

/**
 * CLDR's Tachelhit (shi-Latn) month and day names, for a runtime whose Intl has no Tachelhit
 * (Cloudflare's workerd): the same words Node's ICU gives (a test compares them).
 */
const SHI_MONTHS = ['innayr', 'bṛayṛ', 'maṛṣ', 'ibrir', 'mayyu', 'yunyu', 'yulyuz', 'ɣuct', 'cutanbir', 'ktubr', 'nuwanbir', 'dujanbir'];
const SHI_DAYS = ['asamas', 'aynas', 'asinas', 'akṛas', 'akwas', 'asimwas', 'asiḍyas'];
const EN_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Tachelhit as CLDR writes it ("asiḍyas 12 dujanbir 10:00"), without Intl's Tachelhit data. */
export function formatTachelhitWithoutCldr(date: Date, options: Intl.DateTimeFormatOptions): string {
  const parts = formatter('en-GB', { timeZone: options.timeZone ?? 'UTC', weekday: 'short', day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const out: string[] = [];
  if (options.weekday) out.push(SHI_DAYS[EN_DAYS.indexOf(get('weekday'))]!);
  if (options.day) out.push(String(Number(get('day'))));
  if (options.month) out.push(SHI_MONTHS[Number(get('month')) - 1]!);
  if (options.year) out.push(get('year'));
  if (options.hour) out.push(`${get('hour')}:${get('minute')}`);
  return out.join(' ');
}

const hasTachelhit = () => formatter('shi-Latn-MA', { month: 'long' }).resolvedOptions().locale.startsWith('shi');

/** Formats `date` for `locale`; in Arabic a Moroccan month name gets its standard one beside it. */
function format(date: Date, locale: Locale, options: Intl.DateTimeFormatOptions): string {
  if (locale === 'shi' && !hasTachelhit()) return formatTachelhitWithoutCldr(date, options);
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
