import * as z from 'zod/mini';

/** OFFICE_HOURS as written: "mon-fri 09:00-16:30", or several ranges ("mon-thu 08:30-16:30; fri 08:30-11:30"). */
export const officeHoursSchema = z.pipe(
  z.string().check(z.trim(), z.toLowerCase()),
  z.string().check(
    z.refine(
      (s) => s.split(';').every((part) => /^\s*(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?\s+([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d\s*$/.test(part)),
      'must look like "mon-fri 09:00-16:30" (several ranges separated by ";")',
    ),
  ),
);
