import type { OutageReason } from '../core/ports.js';

/**
 * The remote database (Turso) could not be reached, stalled or failed on its side: nothing was
 * read or written. Requests then get a 503 (try again), the background work waits, and what was
 * recorded before stays recorded.
 */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
  constructor(readonly reason: OutageReason) {
    super(`database unavailable (${reason})`);
  }
}

/** Whether an error (or one of its causes: the libSQL client and Drizzle wrap it) is the database's outage. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
  }
  return false;
}
