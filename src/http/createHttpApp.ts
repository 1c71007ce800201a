import { Hono } from 'hono';
import type { Logger } from '../core/assistantDeps.js';
import type { Store } from '../core/ports.js';
import { servedOverHttps, type RequestTrust } from './requestTrust.js';
import { storageFailureOf } from '../storage/storageFailure.js';

export interface HttpDeps {
  store: Store;
  log: Logger;
  trust: RequestTrust;
}

/** No request body anywhere is larger (webhooks); each route reads at most its own limit. */
export const MAX_BODY = 64 * 1024;
/** Browsers that reached us over https keep to https for 180 days. */
const HSTS = 'max-age=15552000';

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
    // A declared body larger than any route accepts is refused before anything is read.
    if (Number(c.req.header('content-length') ?? 0) > MAX_BODY) {
      c.res = c.json({ error: `body is larger than ${MAX_BODY} bytes` }, 413);
    } else await next();
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) c.header(k, v);
    if (servedOverHttps(c, deps.trust)) c.header('Strict-Transport-Security', HSTS);
    // Refused for its size: the rest of the body is not waited for (Node closes the connection).
    if (c.res.status === 413 && (c.env as { incoming?: unknown } | undefined)?.incoming) c.header('Connection', 'close');
  });

  // Healthy means the database answers and can still write: a full disk or a read-only file
  // stores nothing people send, so the monitor must know (503).
  app.get('/healthz', async (c) => {
    try {
      await deps.store.ping();
      await deps.store.probeWrite(Date.now());
      return c.json({ status: 'ok' });
    } catch (error) {
      const kind = storageFailureOf(error);
      deps.log.error('healthz.db_failed', { kind: kind ?? 'unavailable' });
      return c.json({ status: 'error', error: kind === 'full' ? 'the disk is full: the database cannot write' : kind === 'read_only' ? 'the database is read-only' : 'database unavailable' }, 503);
    }
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    const kind = storageFailureOf(error);
    deps.log.error('http.unhandled', { path: c.req.path, error: error.name, ...(kind ? { storage: kind } : {}) });
    if (kind) return c.json({ error: 'the service cannot write right now; try again later' }, 503);
    return c.json({ error: 'internal error; try again later' }, 500);
  });
  return app;
}
