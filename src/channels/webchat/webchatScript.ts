/**
 * The page's script: no framework, small enough for a cheap phone on a slow network. The strings
 * of the six languages are put in front of it by webchatAssets.ts (it is cached for a year).
 *
 * The markup of replies is drawn by WEBCHAT_MARKUP_SCRIPT (webchatMarkup.ts), put before it.
 *
 * Every message the person sends goes through a queue kept in localStorage: typed or tapped
 * offline, it is shown "waiting to send", survives a reload, and leaves when the connection is
 * back, in order, one at a time, each with its own messageId (a retry is answered once).
 */
export const WEBCHAT_SCRIPT = String.raw`
  const root = document.documentElement;
  const $ = (id) => document.getElementById(id);
  const log = $('log'), form = $('composer'), input = $('text'), status = $('status');
  let store = null;
  try { localStorage.setItem('tawjih.t', '1'); localStorage.removeItem('tawjih.t'); store = localStorage; } catch (e) { /* private mode: no queue across reloads */ }
  const get = (k) => (store ? store.getItem(k) : null);
  const set = (k, v) => { try { if (store) store.setItem(k, v); } catch (e) { /* full */ } };
  let conversationId = get('tawjih.conversationId');
  if (!conversationId || !/^[A-Za-z0-9_-]{8,64}$/.test(conversationId)) {
    const bytes = new Uint8Array(16); crypto.getRandomValues(bytes);
    conversationId = 'w' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    set('tawjih.conversationId', conversationId);
  }
  const asked = new URLSearchParams(location.search).get('lang');
  let locale = root.dataset.locale;
  const kept = get('tawjih.locale');
  if (!asked && kept && STRINGS[kept]) locale = kept;
  const str = (k) => (STRINGS[locale] || STRINGS.fr)[k];
  const tag = (l) => TAGS[l] || l;

  // The page's chrome in the conversation's language; who wrote each bubble says it in it too.
  function applyLocale(l) {
    if (!STRINGS[l]) return;
    locale = l; set('tawjih.locale', l);
    root.lang = tag(l); root.dir = DIRS[l]; root.dataset.locale = l;
    document.title = str('title');
    $('heading').textContent = str('heading');
    $('subtitle').textContent = str('subtitle');
    $('text-label').textContent = str('label');
    input.placeholder = str('placeholder');
    $('send').textContent = str('send');
    log.setAttribute('aria-label', str('conversation'));
    log.querySelectorAll('[data-who]').forEach((w) => { w.textContent = str(w.dataset.who); w.lang = tag(l); });
    log.querySelectorAll('.waiting-note').forEach((w) => { w.textContent = str('waiting'); w.lang = tag(l); });
    if (status.dataset.key) { status.textContent = str(status.dataset.key); status.lang = tag(l); }
  }
  function say(key) {
    if (key) { status.dataset.key = key; status.textContent = str(key); status.lang = tag(locale); }
    else { delete status.dataset.key; status.textContent = ''; }
  }
  // Who wrote a bubble, in the page's language: shown for an advisor, read aloud for everyone.
  function who(key, visible) {
    const w = document.createElement('span');
    w.className = visible ? 'who' : 'sr-only'; w.dataset.who = key; w.lang = tag(locale); w.textContent = str(key);
    return w;
  }
  // New messages go before the first one still waiting to be sent: the conversation's order.
  function insert(div) { log.insertBefore(div, log.querySelector('.queued')); }
  function liveChoices() {
    log.querySelectorAll('.choices button').forEach((b) => { b.disabled = true; });
    const last = log.lastElementChild;
    if (last && !last.classList.contains('me')) last.querySelectorAll('.choices button').forEach((b) => { b.disabled = false; });
  }
  // A tap's label is in the language of the buttons it was on.
  function lastReplyLang() {
    const bots = log.querySelectorAll('.msg:not(.me)');
    const last = bots[bots.length - 1];
    if (!last) return tag(locale);
    const box = last.querySelector('.choices');
    return (box && box.lang) || last.lang;
  }
  // A message's direction is its first letter's (the server's rule, src/i18n/bidiIsolate.ts).
  const directionOf = (text) => { const m = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]|\p{Script=Latin}/u.exec(text); return m && !/\p{Script=Latin}/u.test(m[0]) ? 'rtl' : 'ltr'; };
  function mine(text, dir, lang) {
    const div = document.createElement('div');
    div.className = 'msg me'; div.tabIndex = -1; div.dir = dir || directionOf(text); div.lang = lang || tag(locale);
    div.appendChild(who('you'));
    const p = document.createElement('span'); p.className = 'text'; plain(p, text); div.appendChild(p);
    return div;
  }
  function addReply(r) {
    const div = document.createElement('div');
    div.className = 'msg ' + (r.author === 'advisor' ? 'advisor' : 'bot'); div.tabIndex = -1;
    div.dir = r.dir; div.lang = r.lang || tag(r.locale); div.dataset.id = r.id;
    div.appendChild(who(r.author === 'advisor' ? 'advisor' : 'bot', r.author === 'advisor'));
    const p = document.createElement('div'); p.className = 'text'; renderRich(p, r.text); div.appendChild(p);
    if (r.choices && r.choices.length) {
      const box = document.createElement('div'); box.className = 'choices';
      if (tag(r.locale) !== div.lang) box.lang = tag(r.locale);
      r.choices.forEach((c) => {
        const b = document.createElement('button'); b.type = 'button'; b.textContent = c.label; b.dataset.choice = c.id;
        b.addEventListener('click', () => enqueue({ choice: c.id }, c.label, box.lang || div.lang, true));
        box.appendChild(b);
      });
      div.appendChild(box);
    }
    insert(div);
    if (r.locale && r.locale !== locale) applyLocale(r.locale);
    return div;
  }
  // The server's order is the conversation's: the cursor only moves with what GET returns.
  let lastId = null, loaded = false;
  const seen = new Set();
  function addItem(r) {
    if (seen.has(r.id)) return null;
    if (r.author === 'person' && adopt(r)) return null;
    seen.add(r.id);
    let div;
    if (r.author === 'person') { div = mine(r.text, r.dir, r.lang || (r.kind === 'tap' ? lastReplyLang() : tag(locale))); div.dataset.id = r.id; insert(div); }
    else div = addReply(r);
    liveChoices();
    return div;
  }
  function toEnd() { window.scrollTo(0, document.documentElement.scrollHeight); }

  // The queue: what the person sent and the server has not answered yet, kept across reloads.
  const QKEY = 'tawjih.queue.' + conversationId;
  let queue = [];
  try { queue = JSON.parse(get(QKEY) || '[]').filter((q) => q && q.id && q.body); } catch (e) { queue = []; }
  queue.forEach((q) => { delete q.posted; }); // sent by an earlier page: only the server's answer tells
  const saveQueue = () => set(QKEY, JSON.stringify(queue.map((q) => Object.assign({}, q, { posted: undefined }))));
  const bubbleOf = (item) => log.querySelector('.queued[data-mid="' + item.id + '"]');
  function showQueued(item) {
    const div = mine(item.shown, undefined, item.lang);
    div.classList.add('queued'); div.dataset.mid = item.id;
    log.appendChild(div);
    return div;
  }
  // "Waiting to send" under every message still in the queue, once a send could not go.
  function markWaiting() {
    log.querySelectorAll('.queued').forEach((div) => {
      if (div.querySelector('.waiting-note')) return;
      const n = document.createElement('span'); n.className = 'waiting-note'; n.lang = tag(locale); n.textContent = str('waiting'); div.appendChild(n);
    });
  }
  function settle(div, message) {
    div.classList.remove('queued'); delete div.dataset.mid;
    const note = div.querySelector('.waiting-note'); if (note) note.remove();
    if (!message) return;
    div.dataset.id = message.id; seen.add(message.id);
    if (message.lang) div.lang = message.lang;
    if (message.dir && message.text) { div.dir = message.dir; const p = div.querySelector('.text'); p.textContent = ''; plain(p, message.text); }
  }
  function enqueue(body, shown, lang, tapped) {
    const item = { id: 'm' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8), body, shown, lang: lang || tag(locale), locale, tapped: !!tapped };
    queue.push(item); saveQueue();
    lastActivity = Date.now(); pollDelay = 4000;
    const div = showQueued(item);
    liveChoices();
    if (tapped) div.focus(); else toEnd();
    if (!navigator.onLine) { markWaiting(); say('error_network'); }
    flush();
  }
  // Sending and reading the conversation take turns, one request at a time: a read never
  // crosses a send, so a message cannot come back from the server while its answer is on its way.
  let busy = Promise.resolve();
  function exclusive(fn) { const run = busy.then(fn); busy = run.catch(() => {}); return run; }
  let flushWanted = false, retryTimer = null, backoff = 1000;
  function retryLater() {
    markWaiting(); say('error_network');
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, backoff); backoff = Math.min(backoff * 2, 30000);
  }
  function drop(item) { queue = queue.filter((q) => q !== item); saveQueue(); }
  function flush() {
    if (flushWanted || !queue.length) return;
    flushWanted = true; clearTimeout(retryTimer);
    exclusive(async () => { flushWanted = false; await sendQueue(); });
  }
  async function sendQueue() {
    // The conversation so far first (after a reload offline it is not on screen yet): the answers go after it.
    if (!loaded && !(await pollOnce())) { retryLater(); return; }
    while (queue.length) {
      const item = queue[0];
      let res, json = {};
      try {
        item.posted = true;
        res = await fetch('/webchat/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify(Object.assign({ conversationId, locale: item.locale, messageId: item.id }, item.body)) });
        if (res.status < 500 && res.status !== 202) json = await res.json();
        else if (res.status === 503) json = await res.json().catch(() => ({}));
      } catch (e) { retryLater(); return; }
      if (json.saved === false && queue.includes(item)) {
        // The server could not save it (a full disk): the person is told so and gets the text back;
        // what waits behind it is tried again later.
        drop(item);
        const div = bubbleOf(item);
        if (div) { settle(div); div.classList.add('not-saved'); }
        if (item.body.text && !input.value) input.value = item.body.text;
        say('error_not_saved');
        clearTimeout(retryTimer); retryTimer = setTimeout(flush, 30000);
        return;
      }
      // 5xx: the server kept it or will be asked again; 202: the same message is being answered now.
      if (res.status >= 500 || res.status === 202) { retryLater(); return; }
      backoff = 1000;
      if (!queue.includes(item)) continue;
      if (res.ok && json.duplicate) {
        // Answered before (its answer was lost): the conversation has it. Read from the server, it
        // takes the waiting bubble's place; already on screen (the page was reloaded), the bubble goes.
        await pollOnce();
        if (queue.includes(item)) { drop(item); const d = bubbleOf(item); if (d) d.remove(); }
        say(queue.length && !navigator.onLine ? 'error_network' : null);
        continue;
      }
      drop(item);
      const div = bubbleOf(item);
      if (!res.ok) {
        if (div) { settle(div); const n = document.createElement('span'); n.className = 'failed-note'; n.textContent = str('error_generic'); div.appendChild(n); }
        say('error_generic');
        continue;
      }
      say(queue.length && !navigator.onLine ? 'error_network' : null);
      if (div) { if (json.message && seen.has(json.message.id)) div.remove(); else settle(div, json.message); }
      const added = (json.replies || []).map(addItem).filter(Boolean);
      // After a tap, focus goes to the answer: a screen reader reads it, Tab reaches its buttons.
      const focus = document.activeElement;
      if (item.tapped && added.length && (!focus || focus === document.body || focus === div)) added[0].focus();
      toEnd();
    }
  }
  // A message this page sent whose answer was lost comes back in the conversation: the waiting
  // bubble (the first one) becomes it, rather than the message being shown twice.
  function adopt(r) {
    const head = queue[0];
    if (!head || !head.posted || (r.text || '').replace(/[\u2066-\u2069]/g, '') !== head.shown) return false;
    const div = bubbleOf(head);
    drop(head);
    if (div) settle(div, { id: r.id, text: r.text, dir: r.dir, lang: r.lang });
    return true;
  }

  // New messages from the server (an advisor's): every 4 s for a minute after anything happened
  // on either side, then less and less often (up to every 30 s), and not while the page is hidden.
  let pollWanted = null, pollDelay = 4000, pollTimer = null, lastActivity = Date.now();
  function pollSoon() {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(async () => {
      if (document.visibilityState !== 'hidden') {
        const before = seen.size;
        await poll();
        if (seen.size > before) lastActivity = Date.now();
      }
      pollDelay = Date.now() - lastActivity < 60000 ? 4000 : Math.min(pollDelay * 1.5, 30000);
      pollSoon();
    }, pollDelay);
  }
  function poll() { return pollWanted || (pollWanted = exclusive(() => { pollWanted = null; return pollOnce(); })); }
  async function pollOnce() {
    try {
      for (let page = 0; page < 50; page++) {
        const res = await fetch('/webchat/api/messages?conversationId=' + conversationId + (lastId ? '&after=' + encodeURIComponent(lastId) : ''));
        if (!res.ok) return false;
        const replies = (await res.json()).replies || [];
        replies.forEach((r) => { lastId = r.id; addItem(r); });
        if (replies.length < 200) break;
      }
    } catch (e) { return false; }
    if (!loaded) { loaded = true; startButton(); }
    return true;
  }
  function startButton() {
    if (lastId || queue.length || $('start')) return;
    const div = document.createElement('div'); div.className = 'msg bot';
    const box = document.createElement('div'); box.className = 'choices';
    const b = document.createElement('button'); b.type = 'button'; b.textContent = str('start'); b.id = 'start';
    b.addEventListener('click', () => { div.remove(); enqueue({ text: str('start') }, str('start'), tag(locale), true); });
    box.appendChild(b); div.appendChild(box); log.appendChild(div);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    // A question typed first is the start: the "start" button goes.
    const start = $('start');
    if (start) start.closest('.msg').remove();
    enqueue({ text }, text, tag(locale), false);
  });
  // Enter sends, Shift+Enter goes to a new line (not while an input method is composing).
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  window.addEventListener('online', () => { backoff = 1000; say(null); flush(); poll(); });
  window.addEventListener('offline', () => { if (queue.length) { markWaiting(); say('error_network'); } });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') { flush(); poll(); } });

  applyLocale(locale);
  queue.forEach(showQueued);
  if (queue.length && !navigator.onLine) { markWaiting(); say('error_network'); }
  poll().then(() => { flush(); pollSoon(); });
  // Offline, the page itself comes from the service worker's copy.
  if ('serviceWorker' in navigator) window.addEventListener('load', () => { navigator.serviceWorker.register('/webchat-sw.js', { scope: '/', updateViaCache: 'all' }).catch(() => {}); });
`;
