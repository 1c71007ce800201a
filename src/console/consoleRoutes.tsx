/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { Locale } from '../config/configSchema.js';
import type { I18n } from '../i18n/createI18n.js';
import type { EventHub } from '../handoff/eventHub.js';
import type { ActionResult, HandoffService } from '../handoff/handoffService.js';
import { OUTCOMES, type HandoffStore, type Outcome } from '../handoff/handoffPorts.js';
import { randomToken } from '../advisors/passwords.js';
import { timingSafeEqualText } from '../http/timingSafeEqual.js';
import { clientKey, type ConsoleAuth, type ConsoleEnv } from './consoleAuth.js';
import { CONSOLE_LANG_COOKIE, consoleHeaders, consoleLang, consoleTranslator } from './consoleShell.js';
import { consoleApi } from './consoleApi.js';
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

  // Sign in. The form carries a token that must match a cookie (double submit): no login CSRF.
  app.get('/login', (c) => {
    if (c.req.query('lang')) setCookie(c, CONSOLE_LANG_COOKIE, lang(c), { path: '/advisor', sameSite: 'Strict' });
    // One token per browser: reloading the page (or another tab) keeps the form valid.
    const existing = getCookie(c, LOGIN_CSRF_COOKIE);
    const csrf = existing && /^[A-Za-z0-9_-]{16,40}$/.test(existing) ? existing : randomToken(16);
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, { httpOnly: true, sameSite: 'Strict', path: '/advisor' });
    return page(c, <LoginPage t={tr(c)} lang={lang(c)} csrf={csrf} />);
  });
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const email = String(form.email ?? '').slice(0, 200);
    const csrf = getCookie(c, LOGIN_CSRF_COOKIE) ?? '';
    const again = (status: 401 | 403 | 429, error: string) => {
      const token = randomToken(16);
      setCookie(c, LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/advisor' });
      return page(c, <LoginPage t={tr(c)} lang={lang(c)} csrf={token} error={error} email={email} />, status);
    };
    if (!csrf || !timingSafeEqualText(String(form._csrf ?? ''), csrf)) return again(403, tr(c)('errors.csrf'));
    const r = await d.auth.login(email, String(form.password ?? '').slice(0, 200), clientKey(c));
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
      const form = await c.req.parseBody();
      if (!d.auth.csrfOk(c.get('session'), String(form._csrf ?? ''))) return page(c, <Layout t={tr(c)} lang={lang(c)}><p class="error">{tr(c)('errors.csrf')}</p></Layout>, 403);
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

  const ticketPage = async (c: Context<ConsoleEnv>, error?: string, status: 200 | 400 | 404 | 409 = 200) => {
    const session = c.get('session');
    const ticket = await d.handoff.view(c.req.param('id')!, session.advisor);
    if (!ticket) return page(c, <Layout t={tr(c)} lang={lang(c)} session={session}><p class="error">{tr(c)('errors.not_found')}</p></Layout>, 404);
    const personLocale = (ticket.locale ?? 'fr') as Locale;
    const canned = cannedFor(d.i18n, personLocale);
    return page(c, <TicketPage t={tr(c)} lang={lang(c)} session={session} ticket={ticket} advisors={await d.store.listAdvisors()} canned={canned} now={d.now()} mediaMaxMb={d.media.maxMb} {...(error ? { error } : {})} />, status);
  };
  app.get('/tickets/:id', (c) => ticketPage(c));

  const act = (run: (c: Context<ConsoleEnv>, form: Record<string, unknown>) => Promise<ActionResult>) => async (c: Context<ConsoleEnv>) => {
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const r = await run(c, form);
    if (r.ok) return c.redirect(`/advisor/tickets/${c.req.param('id')}`, 303);
    const message = r.error === 'conflict' ? tr(c)('errors.conflict', { message: r.message }) : r.message;
    return ticketPage(c, message, r.error === 'not_found' ? 404 : r.error === 'conflict' ? 409 : 400);
  };
  app.post('/tickets/:id/claim', act((c) => d.handoff.claim(c.req.param('id')!, c.get('session').advisor)));
  app.post('/tickets/:id/reply', act((c, f) => d.handoff.sendMessage(c.req.param('id')!, c.get('session').advisor, String(f.text ?? ''))));
  app.post('/tickets/:id/note', act((c, f) => d.handoff.addNote(c.req.param('id')!, c.get('session').advisor, String(f.text ?? ''))));
  app.post(
    '/tickets/:id/transfer',
    act(async (c, f) => d.handoff.transfer(c.req.param('id')!, c.get('session').advisor, await d.store.findAdvisor(String(f.advisorId ?? '')))),
  );
  app.post(
    '/tickets/:id/close',
    act(async (c, f) => {
      const outcome = String(f.outcome ?? '') as Outcome;
      if (!OUTCOMES.includes(outcome)) return { ok: false, error: 'invalid', message: `outcome is one of ${OUTCOMES.join(', ')}` };
      return d.handoff.close(c.req.param('id')!, c.get('session').advisor, outcome);
    }),
  );

  app.get('/audit', d.auth.require('admin', toLogin), async (c) =>
    page(c, <AuditPage t={tr(c)} lang={lang(c)} session={c.get('session')} entries={await d.store.auditLog(300)} />),
  );

  // Live updates: one "change" event whenever a ticket or its conversation moves.
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      let wake: (() => void) | null = null;
      const queue: string[] = [];
      const off = d.hub.subscribe((e) => {
        queue.push(JSON.stringify(e));
        wake?.();
      });
      stream.onAbort(() => {
        off();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        if (!queue.length) await new Promise<void>((r) => ((wake = r), setTimeout(r, 25_000)));
        wake = null;
        if (stream.aborted) break;
        if (!queue.length) await stream.writeSSE({ event: 'ping', data: '{}' });
        while (queue.length) await stream.writeSSE({ event: 'change', data: queue.shift()! });
      }
      off();
    }),
  );
  return app;
}

/** An HTML page in standards mode. */
async function page(c: Context, body: unknown, status: 200 | 400 | 401 | 403 | 404 | 409 | 429 = 200): Promise<Response> {
  return c.html(`<!doctype html>${String(await body)}`, status);
}

function cannedFor(i18n: I18n, locale: Locale): Record<string, string> {
  const keys = ['greeting', 'documents', 'referral', 'visit', 'closing'];
  return Object.fromEntries(keys.map((k) => [k, i18n.t(locale, k, undefined, 'canned')]));
}
