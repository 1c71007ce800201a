import { formatAge } from './consoleFormat.js';

/**
 * The console's script (the CSP allows no inline script): keyboard shortcuts that never fire while
 * typing, drafts of replies and notes kept in the browser (across live updates and reloads, for 12
 * hours, dropped once sent and at sign-out), timers that tick, canned replies, and live updates
 * that replace the page's `data-live` parts without losing what the advisor is typing.
 */
export const CONSOLE_JS = String.raw`
(() => {
  'use strict';
  const formatAge = ${formatAge.toString()};
  const LOCALES = { fr: 'fr-MA', ar: 'ar-MA', en: 'en-GB' };
  const locale = LOCALES[document.documentElement.lang] || 'fr-MA';
  const skew = Number(document.body.dataset.now || Date.now()) - Date.now();
  const now = () => Date.now() + skew;
  const $ = (s) => document.querySelector(s);

  // Drafts: "tawjih.draft.<ticket>.<reply|note>" = {text, at}.
  const DRAFT = 'tawjih.draft.';
  const TTL = 12 * 3600 * 1000;
  let store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  function readDraft(key) {
    if (!store || !key) return '';
    try { const d = JSON.parse(store.getItem(DRAFT + key) || 'null'); return d && now() - d.at < TTL ? d.text : ''; } catch (e) { return ''; }
  }
  function writeDraft(key, text) {
    if (!store || !key) return;
    try { if (text) store.setItem(DRAFT + key, JSON.stringify({ text: text, at: now() })); else store.removeItem(DRAFT + key); } catch (e) { /* full or refused */ }
  }
  function forgetDrafts(all) {
    if (!store) return;
    for (let i = store.length - 1; i >= 0; i--) {
      const k = store.key(i);
      if (!k || k.indexOf(DRAFT) !== 0) continue;
      let old = true;
      try { const d = JSON.parse(store.getItem(k)); old = !d || now() - d.at >= TTL; } catch (e) { old = true; }
      if (all || old) store.removeItem(k);
    }
  }
  function restoreDrafts() {
    for (const el of document.querySelectorAll('textarea[data-draft]')) if (!el.value) el.value = readDraft(el.dataset.draft);
  }
  // A draft goes once the server took it: the page after the form shows no error.
  try {
    const sent = sessionStorage.getItem('tawjih.sent');
    if (sent) { sessionStorage.removeItem('tawjih.sent'); if (!$('.error[role=alert]')) writeDraft(sent, ''); }
  } catch (e) { /* no session storage */ }
  forgetDrafts(false);
  restoreDrafts();
  document.addEventListener('input', (e) => { const el = e.target; if (el && el.dataset && el.dataset.draft) writeDraft(el.dataset.draft, el.value); });
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (form.id === 'logout') forgetDrafts(true);
    const box = form.querySelector ? form.querySelector('textarea[data-draft]') : null;
    if (box) try { sessionStorage.setItem('tawjih.sent', box.dataset.draft); } catch (err) { /* ignore */ }
  });

  // Sign-in: the slow part of checking a password runs here, not on the server (advisors/passwords.ts):
  // a key derived from the password, salted with the email, goes with the form.
  const login = document.getElementById('login');
  if (login && window.crypto && crypto.subtle && window.TextEncoder) {
    login.addEventListener('submit', (e) => {
      e.preventDefault();
      const field = (name) => login.elements.namedItem(name);
      const button = login.querySelector('button[type=submit]');
      button.disabled = true;
      button.textContent = login.dataset.busy;
      login.setAttribute('aria-busy', 'true');
      const enc = new TextEncoder();
      const salt = enc.encode('tawjih-console:' + field('email').value.trim().toLowerCase());
      crypto.subtle.importKey('raw', enc.encode(field('password').value.normalize('NFKC')), 'PBKDF2', false, ['deriveBits'])
        .then((k) => crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt, iterations: Number(login.dataset.iterations) }, k, 256))
        .then((bits) => { field('key').value = btoa(String.fromCharCode.apply(null, new Uint8Array(bits))); }, () => { field('key').value = ''; })
        .then(() => login.submit());
    });
  }

  // Canned replies go into the reply box.
  document.addEventListener('click', (e) => {
    const b = e.target.closest ? e.target.closest('.canned-item') : null;
    const box = $('#reply-text');
    if (!b || !box) return;
    box.value = (box.value ? box.value.replace(/\s+$/, '') + '\n' : '') + b.dataset.text;
    writeDraft(box.dataset.draft, box.value);
    const d = b.closest('details');
    if (d) d.open = false;
    box.focus();
  });

  // Timers: how long a ticket waits, how long the WhatsApp window stays open.
  function tick() {
    let expired = false;
    for (const el of document.querySelectorAll('[data-since]')) {
      const age = formatAge(now() - Number(el.dataset.since), locale);
      el.textContent = el.dataset.tpl ? el.dataset.tpl.replace('{{age}}', age) : age;
    }
    for (const el of document.querySelectorAll('[data-until]')) {
      const left = Number(el.dataset.until) - now();
      if (left <= 0) expired = true;
      else el.textContent = el.dataset.tpl.replace('{{age}}', formatAge(left, locale));
    }
    if (expired) schedule();
  }
  setInterval(tick, 30000);

  // Shortcuts (not while typing in a field, nor with Ctrl, Alt or Cmd).
  const dialog = $('#shortcuts');
  function openHelp() { if (dialog && !dialog.open) dialog.showModal(); }
  const helpButton = $('#shortcuts-open');
  if (helpButton) helpButton.addEventListener('click', openHelp);
  function focusOn(sel) {
    const el = $(sel);
    if (!el) return false;
    el.scrollIntoView({ block: 'center' });
    el.focus();
    return true;
  }
  let selected = null;
  function select(delta) {
    const list = Array.from(document.querySelectorAll('#queue .ticket'));
    if (!list.length) return;
    let i = list.findIndex((li) => li.dataset.ticket === selected);
    i = i < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, i + delta));
    for (const li of list) li.classList.remove('selected');
    list[i].classList.add('selected');
    selected = list[i].dataset.ticket;
    const a = list[i].querySelector('a');
    if (a) { a.focus(); a.scrollIntoView({ block: 'nearest' }); }
  }
  function follow(rel) { const a = $('a[rel=' + rel + ']'); if (a) { location.href = a.href; return true; } return false; }
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && t.matches && t.matches('textarea') && t.form) { e.preventDefault(); t.form.requestSubmit(); return; }
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const typing = t && t.closest ? t.closest('input, textarea, select, [contenteditable]') : null;
    if (e.key === 'Escape') { if (typing) t.blur(); return; }
    if (typing || (dialog && dialog.open)) return;
    const onQueue = !!$('#queue');
    let done = true;
    switch (e.key) {
      case 'j': if (onQueue) select(1); else done = follow('next'); break;
      case 'k': if (onQueue) select(-1); else done = follow('prev'); break;
      case 'r': done = focusOn('#reply-text') || focusOn('#claim'); break;
      case 'n': done = focusOn('#note-text'); break;
      case 'c': done = focusOn('#close-outcome'); break;
      case '/': done = focusOn('#search'); break;
      case '?': openHelp(); break;
      default: done = false;
    }
    if (done) e.preventDefault();
  });

  // The history opens at its end and stays there while the advisor is there (a photo that loads
  // later must not push the last messages out of view); scrolling up to read stops that.
  let stick = true;
  const first = $('.history');
  if (first) first.scrollTop = first.scrollHeight;
  document.addEventListener('scroll', (e) => {
    const h = e.target;
    if (h && h.classList && h.classList.contains('history')) stick = h.scrollHeight - h.scrollTop - h.clientHeight < 60;
  }, true);
  document.addEventListener('load', (e) => {
    const h = $('.history');
    if (stick && h && e.target && e.target.closest && e.target.closest('.history')) h.scrollTop = h.scrollHeight;
  }, true);

  // Live updates: the server says something changed; the page's live parts are fetched again.
  if (!window.EventSource || document.body.dataset.live !== '1') return;
  let pending = null;
  let busy = false;
  let stale = false;
  // When the server made what the page shows (its clock): a change at or after it is not shown.
  let madeAt = Number(document.body.dataset.now) || 0;
  function schedule() { clearTimeout(pending); pending = setTimeout(refresh, 150); }
  async function refresh() {
    if (document.hidden || busy) { stale = true; return; }
    busy = true;
    stale = false;
    try {
      const res = await fetch(location.href, { credentials: 'same-origin' });
      if (res.ok && !res.redirected) {
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        madeAt = Number(doc.body && doc.body.dataset.now) || madeAt;
        swap(doc);
      }
    } catch (e) { /* offline: the next change tries again */ }
    busy = false;
    if (stale && !document.hidden) schedule();
  }
  // The history is patched in place: a message that did not change keeps its element, never
  // moved (a voice note goes on playing, a photo is not fetched again); new ones are inserted.
  function patchHistory(cur, next) {
    const a = cur.querySelector('ol.history');
    const b = next.querySelector('ol.history');
    if (!a || !b) { cur.replaceWith(document.importNode(next, true)); return; }
    const old = new Map(Array.from(a.children).map((li) => [li.dataset.id, li]));
    let at = a.firstElementChild;
    for (const li of Array.from(b.children)) {
      const same = old.get(li.dataset.id);
      old.delete(li.dataset.id);
      if (same && same.outerHTML === li.outerHTML) {
        if (same === at) at = at.nextElementSibling; else a.insertBefore(same, at);
        continue;
      }
      if (same) { if (same === at) at = at.nextElementSibling; same.remove(); }
      a.insertBefore(document.importNode(li, true), at);
    }
    for (const li of old.values()) li.remove();
  }
  function swap(doc) {
    const active = document.activeElement;
    const activeId = active && active.id;
    const inQueue = !!(active && active.closest && active.closest('#queue'));
    const caret = active && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
    const values = {};
    for (const el of document.querySelectorAll('[data-live] textarea[id], [data-live] select[id], [data-live] input[id]')) {
      if (el.type !== 'hidden') values[el.id] = el.type === 'checkbox' ? el.checked : el.value;
    }
    const open = Array.from(document.querySelectorAll('[data-live] details[open][id]')).map((d) => d.id);
    const h = $('.history');
    const atBottom = !h || h.scrollHeight - h.scrollTop - h.clientHeight < 60;
    const top = h ? h.scrollTop : 0;
    const height = h ? h.scrollHeight : 0;
    for (const cur of Array.from(document.querySelectorAll('[data-live][id]'))) {
      const next = doc.getElementById(cur.id);
      if (next && cur.id === 'history') patchHistory(cur, next);
      else if (next) cur.replaceWith(document.importNode(next, true));
    }
    for (const id of Object.keys(values)) {
      const el = document.getElementById(id);
      if (!el) continue;
      if (el.type === 'checkbox') el.checked = values[id];
      else if (el.tagName !== 'SELECT' || Array.from(el.options).some((o) => o.value === values[id])) el.value = values[id];
    }
    restoreDrafts();
    for (const id of open) { const d = document.getElementById(id); if (d) d.open = true; }
    if (activeId) {
      const el = document.getElementById(activeId);
      if (el && el !== document.activeElement) {
        el.focus({ preventScroll: true });
        if (caret && typeof el.selectionStart === 'number') el.setSelectionRange(caret[0], caret[1]);
      }
    }
    if (selected) {
      const li = document.querySelector('#queue .ticket[data-ticket="' + CSS.escape(selected) + '"]');
      if (li) { li.classList.add('selected'); const a = li.querySelector('a'); if (a && inQueue) a.focus({ preventScroll: true }); }
    }
    // Scrolled only when the history changed: setting scrollTop stops a scroll under way (the
    // advisor's arrow keys or wheel), and a refresh that changed nothing there must not.
    const h2 = $('.history');
    if (h2 && (h2 !== h || h2.scrollHeight !== height)) h2.scrollTop = atBottom ? h2.scrollHeight : top;
    document.title = doc.title;
    tick();
  }
  document.addEventListener('visibilitychange', () => { if (!document.hidden && stale) schedule(); });
  // A ticket page follows its own ticket (each refresh is an audited reading); other pages follow all.
  const grid = $('.ticket-grid[data-ticket]');
  const own = grid ? grid.dataset.ticket : null;
  const es = new EventSource('/advisor/events');
  // At every (re)connection the server says when its last change was: one made after the page
  // (while the stream was connecting, or down) reached nobody, so the page fetches itself again.
  es.addEventListener('ready', (e) => {
    let at = 0;
    try { at = Number(JSON.parse(e.data).changedAt) || 0; } catch (err) { at = 0; }
    if (at && at >= madeAt) schedule();
  });
  es.addEventListener('change', (e) => {
    let id = '';
    try { id = JSON.parse(e.data).ticketId || ''; } catch (err) { id = ''; }
    if (!own || !id || id === own) schedule();
  });
})();
`;
