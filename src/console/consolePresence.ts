import type { Context } from 'hono';
import type { HandoffStore } from '../handoff/handoffPorts.js';
import type { ConsoleEnv } from './consoleAuth.js';

/** On the console now: seen in the last five minutes (an open console page checks in every minute). */
export const ONLINE_MS = 5 * 60_000;

/** Each advisor's last sign of life (the Transfer menu's "on the console"), written at most once a minute. */
export function presence(d: { store: HandoffStore; now: () => number }) {
  const touched = new Map<string, number>();
  return async (c: Context<ConsoleEnv>, next: () => Promise<void>) => {
    const id = c.get('session').advisor.id;
    const now = d.now();
    if ((touched.get(id) ?? 0) < now - 60_000) {
      touched.set(id, now);
      await d.store.touchAdvisor(id, now);
    }
    await next();
  };
}
