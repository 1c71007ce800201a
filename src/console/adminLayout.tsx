/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { Session } from '../handoff/handoffPorts.js';
import type { T } from './consolePages.js';
import { LRI, PDI } from '../i18n/bidiIsolate.js';
import { shownCell, type Cell } from '../program/analytics.js';
import { consoleFiles } from './consoleFiles.js';
import { ICON } from '../http/siteIcon.js';

const SECTIONS = ['dashboard', 'campaigns', 'workshops', 'surveys', 'status'] as const;
export type AdminSection = (typeof SECTIONS)[number];

/** The admin pages of the console: the same look as the advisor pages, the program's navigation. */
export function AdminLayout(props: { t: T; lang: string; session: Session; active: AdminSection; title: string; children: Child }) {
  const { t, session } = props;
  return (
    <html lang={props.lang} dir={props.lang === 'ar' ? 'rtl' : 'ltr'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('title')}`}</title>
        <link rel="icon" href={ICON.path} type="image/svg+xml" />
        <link rel="stylesheet" href={consoleFiles().css.path} />
        <link rel="stylesheet" href={consoleFiles().adminCss.path} />
        <script src={consoleFiles().adminJs.path} defer></script>
      </head>
      <body>
        <header>
          <nav>
            <strong>tawjih</strong>
            <a href="/advisor">{t('nav.waiting')}</a>
            {SECTIONS.map((s) => (
              <a href={`/advisor/admin/${s}`} class={props.active === s ? 'active' : ''}>
                {t(`program.nav.${s}`)}
              </a>
            ))}
            <a href="/advisor/audit">{t('nav.audit')}</a>
          </nav>
          <form method="post" action="/advisor/logout" class="inline">
            <input type="hidden" name="_csrf" value={session.csrfToken} />
            <span class="who">{session.advisor.name}</span> <button type="submit">{t('nav.logout')}</button>
          </form>
        </header>
        <main class="admin">{props.children}</main>
      </body>
    </html>
  );
}

export function Errors(props: { t: T; errors?: string[]; params?: Record<string, string | number> }) {
  if (!props.errors?.length) return null;
  return (
    <div class="error" role="alert">
      <ul>
        {props.errors.map((e) => (
          <li>{props.t(e, props.params)}</li>
        ))}
      </ul>
    </div>
  );
}

export function Csrf(props: { session: Session }) {
  return <input type="hidden" name="_csrf" value={props.session.csrfToken} />;
}

/** Names in a row, with the reader's comma ("العربية، الفرنسية" in Arabic). */
export function listOf(items: string[], lang: string): string {
  return items.join(lang === 'ar' ? '، ' : ', ');
}

/** A count as shown ("<5": fewer than 5 people), kept left to right in Arabic (else it reads "5>"). */
export function cellText(c: Cell, lang: string): string {
  return c === null && lang === 'ar' ? `${LRI}${shownCell(c)}${PDI}` : shownCell(c);
}

/** Minutes with one decimal, in the reader's language ("3,5 min", "3,5 د"). */
export function minutesText(ms: number | null, lang: string): string {
  if (ms === null) return '–';
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : `${lang}-MA`, { style: 'unit', unit: 'minute', unitDisplay: 'short', maximumFractionDigits: 1 }).format(ms / 60_000);
}

/** A date and time as the Center reads it (Africa/Casablanca). */
export function centerDateTime(at: number, timeZone: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : `${lang}-MA`, { timeZone, dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' }).format(new Date(at));
}

export const ADMIN_CSS = `
main.admin{max-width:1100px}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{background:#fff;border-radius:8px;padding:.7rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}
.card span{color:#5d5d5a;font-size:.85rem}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem}
section.panel{background:#fff;border-radius:8px;padding:.8rem 1rem;margin:1rem 0;overflow-x:auto}
section.panel h2{margin-top:0;font-size:1.1rem}
svg.chart{max-width:100%;height:auto;font:12px system-ui,sans-serif;direction:ltr}
svg.chart text{fill:#3d3d3a}
.legend{display:flex;flex-wrap:wrap;gap:.8rem;font-size:.85rem;margin:.3rem 0}
.legend i{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-inline-end:.3rem;vertical-align:-1px}
.sw-0{background:#0b6e4f}.sw-1{background:#c45500}.sw-2{background:#2a8bd6}.sw-3{background:#8a1c1c}.sw-4{background:#6b4a9e}.sw-5{background:#25a244}.sw-6{background:#b08900}.sw-7{background:#555555}
.sw-webchat{background:#0b6e4f}.sw-telegram{background:#2a8bd6}.sw-whatsapp-cloud{background:#25a244}.sw-whatsapp-web{background:#4f8f3f}.sw-cli{background:#767676}
form.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;background:#fff;padding:.6rem;border-radius:8px}
form.filters label{display:flex;flex-direction:column;font-size:.85rem}
form.filters input,form.filters select{width:auto}
form.inline input{width:auto}
form.stack{display:flex;flex-direction:column;gap:.7rem;background:#fff;padding:1rem;border-radius:8px}
fieldset{border:1px solid #e3e1da;border-radius:6px}
fieldset label.check{display:inline-flex;gap:.3rem;align-items:center;margin-inline-end:1rem}
fieldset label.check input{width:auto}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:.7rem}
progress{width:100%;height:1.4rem}
.progress-row{display:flex;gap:1rem;align-items:center}
.progress-row strong{min-width:3.5rem;text-align:end}
.previews{display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:.8rem}
.phone{background:#e9e6df;border-radius:12px;padding:.6rem;min-height:8rem}
.phone h3{margin:.1rem 0 .5rem;font-size:.9rem}
.bubble{background:#fff;border-radius:10px;padding:.5rem .6rem;white-space:pre-wrap;overflow-wrap:break-word;margin-bottom:.4rem}
.phone.telegram{background:#d5e3ef}.phone.whatsapp-cloud,.phone.whatsapp-web{background:#e5ddd5}
.keys{display:flex;flex-wrap:wrap;gap:.3rem}
.keys span{background:#fff;border:1px solid #c9c6bd;border-radius:8px;padding:.2rem .5rem;font-size:.85rem}
.keys.rows{flex-direction:column}
.keys.rows div{display:flex;gap:.3rem}
.keys.rows div span{flex:1;text-align:center}
.note{color:#5d5d5a;font-size:.85rem}
.ok{color:#0b5137;background:#e3f4ea;padding:.5rem;border-radius:6px}
a.button{display:inline-block;font:inherit;padding:.45rem .9rem;border:1px solid #0b6e4f;border-radius:6px;background:#fff;color:#0b6e4f;text-decoration:none}
a.button.primary{background:#0b6e4f;color:#fff}
.confirm-actions{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.muted{color:#5d5d5a}
td.num,th.num{text-align:end}
.bar{display:inline-block;height:.7rem;background:#0b6e4f;border-radius:2px;vertical-align:middle}
.tabs a{margin-inline-end:.8rem}
.tabs a.active{font-weight:600}
`;

/** The campaign page follows its progress (no inline script: the page's CSP forbids it). */
export const ADMIN_JS = String.raw`
(() => {
  const box = document.getElementById('campaign-live');
  if (!box || !window.fetch) return;
  const url = box.dataset.url;
  const bar = document.getElementById('campaign-progress');
  const pct = document.getElementById('campaign-percent');
  const status = document.getElementById('campaign-status');
  let live = box.dataset.live === '1';
  const update = async () => {
    try {
      const res = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!res.ok) return;
      const p = await res.json();
      if (bar) bar.value = p.percent;
      if (pct) pct.textContent = p.percent + ' %';
      if (status && p.statusLabel) status.textContent = p.statusLabel;
      for (const [k, v] of Object.entries(p.counts)) {
        const el = document.querySelector('[data-count="' + k + '"]');
        if (el) el.textContent = String(v);
      }
      for (const k of ['done', 'enqueued', 'webchat', 'audience']) {
        const el = document.querySelector('[data-count="' + k + '"]');
        if (el) el.textContent = String(p[k]);
      }
      live = p.live;
    } finally {
      if (live) setTimeout(update, 1000);
    }
  };
  if (live) setTimeout(update, 500);
})();
`;
