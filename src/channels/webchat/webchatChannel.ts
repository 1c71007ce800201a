import { Hono } from 'hono';
import { SUPPORTED_LOCALES, type Locale } from '../../config/configSchema.js';
import type { I18n } from '../../i18n/createI18n.js';
import { localeFromHint } from '../../i18n/createI18n.js';
import { IMMUTABLE, REVALIDATE, serveAsset } from '../../http/staticAssets.js';
import type { Channel } from '../channel.js';
import { SERVICE_WORKER_PATH, webchatAssets } from './webchatPage.js';
import { webchatRoutes, type WebchatDeps } from './webchatRoutes.js';

const PAGE_CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/**
 * The web chat: its page (in the browser's language, or ?lang=), the page's script, style and
 * service worker, and its JSON API. Replies are pulled: they come in the answer to each message,
 * and the page reads the conversation back (after a reload, an advisor's message).
 * The page is revalidated by its ETag (a 304 on the next visit); the script and style have their
 * content's hash in their names and are cached for a year.
 */
export function createWebchatChannel(deps: WebchatDeps & { i18n: I18n; defaultLocale: Locale }): Channel {
  const app = new Hono();
  const assets = webchatAssets(deps.i18n);
  app.get('/', (c) => {
    const asked = c.req.query('lang');
    const fromQuery = asked && (SUPPORTED_LOCALES as readonly string[]).includes(asked) ? (asked as Locale) : null;
    const fromHeader = localeFromHint(c.req.header('accept-language')?.split(',')[0]);
    const page = assets.page(fromQuery ?? fromHeader ?? deps.defaultLocale);
    return serveAsset(c, { body: page.html, type: 'text/html; charset=utf-8', etag: page.etag }, REVALIDATE, { 'content-security-policy': PAGE_CSP, vary: 'Accept-Language' });
  });
  app.get(assets.js.path, (c) => serveAsset(c, assets.js, IMMUTABLE));
  app.get(assets.css.path, (c) => serveAsset(c, assets.css, IMMUTABLE));
  app.get(SERVICE_WORKER_PATH, (c) => serveAsset(c, assets.sw, REVALIDATE));
  app.route('/webchat/api', webchatRoutes(deps));
  return { name: 'webchat', delivery: 'pull', routes: { path: '/', app } };
}
