import type { ConsoleLang } from './consoleVocabulary.js';

/** Intl locales for the console's languages (Moroccan Arabic and French: Latin digits, the Center's conventions). */
export const INTL_LOCALE: Record<ConsoleLang, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

/**
 * "14 min", "2 h 05", "3 d" in the reader's language. Self-contained: the console's script runs
 * this very function (its source is embedded), so the page's timers read as the server wrote them.
 * The server gives its formatters (`unitFormat`, made once); the page makes them as it goes.
 */
export function formatAge(ms: number, locale: string, unitFormat?: (locale: string, unit: string) => Intl.NumberFormat): string {
  // No inner function: the source must stay self-contained once embedded (no bundler helper).
  const minutes = Math.max(0, Math.floor(ms / 60000));
  const hours = Math.floor(minutes / 60);
  const parts: [number, string][] =
    minutes < 60 ? [[minutes, 'minute']] : hours < 24 ? (hours < 10 && minutes % 60 ? [[hours, 'hour'], [minutes % 60, 'minute']] : [[hours, 'hour']]) : [[Math.floor(hours / 24), 'day']];
  let out = '';
  for (const [n, unit] of parts) out += (out ? ' ' : '') + (unitFormat ? unitFormat(locale, unit) : new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' })).format(n);
  return out;
}

/**
 * Intl formatters, made once per locale and time zone: making one costs ~0.1-0.2 ms, and the
 * process's first with a time zone ~17 ms (ICU's time zone data), more than a Worker's whole
 * budget for a request (10 ms of CPU). `warmConsoleFormats` makes them with the app.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions & { timeZone: string }): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}
const unitFormats = new Map<string, Intl.NumberFormat>();
function unitFormat(locale: string, unit: string): Intl.NumberFormat {
  const key = `${locale}|${unit}`;
  let f = unitFormats.get(key);
  if (!f) unitFormats.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' })));
  return f;
}

/** Makes every formatter the console uses, in its three languages (with the app: not in a request). */
export function warmConsoleFormats(timeZone: string): void {
  for (const lang of Object.keys(INTL_LOCALE) as ConsoleLang[]) {
    const f = new ConsoleFormat(lang, timeZone, 0);
    f.when(0);
    f.day(0);
    for (const ms of [60_000, 3_600_000 + 60_000, 86_400_000]) f.age(ms);
  }
}

/** Times as the Center reads them (TZ_CENTER), in the advisor's language. */
export class ConsoleFormat {
  readonly locale: string;
  private readonly clockFmt: Intl.DateTimeFormat;
  private readonly dayFmt: Intl.DateTimeFormat;
  private readonly dateTimeFmt: Intl.DateTimeFormat;
  private readonly dateKeyFmt: Intl.DateTimeFormat;

  constructor(
    lang: ConsoleLang,
    readonly timeZone: string,
    readonly now: number,
  ) {
    this.locale = INTL_LOCALE[lang];
    this.clockFmt = dateFormat(this.locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.dayFmt = dateFormat(this.locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
    this.dateTimeFmt = dateFormat(this.locale, { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.dateKeyFmt = dateFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  /** "14:32" */
  clock(at: number): string {
    return this.clockFmt.format(new Date(at));
  }

  /** "14:32" today, "3 Dec, 14:32" another day. */
  when(at: number): string {
    return this.dayKey(at) === this.dayKey(this.now) ? this.clock(at) : this.dateTimeFmt.format(new Date(at));
  }

  /** "Thursday 3 December" */
  day(at: number): string {
    return this.dayFmt.format(new Date(at));
  }

  /** "2026-12-03", the Center's calendar day. */
  dayKey(at: number): string {
    return this.dateKeyFmt.format(new Date(at));
  }

  /** How long ago, or how long it lasted. */
  age(ms: number): string {
    return formatAge(ms, this.locale, unitFormat);
  }

  since(at: number): string {
    return formatAge(this.now - at, this.locale, unitFormat);
  }
}
