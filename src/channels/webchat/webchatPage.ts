import type { Locale } from '../../config/configSchema.js';
import type { I18n } from '../../i18n/createI18n.js';

const WEB_KEYS = ['title', 'heading', 'subtitle', 'placeholder', 'send', 'start', 'you', 'bot', 'advisor', 'error_network', 'error_generic', 'error_not_saved', 'sending'];
const PAGE_LOCALES: Locale[] = ['ar', 'ary', 'shi', 'fr', 'en', 'es'];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The web chat page: works on a phone screen, right-to-left in Arabic, buttons for choices. */
export function renderWebchatPage(i18n: I18n, locale: Locale): string {
  const strings = Object.fromEntries(PAGE_LOCALES.map((l) => [l, Object.fromEntries(WEB_KEYS.map((k) => [k, i18n.t(l, k, undefined, 'web')]))]));
  const s = strings[locale]!;
  const data = JSON.stringify({ locale, strings, dirs: Object.fromEntries(PAGE_LOCALES.map((l) => [l, i18n.dir(l)])) }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${locale}" dir="${i18n.dir(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(s.title!)}</title>
<link rel="stylesheet" href="/webchat/app.css">
</head>
<body>
<header><h1>${escapeHtml(s.heading!)}</h1><p id="subtitle">${escapeHtml(s.subtitle!)}</p></header>
<main id="log" aria-live="polite"></main>
<p id="status" role="status"></p>
<form id="composer" autocomplete="off">
  <input id="text" name="text" maxlength="4000" placeholder="${escapeHtml(s.placeholder!)}" aria-label="${escapeHtml(s.placeholder!)}" dir="auto">
  <button id="send" type="submit">${escapeHtml(s.send!)}</button>
</form>
<script id="tawjih-data" type="application/json">${data}</script>
<script src="/webchat/app.js" defer></script>
</body>
</html>`;
}

export const WEBCHAT_CSS = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Arabic","Noto Sans",sans-serif;background:#f4f1ea;color:#1d1d1b;display:flex;flex-direction:column;max-width:720px;margin:0 auto}
header{background:#0b6e4f;color:#fff;padding:.6rem 1rem}
header h1{margin:0;font-size:1.2rem}
header p{margin:.1rem 0 0;font-size:.85rem;opacity:.9}
main{flex:1;overflow-y:auto;padding:.75rem;display:flex;flex-direction:column;gap:.5rem}
.msg{max-width:88%;padding:.55rem .75rem;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;box-shadow:0 1px 1px rgba(0,0,0,.08)}
.msg.bot{align-self:flex-start}
.msg.advisor{align-self:flex-start;border-inline-start:4px solid #c17c00}
.msg.me{align-self:flex-end;background:#d7f0e3}
.msg.me.not-saved{background:#fde8e8;border:1px dashed #8a1c1c}
.msg[dir=rtl]{text-align:right}
.iso{white-space:nowrap}
.who{display:block;font-size:.75rem;color:#5d5d5a;margin-bottom:.15rem}
.choices{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.5rem}
.choices button{font:inherit;font-size:.95rem;padding:.45rem .7rem;border-radius:18px;border:1px solid #0b6e4f;background:#fff;color:#0b6e4f;cursor:pointer;min-height:40px}
.choices button:disabled{opacity:.45;cursor:default}
#status{min-height:1.2em;margin:0 .75rem;font-size:.85rem;color:#8a1c1c}
form{display:flex;gap:.5rem;padding:.6rem;background:#fff;border-top:1px solid #ddd}
input{flex:1;font:inherit;padding:.6rem .7rem;border:1px solid #bbb;border-radius:20px;min-width:0}
form button{font:inherit;padding:.6rem 1rem;border:0;border-radius:20px;background:#0b6e4f;color:#fff}
`;

/** The page's script: no framework, small enough for a cheap phone on a slow network. */
export const WEBCHAT_JS = String.raw`
(() => {
  const data = JSON.parse(document.getElementById('tawjih-data').textContent);
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const sendBtn = document.getElementById('send');
  const status = document.getElementById('status');
  let locale = data.locale;
  const key = 'tawjih.conversationId';
  let conversationId = localStorage.getItem(key);
  if (!conversationId || !/^[A-Za-z0-9_-]{8,64}$/.test(conversationId)) {
    const bytes = new Uint8Array(16); crypto.getRandomValues(bytes);
    conversationId = 'w' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem(key, conversationId);
  }
  // The server's order is the conversation's: the cursor only moves with what GET returns.
  let lastId = null;
  const seen = new Set();
  // Sends under way, and how many have started: a poll that crossed a send leaves the person's
  // own messages to that send's answer (they are already on screen).
  let sending = 0, sends = 0;
  const str = (k) => (data.strings[locale] || data.strings.fr)[k];
  function applyLocale(l) {
    if (!data.strings[l]) return;
    locale = l;
    document.documentElement.lang = l;
    document.documentElement.dir = data.dirs[l];
    input.placeholder = str('placeholder');
    input.setAttribute('aria-label', str('placeholder'));
    sendBtn.textContent = str('send');
    document.getElementById('subtitle').textContent = str('subtitle');
    document.querySelector('header h1').textContent = str('heading');
    document.title = str('title');
  }
  // **bold**, [label](url) and bare links, built as DOM nodes (never innerHTML); the same
  // grammar as src/core/replyMarkup.ts. Isolates (U+2066-2069) are text, never part of a link.
  const MARKUP = /\*\*([^*\n]+)\*\*|\[([^\]\n]+)\]\((https?:\/\/[^\s)\u2066-\u2069]+)\)|(https?:\/\/[^\s<>"\u2066-\u2069]+)/gu;
  const URL_TAIL = /[.,;:!?)\]»"'،؛…]+$/u;
  function link(el, href, label) {
    const a = document.createElement('a'); a.href = href; a.textContent = label; a.target = '_blank'; a.rel = 'noopener noreferrer'; el.appendChild(a);
  }
  // A short isolated run (a phone number, a date, a time) is never cut across two lines.
  function plain(el, text) {
    text.split(/([\u2066-\u2068][^\u2066-\u2069]{1,24}\u2069)/).forEach((part, i) => {
      if (!part) return;
      if (i % 2) { const s = document.createElement('span'); s.className = 'iso'; s.textContent = part; el.appendChild(s); }
      else el.appendChild(document.createTextNode(part));
    });
  }
  function renderRich(el, text) {
    let last = 0;
    for (const m of text.matchAll(MARKUP)) {
      if (m.index > last) plain(el, text.slice(last, m.index));
      last = m.index + m[0].length;
      if (m[1] !== undefined) { const b = document.createElement('strong'); b.textContent = m[1]; el.appendChild(b); }
      else if (m[2] !== undefined) link(el, m[3], m[2]);
      else {
        const tail = (URL_TAIL.exec(m[4]) || [''])[0];
        const url = tail ? m[4].slice(0, -tail.length) : m[4];
        link(el, url, url);
        if (tail) el.appendChild(document.createTextNode(tail));
      }
    }
    if (last < text.length) plain(el, text.slice(last));
  }
  function disableOldChoices() { log.querySelectorAll('.choices button').forEach((b) => { b.disabled = true; }); }
  // Only the buttons of the last message work; after the person's own message, none.
  function liveChoices() {
    disableOldChoices();
    const last = log.lastElementChild;
    if (last && !last.classList.contains('me')) last.querySelectorAll('.choices button').forEach((b) => { b.disabled = false; });
  }
  // The person's own message: its direction from its first letter (the server's history says it too).
  function addMine(text, dir) {
    const div = document.createElement('div');
    div.className = 'msg me'; div.dir = dir || 'auto'; plain(div, text);
    log.appendChild(div); log.scrollTop = log.scrollHeight;
    return div;
  }
  function addReply(r) {
    const div = document.createElement('div');
    div.className = 'msg ' + (r.author === 'advisor' ? 'advisor' : 'bot');
    div.dir = r.dir; div.lang = r.locale; div.dataset.id = r.id;
    if (r.author === 'advisor') { const w = document.createElement('span'); w.className = 'who'; w.textContent = str('advisor'); div.appendChild(w); }
    const p = document.createElement('div'); p.className = 'text'; renderRich(p, r.text); div.appendChild(p);
    if (r.choices && r.choices.length) {
      const box = document.createElement('div'); box.className = 'choices';
      r.choices.forEach((c) => {
        const b = document.createElement('button'); b.type = 'button'; b.textContent = c.label; b.dataset.choice = c.id;
        b.addEventListener('click', () => send({ choice: c.id }, c.label));
        box.appendChild(b);
      });
      div.appendChild(box);
    }
    log.appendChild(div); log.scrollTop = log.scrollHeight;
    if (r.locale && r.locale !== locale) applyLocale(r.locale);
  }
  // One message of the conversation, from a send's answer or from the server's history.
  function addItem(r) {
    if (seen.has(r.id)) return;
    seen.add(r.id);
    if (r.author === 'person') addMine(r.text, r.dir); else addReply(r);
    liveChoices();
  }
  async function send(body, shown) {
    disableOldChoices();
    const mine = addMine(shown);
    status.textContent = '';
    sending++; sends++;
    const messageId = 'm' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          const res = await fetch('/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify(Object.assign({ conversationId, locale, messageId }, body)) });
          if (res.status === 503) {
            // Not saved (the server cannot write): the person is told so, and gets their text back.
            const why = await res.json().catch(() => ({}));
            if (why.saved === false) {
              status.textContent = str('error_not_saved');
              if (mine) mine.classList.add('not-saved');
              if (body.text && !input.value) input.value = body.text;
              return;
            }
          }
          if (res.status >= 500) throw new Error('server');
          const json = await res.json();
          if (!res.ok) { status.textContent = str('error_generic'); return; }
          if (json.message) {
            seen.add(json.message.id);
            // The server's reading of it: its direction, numbers and Latin words isolated if it reads right to left.
            if (json.message.dir && body.text) { mine.dir = json.message.dir; mine.textContent = ''; plain(mine, json.message.text); }
          }
          (json.replies || []).forEach(addItem);
          return;
        } catch (e) {
          status.textContent = str('error_network');
          await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
        }
      }
    } finally {
      sending--;
      // What came meanwhile (an advisor's message) is fetched now, in the server's order.
      void poll();
    }
  }
  let polling = null;
  function poll() {
    polling = polling || pollOnce().finally(() => { polling = null; });
    return polling;
  }
  async function pollOnce() {
    try {
      for (let page = 0; page < 50; page++) {
        const startedWith = sends;
        const res = await fetch('/webchat/api/messages?conversationId=' + conversationId + (lastId ? '&after=' + encodeURIComponent(lastId) : ''));
        if (!res.ok) return;
        const replies = (await res.json()).replies || [];
        const crossed = sending > 0 || sends !== startedWith;
        replies.forEach((r) => {
          lastId = r.id;
          if (r.author === 'person' && crossed) return;
          addItem(r);
        });
        if (replies.length < 200) return;
      }
    } catch (e) { /* offline: try again later */ }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    // A question typed first is the start: the "start" button goes.
    const start = document.getElementById('start');
    if (start) start.closest('.msg').remove();
    send({ text }, text);
  });
  poll().then(() => {
    if (!lastId) {
      const div = document.createElement('div'); div.className = 'msg bot';
      const box = document.createElement('div'); box.className = 'choices';
      const b = document.createElement('button'); b.type = 'button'; b.textContent = str('start'); b.id = 'start';
      b.addEventListener('click', () => { div.remove(); send({ text: str('start') }, str('start')); });
      box.appendChild(b); div.appendChild(box); log.appendChild(div);
    }
  });
  setInterval(poll, 4000);
})();
`;
