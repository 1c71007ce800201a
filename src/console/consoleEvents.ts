import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { EventHub } from '../handoff/eventHub.js';
import type { HandoffStore } from '../handoff/handoffPorts.js';
import type { ConsoleAuth, ConsoleEnv } from './consoleAuth.js';

/** How a live stream paces itself: its ping, and on Workers its length (then the browser reconnects). */
export interface LiveStreamTiming {
  pingMs: number;
  /** The stream ends after this long (the browser's EventSource opens a new one at once); none: it lasts. */
  maxMs?: number;
}
export const NODE_LIVE_STREAM: LiveStreamTiming = { pingMs: 25_000 };
/** A Worker's request may not run up more than 10 ms of CPU: short streams, each check a small part of it. */
export const WORKER_LIVE_STREAM: LiveStreamTiming = { pingMs: 10_000, maxMs: 60_000 };

/**
 * Live updates: one "change" event whenever a ticket or its conversation moves (`{kind, ticketId}`),
 * a ping every 25 s, while the session lasts. It ends at logout (at once), at its expiry, or when
 * the account is disabled (checked before every event and every ping): the stream closes, nothing
 * more is sent. An open console is an advisor on the console: each ping keeps their presence fresh
 * (at most one write a minute).
 *
 * The event hub is this process's: a change made by another one (a Worker's other isolates, the
 * WhatsApp Web process beside a Worker) reaches the stream through the database, which says when
 * the console's picture last changed (`lastChangeAt`): at the stream's start (the `ready` event,
 * which the page compares with when it was made) and at every ping (a "change" for everyone).
 */
export function consoleEvents(d: { hub: EventHub; store: HandoffStore; auth: ConsoleAuth; now: () => number; live?: LiveStreamTiming }) {
  const live = d.live ?? NODE_LIVE_STREAM;
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
      const expiry = setTimeout(stop, Math.max(0, Math.min(expiresAt - d.now(), live.maxMs ?? Infinity, 2 ** 31 - 1)));
      stream.onAbort(stop);
      // The last change the database said, or this process's hub delivered.
      const changedInDatabase = () => d.store.lastChangeAt().catch(() => 0);
      let seen = Math.max(d.hub.lastChangeAt, await changedInDatabase());
      try {
        // What changed before this stream opened: the page compares it with when it was made.
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ changedAt: seen }), retry: 1000 });
        while (!ended && !stream.aborted) {
          if (!queue.length) {
            let timer: ReturnType<typeof setTimeout> | undefined;
            await new Promise<void>((r) => ((wake = r), (timer = setTimeout(r, live.pingMs))));
            clearTimeout(timer);
          }
          wake = null;
          if (ended || stream.aborted || !(await d.auth.sessionByHash(tokenHash))) break;
          if (!queue.length) {
            const at = await changedInDatabase();
            if (at > Math.max(seen, d.hub.lastChangeAt)) queue.push(JSON.stringify({ kind: 'ticket', ticketId: '' }));
            else await stream.writeSSE({ event: 'ping', data: '{}' });
            seen = Math.max(seen, at);
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
