import type { Locale } from '../../config/configSchema.js';
import type { I18n } from '../../i18n/createI18n.js';
import { LANGUAGE_TAGS } from '../../i18n/languageTags.js';
import { contentHash, hashedAsset, type StaticAsset } from '../../http/staticAssets.js';
import { ICON } from '../../http/siteIcon.js';
import { WEBCHAT_MARKUP_SCRIPT } from './webchatMarkup.js';
import { WEBCHAT_SCRIPT } from './webchatScript.js';
import { WEBCHAT_CSS } from './webchatStyle.js';
import { webchatServiceWorker } from './webchatServiceWorker.js';

const WEB_KEYS = ['title', 'heading', 'subtitle', 'label', 'placeholder', 'send', 'start', 'you', 'bot', 'advisor', 'conversation', 'waiting', 'error_network', 'error_generic', 'error_not_saved'];
const PAGE_LOCALES: Locale[] = ['ar', 'ary', 'shi', 'fr', 'en', 'es'];
export const SERVICE_WORKER_PATH = '/webchat-sw.js';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface WebchatAssets {
  css: StaticAsset;
  /** The page's script with the six languages' strings: it changes only when they or the code do. */
  js: StaticAsset;
  /** The service worker (a fixed name: browsers look for updates of it), with its ETag. */
  sw: { body: string; type: string; etag: string };
  /** The page in a language, with its ETag. */
  page(locale: Locale): { html: string; etag: string };
}

/** The page, its script and style, built once from the locales (they are constant while the process runs). */
export function webchatAssets(i18n: I18n): WebchatAssets {
  const strings = Object.fromEntries(PAGE_LOCALES.map((l) => [l, Object.fromEntries(WEB_KEYS.map((k) => [k, i18n.t(l, k, undefined, 'web')]))]));
  const dirs = Object.fromEntries(PAGE_LOCALES.map((l) => [l, i18n.dir(l)]));
  const data = `const STRINGS = ${JSON.stringify(strings)}, DIRS = ${JSON.stringify(dirs)}, TAGS = ${JSON.stringify(LANGUAGE_TAGS)};`;
  const css = hashedAsset('/webchat', 'app', 'css', WEBCHAT_CSS, 'text/css; charset=utf-8');
  const js = hashedAsset('/webchat', 'app', 'js', `(() => {\n${data}\n${WEBCHAT_MARKUP_SCRIPT}${WEBCHAT_SCRIPT}})();\n`, 'text/javascript; charset=utf-8');
  const swBody = webchatServiceWorker([js.path, css.path, ICON.path], contentHash(js.path + css.path + ICON.path));
  const pages = new Map<Locale, { html: string; etag: string }>();
  return {
    css,
    js,
    sw: { body: swBody, type: 'text/javascript; charset=utf-8', etag: `"${contentHash(swBody)}"` },
    page(locale) {
      let p = pages.get(locale);
      if (!p) {
        const html = renderWebchatPage(strings[locale]!, locale, i18n.dir(locale), { css: css.path, js: js.path });
        p = { html, etag: `"${contentHash(html)}"` };
        pages.set(locale, p);
      }
      return p;
    },
  };
}

/** The web chat page: works on a phone screen, right-to-left in Arabic, buttons for choices. */
function renderWebchatPage(s: Record<string, string>, locale: Locale, dir: 'rtl' | 'ltr', paths: { css: string; js: string }): string {
  const e = (k: string) => escapeHtml(s[k]!);
  return `<!doctype html>
<html lang="${LANGUAGE_TAGS[locale]}" dir="${dir}" data-locale="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e('title')}</title>
<link rel="icon" href="${ICON.path}" type="image/svg+xml">
<link rel="stylesheet" href="${paths.css}">
<script src="${paths.js}" defer></script>
</head>
<body>
<header><h1 id="heading">${e('heading')}</h1><p id="subtitle">${e('subtitle')}</p></header>
<main><div id="log" role="log" aria-label="${e('conversation')}"></div></main>
<form id="composer" autocomplete="off">
<p id="status" role="status"></p>
<label id="text-label" for="text">${e('label')}</label>
<textarea id="text" name="text" rows="1" maxlength="4000" placeholder="${e('placeholder')}" dir="auto" enterkeyhint="send"></textarea>
<button id="send" type="submit">${e('send')}</button>
</form>
</body>
</html>`;
}
