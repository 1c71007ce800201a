import type { Clock, IdSource } from './ports.js';

/** Sortable ids: time (base 36, fixed width) + a counter + randomness. */
export function createIdSource(clock: Clock, random: () => number = Math.random): IdSource {
  let lastTime = 0;
  let counter = 0;
  return {
    next(prefix) {
      const now = Math.max(clock.now(), lastTime);
      counter = now === lastTime ? counter + 1 : 0;
      lastTime = now;
      const time = now.toString(36).padStart(9, '0');
      const seq = counter.toString(36).padStart(4, '0');
      const rand = Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0');
      return `${prefix}_${time}${seq}${rand}`;
    },
  };
}

export const systemClock: Clock = { now: () => Date.now() };
