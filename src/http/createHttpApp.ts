import { Hono } from 'hono';
import type { Locale } from '../config/configSchema.js';
import { SUPPORTED_LOCALES } from '../config/configSchema.js';
import type { Logger } from '../core/assistantDeps.js';
import type { Store } from '../core/ports.js';
import type { I18n } from '../i18n/createI18n.js';
import { localeFromHint } from '../i18n/createI18n.js';
import { renderWebchatPage, WEBCHAT_CSS, WEBCHAT_JS } from '../channels/webchat/webchatPage.js';
import { webchatRoutes, type WebchatDeps } from '../channels/webchat/webchatRoutes.js';

export interface HttpDeps extends WebchatDeps {
  store: Store;
  i18n: I18n;
  log: Logger;
  defaultLocale: Locale;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/** The one HTTP app, the same on Node and Workers: web chat, its page, health. */
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

  app.get('/', (c) => {
    const asked = c.req.query('lang');
    const fromQuery = asked && (SUPPORTED_LOCALES as readonly string[]).includes(asked) ? (asked as Locale) : null;
    const fromHeader = localeFromHint(c.req.header('accept-language')?.split(',')[0]);
    c.header('Content-Security-Policy', PAGE_CSP);
    return c.html(renderWebchatPage(deps.i18n, fromQuery ?? fromHeader ?? deps.defaultLocale));
  });
  app.get('/webchat/app.js', (c) => c.body(WEBCHAT_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/webchat/app.css', (c) => c.body(WEBCHAT_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));

  app.route('/webchat/api', webchatRoutes(deps));

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => {
    deps.log.error('http.unhandled', { path: c.req.path, error: error.name });
    return c.json({ error: 'internal error; your message is saved, try again' }, 500);
  });
  return app;
}
