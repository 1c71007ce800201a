import type { Locale } from '../config/configSchema.js';
import { formatDateTime } from '../i18n/formatDates.js';

/**
 * Wall-clock times in the Center's time zone (Africa/Casablanca: UTC+1, UTC+0 during Ramadan).
 * Admins type dates and times as they read them in Agadir; these helpers turn them into instants
 * and back, with Intl only (no library, the same on Node and Workers).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** One formatter per time zone: making one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(at: number, timeZone: string): Record<string, number> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(at))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The time zone's offset from UTC at `at`, in milliseconds (Casablanca: +3,600,000 most of the year). */
export function offsetMs(at: number, timeZone: string): number {
  const p = parts(at, timeZone);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - Math.floor(at / 1000) * 1000;
}

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function isTime(s: string): boolean {
  return TIME.test(s);
}

/** The instant of a wall-clock date and time in the time zone ("2026-12-12", "10:00"). */
export function zonedToEpoch(date: string, time: string, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes: the offset at the first guess may differ from the offset at the answer (a change of hour).
  let at = wall - offsetMs(wall, timeZone);
  at = wall - offsetMs(at, timeZone);
  return at;
}

/** "2026-12-12" in the time zone. */
export function localDate(at: number, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** "10:00" in the time zone. */
export function localTime(at: number, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** The date `days` after `date` ("2026-12-31" + 1 = "2027-01-01"). */
export function addDays(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

/** Each local day from `from` to `to` (inclusive), with the instants it starts and ends. */
export function localDays(from: string, to: string, timeZone: string): { day: string; start: number; end: number }[] {
  const out: { day: string; start: number; end: number }[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    out.push({ day, start: zonedToEpoch(day, '00:00', timeZone), end: zonedToEpoch(addDays(day, 1), '00:00', timeZone) });
  }
  return out;
}

/** A date and time for a person, in their language and the Center's time zone ("jeudi 12 décembre à 10:00"; see i18n/formatDates). */
export function formatWhen(at: number, locale: string, timeZone: string): string {
  return formatDateTime(at, locale as Locale, timeZone);
}
