import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { BODY_TOO_LARGE } from '../http/readRequestBody.js';
import { readForm, type FormFields } from '../http/readForm.js';
import type { I18n } from '../i18n/createI18n.js';
import { ConsoleFormat } from './consoleFormat.js';
import { isConsoleLang, type ConsoleLang, type ConsoleVocabulary } from './consoleVocabulary.js';

/** A console string in the page's language. */
export type T = (key: string, params?: Record<string, string | number>) => string;

/** What every console page (advisor and admin) shares: its headers and its language. */
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
export const CONSOLE_LANG_COOKIE = 'tawjih_console_lang';

/** Strict CSP, no framing, no caching of pages that show people's messages. */
export const consoleHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  // A response that set its own (a person's file: a sandbox) keeps it.
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CONSOLE_CSP);
  c.header('X-Frame-Options', 'DENY');
  // Pages are never kept; the style and script (hashed names) say their own caching.
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};

/** The console's language: ?lang=, then the cookie, then the browser's; French by default. */
export function consoleLang(c: Context): ConsoleLang {
  const q = c.req.query('lang') ?? getCookie(c, CONSOLE_LANG_COOKIE) ?? c.req.header('accept-language')?.slice(0, 2) ?? '';
  return isConsoleLang(q) ? q : 'fr';
}

/** A chosen language (?lang=) is kept for the next pages (`keep` sets the cookie, Secure behind https). */
export function rememberLang(keep: (c: Context, lang: ConsoleLang) => void): MiddlewareHandler {
  return async (c, next) => {
    const asked = c.req.query('lang');
    if (asked && isConsoleLang(asked)) keep(c, asked);
    await next();
  };
}

/** The request's form, already read (and bounded) by the console's first middleware. */
export async function formOf(c: Context): Promise<FormFields | null> {
  const form = await readForm(c);
  return form === BODY_TOO_LARGE ? null : form;
}

/** The console's strings (locales/<lang>/console.json) in the request's language. */
export function consoleTranslator(i18n: I18n): (c: Context) => T {
  return (c) => {
    const l = consoleLang(c);
    return (key, params) => i18n.t(l, key, params as Record<string, string>, 'console');
  };
}

/** What a console page needs to speak the advisor's language: strings, names of ids, times. */
export interface View {
  t: T;
  lang: ConsoleLang;
  fmt: ConsoleFormat;
  vocab: ConsoleVocabulary;
}

export function viewOf(c: Context, d: { i18n: I18n; vocab: ConsoleVocabulary; timeZone: string; now: number }): View {
  return viewIn(consoleLang(c), d);
}

/** A console page's view in one language, without a request. */
export function viewIn(lang: ConsoleLang, d: { i18n: I18n; vocab: ConsoleVocabulary; timeZone: string; now: number }): View {
  return { t: (key, params) => d.i18n.t(lang, key, params as Record<string, string>, 'console'), lang, fmt: new ConsoleFormat(lang, d.timeZone, d.now), vocab: d.vocab };
}
