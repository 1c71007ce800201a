/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { Locale } from '../config/configSchema.js';
import type { I18n } from '../i18n/createI18n.js';
import type { EventHub } from '../handoff/eventHub.js';
import type { ActionResult, HandoffService } from '../handoff/handoffService.js';
import { OUTCOMES, type HandoffStore, type Outcome } from '../handoff/handoffPorts.js';
import { randomToken } from '../advisors/passwords.js';
import { timingSafeEqualText } from '../http/timingSafeEqual.js';
import type { ConsoleAuth, ConsoleEnv } from './consoleAuth.js';
import { BODY_TOO_LARGE } from '../http/readRequestBody.js';
import { field, LOGIN_FORM_LIMIT, readForm, type FormFields } from '../http/readForm.js';
import { CONSOLE_LANG_COOKIE, consoleHeaders, consoleLang, consoleTranslator } from './consoleShell.js';
import { consoleApi, STATUS } from './consoleApi.js';
import { CONSOLE_CSS, CONSOLE_JS } from './consoleAssets.js';
import { MEDIA_CSS } from './consoleMedia.js';
import { AuditPage, LoginPage, Layout, QueueTable, TicketPage } from './consolePages.js';
import { consoleMediaRoutes, type ConsoleMediaDeps } from './consoleMediaRoutes.js';

export interface ConsoleDeps {
  auth: ConsoleAuth;
  handoff: HandoffService;
  store: HandoffStore;
  /** Files of a handoff: served to signed-in advisors, asked again after a failed download. */
  media: ConsoleMediaDeps & { maxMb: number };
  i18n: I18n;
  hub: EventHub;
  now: () => number;
}

const LOGIN_CSRF_COOKIE = 'tawjih_login_csrf';

/** The advisor console at /advisor: server-rendered pages (Hono JSX), forms, live updates, JSON API. */
export function consoleRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.use('*', consoleHeaders);
  const lang = consoleLang;
  const tr = consoleTranslator(d.i18n);

  app.get('/assets/console.css', (c) => c.body(CONSOLE_CSS + MEDIA_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/assets/console.js', (c) => c.body(CONSOLE_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.route('/api', consoleApi({ auth: d.auth, handoff: d.handoff, store: d.store, media: d.media }));

  // Every form is bounded, and anything that signs in or changes something comes from the console's own origin.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    if (d.auth.crossOrigin(c)) return c.json({ error: 'cross-origin requests are refused' }, 403);
    const form = await readForm(c, c.req.path.endsWith('/login') ? LOGIN_FORM_LIMIT : undefined);
    if (form === BODY_TOO_LARGE) return c.json({ error: 'body too large' }, 413);
    await next();
  });

  // Sign in. The form carries a token that must match a cookie (double submit): no login CSRF.
  app.get('/login', (c) => {
    if (c.req.query('lang')) d.auth.cookie(c, CONSOLE_LANG_COOKIE, lang(c), { path: '/advisor', httpOnly: false });
    // One token per browser: reloading the page (or another tab) keeps the form valid.
    const existing = getCookie(c, LOGIN_CSRF_COOKIE);
    const csrf = existing && /^[A-Za-z0-9_-]{16,40}$/.test(existing) ? existing : randomToken(16);
    d.auth.cookie(c, LOGIN_CSRF_COOKIE, csrf, { path: '/advisor' });
    return page(c, <LoginPage t={tr(c)} lang={lang(c)} csrf={csrf} />);
  });
  app.post('/login', async (c) => {
    const form = (await formOf(c))!;
    const email = field(form, 'email').slice(0, 200);
    const csrf = getCookie(c, LOGIN_CSRF_COOKIE) ?? '';
    const again = (status: 401 | 403 | 429, error: string) => {
      const token = randomToken(16);
      d.auth.cookie(c, LOGIN_CSRF_COOKIE, token, { path: '/advisor' });
      return page(c, <LoginPage t={tr(c)} lang={lang(c)} csrf={token} error={error} email={email} />, status);
    };
    if (!csrf || !timingSafeEqualText(field(form, '_csrf'), csrf)) return again(403, tr(c)('errors.csrf'));
    const r = await d.auth.login(email, field(form, 'password').slice(0, 200), d.auth.address(c));
    if (!r.ok) return r.reason === 'too_many' ? again(429, tr(c)('login.too_many', { minutes: Math.ceil((r.retryAfterMs ?? 60_000) / 60_000) })) : again(401, tr(c)('login.failed'));
    d.auth.setSessionCookie(c, r.token);
    return c.redirect('/advisor', 303);
  });

  const toLogin = (c: Context, status: 401 | 403) =>
    status === 401
      ? c.req.path.endsWith('/events')
        ? c.json({ error: 'sign in first' }, 401)
        : c.redirect('/advisor/login', 303)
      : page(c, <Layout t={tr(c)} lang={lang(c)}><p class="error">{tr(c)('errors.forbidden')}</p></Layout>, 403);
  app.use('*', d.auth.require('advisor', toLogin));

  // Forms carry the session's CSRF token.
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const form = (await formOf(c))!;
      if (!d.auth.csrfOk(c.get('session'), field(form, '_csrf'))) return page(c, <Layout t={tr(c)} lang={lang(c)}><p class="error">{tr(c)('errors.csrf')}</p></Layout>, 403);
    }
    await next();
  });

  app.route('/media', consoleMediaRoutes(d.media, 'page'));

  app.post('/logout', async (c) => {
    await d.auth.logout(c);
    return c.redirect('/advisor/login', 303);
  });

  app.get('/', async (c) => {
    const status = (['waiting', 'mine', 'all'] as const).find((s) => s === c.req.query('status')) ?? 'waiting';
    const session = c.get('session');
    const tickets = await d.store.listTickets(status, session.advisor.id, 200);
    return page(
      c,
      <Layout t={tr(c)} lang={lang(c)} session={session} active={status} title={tr(c)(`nav.${status}`)}>
        <h1>{tr(c)(`nav.${status}`)}</h1>
        <div id="queue">
          <QueueTable t={tr(c)} tickets={tickets} now={d.now()} />
        </div>
      </Layout>,
    );
  });

  const ticketPage = async (c: Context<ConsoleEnv>, error?: string, status: 200 | 400 | 403 | 404 | 409 = 200) => {
    const session = c.get('session');
    const ticket = await d.handoff.view(c.req.param('id')!, session.advisor);
    if (!ticket) return page(c, <Layout t={tr(c)} lang={lang(c)} session={session}><p class="error">{tr(c)('errors.not_found')}</p></Layout>, 404);
    const personLocale = (ticket.locale ?? 'fr') as Locale;
    const canned = cannedFor(d.i18n, personLocale);
    return page(c, <TicketPage t={tr(c)} lang={lang(c)} session={session} ticket={ticket} advisors={await d.store.listAdvisors()} canned={canned} now={d.now()} mediaMaxMb={d.media.maxMb} {...(error ? { error } : {})} />, status);
  };
  app.get('/tickets/:id', (c) => ticketPage(c));

  const act = (run: (c: Context<ConsoleEnv>, form: FormFields) => Promise<ActionResult>) => async (c: Context<ConsoleEnv>) => {
    const form = (await formOf(c))!;
    const r = await run(c, form);
    if (r.ok) return c.redirect(`/advisor/tickets/${c.req.param('id')}`, 303);
    const message = r.error === 'conflict' ? tr(c)('errors.conflict', { message: r.message }) : r.message;
    return ticketPage(c, message, STATUS[r.error]);
  };
  app.post('/tickets/:id/claim', act((c) => d.handoff.claim(c.req.param('id')!, c.get('session').advisor)));
  app.post('/tickets/:id/reply', act((c, f) => d.handoff.sendMessage(c.req.param('id')!, c.get('session').advisor, field(f, 'text'))));
  app.post('/tickets/:id/note', act((c, f) => d.handoff.addNote(c.req.param('id')!, c.get('session').advisor, field(f, 'text'))));
  app.post(
    '/tickets/:id/transfer',
    act(async (c, f) => d.handoff.transfer(c.req.param('id')!, c.get('session').advisor, await d.store.findAdvisor(field(f, 'advisorId')))),
  );
  app.post(
    '/tickets/:id/close',
    act(async (c, f) => {
      const outcome = field(f, 'outcome') as Outcome;
      if (!OUTCOMES.includes(outcome)) return { ok: false, error: 'invalid', message: `outcome is one of ${OUTCOMES.join(', ')}` };
      return d.handoff.close(c.req.param('id')!, c.get('session').advisor, outcome);
    }),
  );

  app.get('/audit', d.auth.require('admin', toLogin), async (c) =>
    page(c, <AuditPage t={tr(c)} lang={lang(c)} session={c.get('session')} entries={await d.store.auditLog(300)} />),
  );

  // Live updates: one "change" event whenever a ticket or its conversation moves, while the session
  // lasts. It ends at logout (at once), at its expiry, or when the account is disabled (checked
  // before every event and every 25-second ping): the stream closes, nothing more is sent.
  app.get('/events', async (c) => {
    const tokenHash = (await d.auth.sessionHash(c))!;
    const expiresAt = c.get('session').expiresAt;
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | null = null;
      let ended = false;
      const queue: string[] = [];
      const stop = () => {
        ended = true;
        wake?.();
      };
      const off = d.hub.subscribe((e) => {
        queue.push(JSON.stringify(e));
        wake?.();
      });
      const offEnd = d.auth.onSessionEnd((hash) => hash === tokenHash && stop());
      const expiry = setTimeout(stop, Math.max(0, Math.min(expiresAt - d.now(), 2 ** 31 - 1)));
      stream.onAbort(stop);
      try {
        await stream.writeSSE({ event: 'ready', data: '{}' });
        while (!ended && !stream.aborted) {
          if (!queue.length) {
            let timer: ReturnType<typeof setTimeout> | undefined;
            await new Promise<void>((r) => ((wake = r), (timer = setTimeout(r, 25_000))));
            clearTimeout(timer);
          }
          wake = null;
          if (ended || stream.aborted || !(await d.auth.sessionByHash(tokenHash))) break;
          if (!queue.length) await stream.writeSSE({ event: 'ping', data: '{}' });
          while (queue.length) await stream.writeSSE({ event: 'change', data: queue.shift()! });
        }
      } finally {
        off();
        offEnd();
        clearTimeout(expiry);
      }
    });
  });
  return app;
}

/** The request's form, already read (and bounded) by the console's first middleware. */
async function formOf(c: Context): Promise<FormFields | null> {
  const form = await readForm(c);
  return form === BODY_TOO_LARGE ? null : form;
}

/** An HTML page in standards mode. */
async function page(c: Context, body: unknown, status: 200 | 400 | 401 | 403 | 404 | 409 | 429 = 200): Promise<Response> {
  return c.html(`<!doctype html>${String(await body)}`, status);
}

function cannedFor(i18n: I18n, locale: Locale): Record<string, string> {
  const keys = ['greeting', 'documents', 'referral', 'visit', 'closing'];
  return Object.fromEntries(keys.map((k) => [k, i18n.t(locale, k, undefined, 'canned')]));
}
