/** "mon-fri 09:00-16:30" or "mon-thu 08:30-16:30; fri 08:30-11:30" (days: mon tue wed thu fri sat sun). */
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];

export interface OfficeHours {
  /** day index (0 = Sunday) -> [start minute, end minute) in the Center's time zone */
  ranges: Map<number, [number, number][]>;
  timeZone: string;
}

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

export function parseOfficeHours(spec: string, timeZone: string): OfficeHours {
  const ranges = new Map<number, [number, number][]>();
  for (const part of spec.toLowerCase().split(';')) {
    const m = /^\s*(\w{3})(?:-(\w{3}))?\s+(\d\d:\d\d)-(\d\d:\d\d)\s*$/.exec(part);
    if (!m) continue;
    const from = DAYS.indexOf(m[1] as Day);
    const to = DAYS.indexOf((m[2] ?? m[1]) as Day);
    for (let d = from; ; d = (d + 1) % 7) {
      const list = ranges.get(d) ?? [];
      list.push([minutes(m[3]!), minutes(m[4]!)]);
      ranges.set(d, list);
      if (d === to) break;
    }
  }
  return { ranges, timeZone };
}

/** One formatter per time zone: making one costs far more than using it (~1 ms; more on a Worker's first use). */
const clocks = new Map<string, Intl.DateTimeFormat>();
function clockIn(timeZone: string): Intl.DateTimeFormat {
  let f = clocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clocks.set(timeZone, f);
  }
  return f;
}

/** Day of week and minute of day at `at` in the Center's time zone. */
function localTime(at: number, timeZone: string): { day: number; minute: number } {
  const parts = clockIn(timeZone).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return { day: DAYS.indexOf(get('weekday').toLowerCase().slice(0, 3) as Day), minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

export function isOpen(hours: OfficeHours, at: number): boolean {
  const { day, minute } = localTime(at, hours.timeZone);
  return (hours.ranges.get(day) ?? []).some(([a, b]) => minute >= a && minute < b);
}

/** The next time the Center opens, as epoch ms (checked minute by minute over a week, in steps). */
export function nextOpening(hours: OfficeHours, at: number): number | null {
  if (isOpen(hours, at)) return at;
  const step = 15 * 60_000;
  let t = Math.ceil(at / step) * step;
  for (let i = 0; i < (8 * 24 * 60) / 15; i++, t += step) if (isOpen(hours, t)) return t;
  return null;
}
