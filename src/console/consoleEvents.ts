import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { EventHub } from '../handoff/eventHub.js';
import type { HandoffStore } from '../handoff/handoffPorts.js';
import type { ConsoleAuth, ConsoleEnv } from './consoleAuth.js';

/**
 * Live updates: one "change" event whenever a ticket or its conversation moves (`{kind, ticketId}`),
 * a ping every 25 s, while the session lasts. It ends at logout (at once), at its expiry, or when
 * the account is disabled (checked before every event and every ping): the stream closes, nothing
 * more is sent. An open console is an advisor on the console: each ping keeps their presence fresh
 * (at most one write a minute).
 */
export function consoleEvents(d: { hub: EventHub; store: HandoffStore; auth: ConsoleAuth; now: () => number }) {
  return async (c: Context<ConsoleEnv>) => {
    const tokenHash = (await d.auth.sessionHash(c))!;
    const { advisor, expiresAt } = c.get('session');
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | null = null;
      let ended = false;
      const queue: string[] = [];
      const stop = () => {
        ended = true;
        wake?.();
      };
      // The browser learns which ticket moved (a ticket page refreshes only for its own), never a conversation id.
      const off = d.hub.subscribe((e) => {
        void (e.ticketId || !e.conversationId ? Promise.resolve(e.ticketId) : d.store.openTicketFor(e.conversationId).catch(() => null)).then((ticketId) => {
          queue.push(JSON.stringify({ kind: e.kind, ticketId: ticketId ?? '' }));
          wake?.();
        });
      });
      const offEnd = d.auth.onSessionEnd((hash) => hash === tokenHash && stop());
      const expiry = setTimeout(stop, Math.max(0, Math.min(expiresAt - d.now(), 2 ** 31 - 1)));
      stream.onAbort(stop);
      try {
        // What changed before this stream opened: the page compares it with when it was made.
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ changedAt: d.hub.lastChangeAt }) });
        while (!ended && !stream.aborted) {
          if (!queue.length) {
            let timer: ReturnType<typeof setTimeout> | undefined;
            await new Promise<void>((r) => ((wake = r), (timer = setTimeout(r, 25_000))));
            clearTimeout(timer);
          }
          wake = null;
          if (ended || stream.aborted || !(await d.auth.sessionByHash(tokenHash))) break;
          if (!queue.length) {
            await stream.writeSSE({ event: 'ping', data: '{}' });
            await d.store.touchAdvisor(advisor.id, d.now()).catch(() => undefined);
          }
          while (queue.length) await stream.writeSSE({ event: 'change', data: queue.shift()! });
        }
      } finally {
        off();
        offEnd();
        clearTimeout(expiry);
      }
    });
  };
}
