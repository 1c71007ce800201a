/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { loadDashboard, parseRange } from '../program/analytics.js';
import { localDays } from '../program/centerTime.js';
import { adminCampaignRoutes } from './adminCampaignRoutes.js';
import { DashboardPage } from './adminDashboard.js';
import { consoleFiles } from './consoleFiles.js';
import { IMMUTABLE, serveAsset } from '../http/staticAssets.js';
import { page, type AdminDeps } from './adminRouteKit.js';
import { SurveysPage } from './adminSurveys.js';
import { StatusPage } from './adminStatus.js';
import { adminWorkshopRoutes } from './adminWorkshopRoutes.js';
import type { ConsoleEnv } from './consoleAuth.js';
import { consoleHeaders, consoleLang, consoleTranslator } from './consoleShell.js';
import { BODY_TOO_LARGE } from '../http/readRequestBody.js';
import { field, readForm } from '../http/readForm.js';

export type { AdminDeps };

/**
 * The Center's program in the console, for admins: dashboard, campaigns (with previews and live
 * progress), workshops and events (registrations, attendance list), survey results. Mounted at
 * /advisor/admin; every page needs an admin session, every form its CSRF token.
 */
export function adminRoutes(d: AdminDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const { program } = d;
  const now = () => program.deps.clock.now();

  app.use('*', consoleHeaders);
  const lang = consoleLang;
  const tr = consoleTranslator(d.i18n);

  app.use(
    '*',
    d.auth.require('admin', (c, status) =>
      status === 401
        ? c.req.path.endsWith('.json')
          ? c.json({ error: 'sign in first' }, 401)
          : c.redirect('/advisor/login', 303)
        : c.req.path.endsWith('.json') || c.req.path.endsWith('.csv')
          ? c.json({ error: 'admins only' }, 403)
          : c.html(`<!doctype html><p class="error">${tr(c)('errors.forbidden')}</p>`, 403),
    ),
  );
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const form = await readForm(c);
      if (form === BODY_TOO_LARGE) return c.json({ error: 'body too large' }, 413);
      if (!d.auth.csrfOk(c.get('session'), field(form, '_csrf'))) return c.html(`<!doctype html><p class="error">${tr(c)('errors.csrf')}</p>`, 403);
    }
    await next();
  });

  const files = consoleFiles();
  for (const f of [files.adminCss, files.adminJs]) app.get(f.path.slice('/advisor/admin'.length), (c) => serveAsset(c, f, IMMUTABLE));
  app.get('/', (c) => c.redirect('/advisor/admin/dashboard', 303));

  // Dashboard.
  app.get('/dashboard', async (c) => {
    const range = parseRange({ from: c.req.query('from'), to: c.req.query('to'), province: c.req.query('province') || undefined }, now(), d.timeZone);
    const q = range.ok ? range : (parseRange({}, now(), d.timeZone) as Extract<typeof range, { ok: true }>);
    const data = await loadDashboard(program.deps.store, d.timeZone, q);
    return page(c, <DashboardPage t={tr(c)} lang={lang(c)} session={c.get('session')} data={data} timeZone={d.timeZone} {...(range.ok ? {} : { error: range.error })} />, range.ok ? 200 : 400);
  });

  app.route('/campaigns', adminCampaignRoutes(d));
  app.route('/workshops', adminWorkshopRoutes(d));

  // The channels' state: up, down and why, what to do, the replies waiting (the database may be down: then unknown).
  app.get('/status', async (c) => {
    const waiting = await d.waiting().catch(() => null);
    return page(c, <StatusPage t={tr(c)} lang={lang(c)} session={c.get('session')} data={{ ...d.health.snapshots(), waiting, now: now() }} timeZone={d.timeZone} />);
  });

  // Surveys.
  app.get('/surveys', async (c) => {
    const range = parseRange({ from: c.req.query('from'), to: c.req.query('to') }, now(), d.timeZone);
    const q = range.ok ? range : (parseRange({}, now(), d.timeZone) as Extract<typeof range, { ok: true }>);
    const days = localDays(q.from, q.to, d.timeZone);
    const span = { from: days[0]!.start, to: days.at(-1)!.end, province: null };
    const [counts, comments] = await Promise.all([program.deps.store.analytics.surveyCounts('impact', span), program.deps.store.analytics.surveyComments('impact', 'comment', span, 200)]);
    return page(
      c,
      <SurveysPage t={tr(c)} lang={lang(c)} session={c.get('session')} survey="impact-survey" results={{ from: q.from, to: q.to, counts, comments }} graph={d.graph} i18n={d.i18n} timeZone={d.timeZone} />,
    );
  });
  return app;
}
