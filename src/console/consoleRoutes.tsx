/** @jsxImportSource hono/jsx */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { I18n } from '../i18n/createI18n.js';
import type { EventHub } from '../handoff/eventHub.js';
import type { HandoffService } from '../handoff/handoffService.js';
import type { HandoffStore } from '../handoff/handoffPorts.js';
import { randomToken } from '../advisors/passwords.js';
import { timingSafeEqualText } from '../http/timingSafeEqual.js';
import type { ConsoleAuth, ConsoleEnv } from './consoleAuth.js';
import { BODY_TOO_LARGE } from '../http/readRequestBody.js';
import { field, LOGIN_FORM_LIMIT, readForm } from '../http/readForm.js';
import { CONSOLE_LANG_COOKIE, consoleHeaders, formOf, rememberLang, viewOf, type View } from './consoleShell.js';
import { consoleApi } from './consoleApi.js';
import { consoleFiles } from './consoleFiles.js';
import { IMMUTABLE, serveAsset } from '../http/staticAssets.js';
import { consoleEvents, type LiveStreamTiming } from './consoleEvents.js';
import { LoginPage, Layout } from './consolePages.js';
import { QueuePage } from './queuePage.js';
import { AuditPage } from './auditPage.js';
import { foldViews, parseAuditFilter } from './auditView.js';
import { queueParamsOrDefault, toQueueFilter } from './queueParams.js';
import { ticketRoutes } from './ticketRoutes.js';
import { presence } from './consolePresence.js';
import type { ConsoleVocabulary } from './consoleVocabulary.js';
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
  /** Names of topics and provinces in the console's languages. */
  vocab: ConsoleVocabulary;
  /** TZ_CENTER: every time the console shows. */
  timeZone: string;
  /** The live stream's ping and length (default: Node's, a ping every 25 s, no end). */
  live?: LiveStreamTiming;
  /** Tickets on a page of the queue (default 200; Workers: 25, a request's CPU is limited). */
  queuePageSize?: number;
  /** WHATSAPP_TEMPLATE_NAME is set: a reply after the 24-hour window goes as that template. */
  whatsappTemplate: boolean;
}

const LOGIN_CSRF_COOKIE = 'tawjih_login_csrf';
/** Tickets on a page of the queue, unless the runtime says otherwise. */
export const QUEUE_PAGE = 200;
export const queuePageSize = (d: { queuePageSize?: number }) => d.queuePageSize ?? QUEUE_PAGE;
const AUDIT_PAGE = 300;

/** The advisor console at /advisor: server-rendered pages (Hono JSX), forms, live updates, JSON API. */
export function consoleRoutes(d: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  app.use('*', consoleHeaders);
  app.use('*', rememberLang((c, lang) => d.auth.cookie(c, CONSOLE_LANG_COOKIE, lang, { path: '/advisor', httpOnly: false, maxAge: 365 * 86400 })));
  const view = (c: Context): View => viewOf(c, { i18n: d.i18n, vocab: d.vocab, timeZone: d.timeZone, now: d.now() });

  const files = consoleFiles();
  for (const f of [files.css, files.js]) app.get(f.path.slice('/advisor'.length), (c) => serveAsset(c, f, IMMUTABLE));
  app.route('/api', consoleApi(d));

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
    // One token per browser: reloading the page (or another tab) keeps the form valid.
    const existing = getCookie(c, LOGIN_CSRF_COOKIE);
    const csrf = existing && /^[A-Za-z0-9_-]{16,40}$/.test(existing) ? existing : randomToken(16);
    d.auth.cookie(c, LOGIN_CSRF_COOKIE, csrf, { path: '/advisor' });
    return page(c, <LoginPage view={view(c)} csrf={csrf} />);
  });
  app.post('/login', async (c) => {
    const form = (await formOf(c))!;
    const email = field(form, 'email').slice(0, 200);
    const csrf = getCookie(c, LOGIN_CSRF_COOKIE) ?? '';
    const v = view(c);
    const again = (status: 400 | 401 | 403 | 429, error: string) => {
      const token = randomToken(16);
      d.auth.cookie(c, LOGIN_CSRF_COOKIE, token, { path: '/advisor' });
      return page(c, <LoginPage view={v} csrf={token} error={error} email={email} />, status);
    };
    if (!csrf || !timingSafeEqualText(field(form, '_csrf'), csrf)) return again(403, v.t('errors.csrf'));
    const r = await d.auth.login(email, { password: field(form, 'password').slice(0, 200), key: field(form, 'key').slice(0, 100) }, d.auth.address(c));
    if (!r.ok) {
      if (r.reason === 'too_many') return again(429, v.t('login.too_many', { minutes: Math.ceil((r.retryAfterMs ?? 60_000) / 60_000) }));
      return again(r.reason === 'needs_key' ? 400 : 401, v.t(r.reason === 'needs_key' ? 'login.needs_key' : 'login.failed'));
    }
    d.auth.setSessionCookie(c, r.token);
    return c.redirect('/advisor', 303);
  });

  const toLogin = (c: Context, status: 401 | 403) =>
    status === 401
      ? c.req.path.endsWith('/events')
        ? c.json({ error: 'sign in first' }, 401)
        : c.redirect('/advisor/login', 303)
      : page(c, <Layout view={view(c)}><p class="error">{view(c).t('errors.forbidden')}</p></Layout>, 403);
  app.use('*', d.auth.require('advisor', toLogin));
  app.use('*', presence(d));

  // Forms carry the session's CSRF token.
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const form = (await formOf(c))!;
      if (!d.auth.csrfOk(c.get('session'), field(form, '_csrf'))) return page(c, <Layout view={view(c)}><p class="error">{view(c).t('errors.csrf')}</p></Layout>, 403);
    }
    await next();
  });

  app.route('/media', consoleMediaRoutes(d.media, 'page'));

  app.post('/logout', async (c) => {
    await d.auth.logout(c);
    return c.redirect('/advisor/login', 303);
  });

  app.get('/', async (c) => {
    const session = c.get('session');
    const params = queueParamsOrDefault((k) => c.req.query(k));
    const size = queuePageSize(d);
    // One more than a page: whether there is a next one.
    const [found, counts] = await Promise.all([d.store.listTickets(toQueueFilter(params, d.vocab), session.advisor.id, size + 1, ((params.page ?? 1) - 1) * size), d.store.queueCounts(session.advisor.id)]);
    return page(c, <QueuePage view={view(c)} session={session} counts={counts} params={params} tickets={found.slice(0, size)} more={found.length > size} />);
  });

  app.route('/tickets', ticketRoutes(d, view, page));

  app.get('/audit', d.auth.require('admin', toLogin), async (c) => {
    const session = c.get('session');
    const { filter, query } = parseAuditFilter((k) => c.req.query(k), d.timeZone);
    const [entries, advisors, counts] = await Promise.all([d.store.auditLog({ ...query, limit: AUDIT_PAGE }), d.store.listAdvisors(), d.store.queueCounts(session.advisor.id)]);
    const older = entries.length === AUDIT_PAGE ? `/advisor/audit?${new URLSearchParams({ ...filter, before: String(entries.at(-1)!.id) } as Record<string, string>)}` : null;
    return page(c, <AuditPage view={view(c)} session={session} counts={counts} entries={foldViews(entries)} advisors={advisors} filter={filter} older={older} />);
  });

  app.get('/events', consoleEvents(d));
  return app;
}

export type PageStatus = 200 | 400 | 401 | 403 | 404 | 409 | 429;
export type Page = (c: Context, body: unknown, status?: PageStatus) => Promise<Response>;

/** An HTML page in standards mode. */
async function page(c: Context, body: unknown, status: PageStatus = 200): Promise<Response> {
  return c.html(`<!doctype html>${String(await body)}`, status);
}
