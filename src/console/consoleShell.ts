import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Locale } from '../config/configSchema.js';
import type { I18n } from '../i18n/createI18n.js';
import type { T } from './consolePages.js';

/** What every console page (advisor and admin) shares: its headers and its language. */
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
export const CONSOLE_LANG_COOKIE = 'tawjih_console_lang';

/** Strict CSP, no framing, no caching of pages that show people's messages. */
export const consoleHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  // A response that set its own (a person's file: a sandbox) keeps it.
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CONSOLE_CSP);
  c.header('X-Frame-Options', 'DENY');
  c.header('Cache-Control', 'no-store');
};

/** The console's language: ?lang=, then the cookie, then the browser's; French by default. */
export function consoleLang(c: Context): Locale {
  const q = c.req.query('lang') ?? getCookie(c, CONSOLE_LANG_COOKIE) ?? c.req.header('accept-language')?.slice(0, 2);
  return (['fr', 'en', 'ar'] as const).includes(q as 'fr') ? (q as Locale) : 'fr';
}

/** The console's strings (locales/<lang>/console.json) in the request's language. */
export function consoleTranslator(i18n: I18n): (c: Context) => T {
  return (c) => {
    const l = consoleLang(c);
    return (key, params) => i18n.t(l, key, params as Record<string, string>, 'console');
  };
}
