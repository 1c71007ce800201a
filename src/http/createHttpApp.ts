import { Hono } from 'hono';
import type { Logger } from '../core/assistantDeps.js';
import type { Store } from '../core/ports.js';
import { InboundNotRecordedError } from '../core/createAssistant.js';
import type { ServiceHealth } from '../health/serviceHealth.js';
import { isDatabaseUnavailable } from '../storage/databaseUnavailable.js';

export interface HttpDeps {
  store: Store;
  log: Logger;
  /** The database's state (a remote one reports its outages there). */
  database?: ServiceHealth;
}

/** What a request gets while the database cannot be reached: a clear 503, to try again shortly. */
export const DATABASE_UNAVAILABLE = { error: 'the database is unavailable: nothing was saved, try again in a minute' } as const;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * The one HTTP app, the same on Node and Workers: security headers, health, JSON errors. The
 * channels (web chat, webhooks) and the console are mounted on it by the composition root.
 */
export function createHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
  });

  app.get('/healthz', async (c) => {
    try {
      await deps.store.ping();
      return c.json({ status: 'ok' });
    } catch (error) {
      // A remote database's outage is logged once by its state, not at every check of a monitor.
      if (!isDatabaseUnavailable(error)) deps.log.error('healthz.db_failed');
      return c.json({ status: 'error', error: 'database unavailable' }, 503);
    }
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    // The database's outage (logged once by its health): a 503 and a wait, not an internal error.
    if (isDatabaseUnavailable(error) || deps.database?.down) {
      c.header('Retry-After', '30');
      return c.json(DATABASE_UNAVAILABLE, 503);
    }
    if (error instanceof InboundNotRecordedError) {
      deps.log.error('http.not_recorded', { path: c.req.path, error: error.cause instanceof Error ? error.cause.name : 'unknown' });
      c.header('Retry-After', '30');
      return c.json({ error: 'your message could not be saved: try again in a minute' }, 503);
    }
    deps.log.error('http.unhandled', { path: c.req.path, error: error.name });
    return c.json({ error: 'internal error; your message is saved, try again' }, 500);
  });
  return app;
}
