import type { ConsoleLang } from './consoleVocabulary.js';

/** Intl locales for the console's languages (Moroccan Arabic and French: Latin digits, the Center's conventions). */
export const INTL_LOCALE: Record<ConsoleLang, string> = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };

/**
 * "14 min", "2 h 05", "3 d" in the reader's language. Self-contained: the console's script runs
 * this very function (its source is embedded), so the page's timers read as the server wrote them.
 */
export function formatAge(ms: number, locale: string): string {
  // No inner function: the source must stay self-contained once embedded (no bundler helper).
  const minutes = Math.max(0, Math.floor(ms / 60000));
  const hours = Math.floor(minutes / 60);
  const parts: [number, string][] =
    minutes < 60 ? [[minutes, 'minute']] : hours < 24 ? (hours < 10 && minutes % 60 ? [[hours, 'hour'], [minutes % 60, 'minute']] : [[hours, 'hour']]) : [[Math.floor(hours / 24), 'day']];
  let out = '';
  for (const [n, unit] of parts) out += (out ? ' ' : '') + new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(n);
  return out;
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
    this.clockFmt = new Intl.DateTimeFormat(this.locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.dayFmt = new Intl.DateTimeFormat(this.locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
    this.dateTimeFmt = new Intl.DateTimeFormat(this.locale, { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.dateKeyFmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
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
    return formatAge(ms, this.locale);
  }

  since(at: number): string {
    return formatAge(this.now - at, this.locale);
  }
}
