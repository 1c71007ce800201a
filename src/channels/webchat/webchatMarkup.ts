/**
 * The page's drawing of a reply's text: **bold**, [label](url) and bare links, built as DOM nodes
 * (never innerHTML), with the grammar of src/core/replyMarkup.ts; short isolated runs kept on one
 * line. Part of the page's script (webchatPage.ts puts it before webchatScript.ts).
 */
export const WEBCHAT_MARKUP_SCRIPT = String.raw`
  // Isolates (U+2066-2069) are text, never part of a link.
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
`;
