import { Hono } from 'hono';
import type { Logger } from '../core/assistantDeps.js';
import type { Store } from '../core/ports.js';

export interface HttpDeps {
  store: Store;
  log: Logger;
}

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
    } catch {
      deps.log.error('healthz.db_failed');
      return c.json({ status: 'error', error: 'database unavailable' }, 503);
    }
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    deps.log.error('http.unhandled', { path: c.req.path, error: error.name });
    return c.json({ error: 'internal error; your message is saved, try again' }, 500);
  });
  return app;
}
