export const CONSOLE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Arabic",sans-serif;background:#f6f5f2;color:#1d1d1b}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap;background:#0b6e4f;color:#fff;padding:.5rem 1rem}
header a{color:#fff;margin-inline-end:1rem;text-decoration:none;opacity:.85}
header a.active{opacity:1;font-weight:600;border-bottom:2px solid #fff}
header strong{margin-inline-end:1.5rem}
main{max-width:980px;margin:0 auto;padding:1rem}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{padding:.5rem;border-bottom:1px solid #e3e1da;text-align:start}
tr.escalated{background:#fff1e0}
tr.escalated td:first-child{border-inline-start:4px solid #c45500}
.badge{display:inline-block;margin-inline-start:.4rem;padding:0 .4rem;border-radius:8px;background:#8a1c1c;color:#fff;font-size:.8rem}
.badge.esc{background:#c45500}
.error{color:#8a1c1c;background:#fde8e8;padding:.5rem;border-radius:6px}
.warning{color:#6b4a00;background:#fff6d6;padding:.5rem;border-radius:6px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dt{color:#5d5d5a}
.history{list-style:none;padding:0;display:flex;flex-direction:column;gap:.4rem;max-height:55vh;overflow-y:auto;background:#fff;padding:.6rem;border-radius:8px}
.msg{max-width:80%;padding:.45rem .7rem;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg.person{align-self:flex-start;background:#eef3f8}
.msg.bot{align-self:flex-end;background:#f1f1ee}
.msg.advisor{align-self:flex-end;background:#d7f0e3}
.msg[dir=rtl]{text-align:right}
.msg .from{display:block;font-size:.75rem;color:#5d5d5a}
.msg time{display:block;font-size:.7rem;color:#8c8c88}
.msg .tap,.msg .media{font-style:italic}
.bidi-control{display:inline-block;margin:0 .15em;padding:0 .25em;border:1px solid #c45500;border-radius:3px;color:#c45500;font:600 .7rem/1.3 ui-monospace,monospace;unicode-bidi:isolate;direction:ltr}
.msg .failed{margin:.2rem 0 0;font-size:.8rem;color:#8a1c1c;font-weight:600}
form{margin:1rem 0}
form.inline{display:inline-flex;gap:.5rem;align-items:center;flex-wrap:wrap;margin-inline-end:1rem}
textarea,input,select{font:inherit;padding:.45rem;border:1px solid #bbb;border-radius:6px;width:100%}
form.inline select{width:auto}
button{font:inherit;padding:.45rem .9rem;border:1px solid #0b6e4f;border-radius:6px;background:#fff;color:#0b6e4f;cursor:pointer}
button.primary{background:#0b6e4f;color:#fff}
.login{max-width:360px;margin:3rem auto;display:flex;flex-direction:column;gap:.7rem;background:#fff;padding:1.5rem;border-radius:10px}
.who{opacity:.9}
@media (max-width:700px){th:nth-child(3),td:nth-child(3),th:nth-child(4),td:nth-child(4){display:none}}
`;

/** Live updates: the queue and the open conversation refresh when the server says something changed. */
export const CONSOLE_JS = String.raw`
(() => {
  const canned = document.getElementById('canned');
  if (canned) canned.addEventListener('change', () => {
    const box = document.getElementById('reply-text');
    if (canned.value && box) { box.value = (box.value ? box.value + '\n' : '') + canned.value; box.focus(); }
    canned.value = '';
  });
  if (!window.EventSource || document.body.dataset.live !== '1') return;
  // The history is patched in place: a message that did not change keeps its element, never
  // moved (a voice note goes on playing, a photo is not fetched again); new ones are inserted.
  const patchHistory = (cur, next) => {
    const a = cur.querySelector('ol.history'), b = next.querySelector('ol.history');
    if (!a || !b) return cur.replaceWith(next);
    const old = new Map([...a.children].map((li) => [li.dataset.id, li]));
    let at = a.firstElementChild;
    for (const li of [...b.children]) {
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
  };
  const es = new EventSource('/advisor/events');
  let pending = null;
  const refresh = async () => {
    const url = new URL(location.href);
    url.searchParams.set('fragment', '1');
    const res = await fetch(url, { credentials: 'same-origin' });
    if (!res.ok) return;
    const html = await res.text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const typing = document.getElementById('reply-text');
    for (const id of ['queue', 'history', 'actions']) {
      if (id === 'actions' && typing && typing.value) continue;
      const next = doc.getElementById(id), cur = document.getElementById(id);
      if (next && cur && id === 'history') patchHistory(cur, next);
      else if (next && cur) cur.replaceWith(next);
    }
    const h = document.querySelector('.history');
    if (h) h.scrollTop = h.scrollHeight;
  };
  es.addEventListener('change', () => { clearTimeout(pending); pending = setTimeout(refresh, 150); });
  const h = document.querySelector('.history');
  if (h) h.scrollTop = h.scrollHeight;
})();
`;
