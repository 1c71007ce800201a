import { Hono } from 'hono';
import { SUPPORTED_LOCALES, type Locale } from '../../config/configSchema.js';
import type { I18n } from '../../i18n/createI18n.js';
import { localeFromHint } from '../../i18n/createI18n.js';
import type { Channel } from '../channel.js';
import { renderWebchatPage, WEBCHAT_CSS, WEBCHAT_JS } from './webchatPage.js';
import { webchatRoutes, type WebchatDeps } from './webchatRoutes.js';

const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/**
 * The web chat: its page (in the browser's language, or ?lang=), the page's script and style, and
 * its JSON API. Replies are pulled: they come in the answer to each message, and the page reads
 * the conversation back (after a reload, an advisor's message).
 */
export function createWebchatChannel(deps: WebchatDeps & { i18n: I18n; defaultLocale: Locale }): Channel {
  const app = new Hono();
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
  return { name: 'webchat', delivery: 'pull', routes: { path: '/', app } };
}
