import { Hono } from 'hono';
import type { Logger } from '../core/assistantDeps.js';
import type { Store } from '../core/ports.js';
import { InboundNotRecordedError } from '../core/createAssistant.js';
import type { ServiceHealth } from '../health/serviceHealth.js';
import { isDatabaseUnavailable } from '../storage/databaseUnavailable.js';
import { servedOverHttps, type RequestTrust } from './requestTrust.js';
import { storageFailureOf } from '../storage/storageFailure.js';
import { gzipResponses } from './gzipResponses.js';
import { mountSiteIcon } from './siteIcon.js';

export interface HttpDeps {
  store: Store;
  log: Logger;
  trust: RequestTrust;
  /** The database's state (a remote one reports its outages there). */
  database?: ServiceHealth;
  /**
   * Compress responses here (gzip, `gzipResponses`): on Node. Not on Workers, where Cloudflare
   * compresses at its edge (gzip or Brotli) and a Worker that sets Content-Encoding itself gets
   * its body compressed a second time (docs/architecture.md, "The web chat page").
   */
  compress?: boolean;
}

/** No request body anywhere is larger (webhooks); each route reads at most its own limit. */
export const MAX_BODY = 64 * 1024;
/** Browsers that reached us over https keep to https for 180 days. */
const HSTS = 'max-age=15552000';
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
  // Text over 512 bytes is gzipped; the console's live updates (text/event-stream) are left alone, so
  // each event leaves at once instead of waiting in a compressor's buffer.
  if (deps.compress) app.use('*', gzipResponses());
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
      // A remote database's outage is logged once by its state, not at every check of a monitor.
      if (isDatabaseUnavailable(error)) return c.json({ status: 'error', error: 'database unavailable' }, 503);
      const kind = storageFailureOf(error);
      deps.log.error('healthz.db_failed', { kind: kind ?? 'unavailable' });
      return c.json({ status: 'error', error: kind === 'full' ? 'the disk is full: the database cannot write' : kind === 'read_only' ? 'the database is read-only' : 'database unavailable' }, 503);
    }
  });

  mountSiteIcon(app);

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
      return c.json({ error: 'your message could not be saved: try again in a minute', saved: false }, 503);
    }
    const kind = storageFailureOf(error);
    deps.log.error('http.unhandled', { path: c.req.path, error: error.name, ...(kind ? { storage: kind } : {}) });
    if (kind) return c.json({ error: 'the service cannot write right now; try again later' }, 503);
    return c.json({ error: 'internal error; try again later' }, 500);
  });
  return app;
}
