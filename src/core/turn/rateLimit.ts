import type { Pace } from '../decide/decideTurn.js';

/**
 * Messages one person may send in a minute before the bot asks them, once, to slow down; after
 * that their messages are recorded and not answered until they slow down. In memory: people
 * silent for a minute are forgotten (swept once a minute).
 */
export function createRateLimit(perMinute: number): (key: string, now: number) => Pace {
  const recent = new Map<string, { times: number[]; warned: boolean }>();
  let sweptAt = 0;
  return (key, now) => {
    if (now - sweptAt >= 60_000) {
      sweptAt = now;
      for (const [k, e] of recent) if (e.times[e.times.length - 1]! <= now - 60_000) recent.delete(k);
    }
    const entry = recent.get(key) ?? { times: [], warned: false };
    // concat: an array of exactly the times kept (push would reserve room for 16 more, per person).
    entry.times = entry.times.filter((t) => t > now - 60_000).concat(now);
    if (entry.times.length <= perMinute) entry.warned = false;
    recent.set(key, entry);
    if (entry.times.length <= perMinute) return 'ok';
    if (entry.warned) return 'silent';
    entry.warned = true;
    return 'warn';
  };
}
